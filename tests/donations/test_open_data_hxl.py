"""/daten/hxl/*.csv: the CSV with a second row of HXL hashtags, one per column, in valid HXL syntax."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from donations import open_data
from donations.models import Shipment
from tests.factories import make_association, make_crisis, make_item, make_need, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db

# HXL 1.1: a hashtag, then attributes, each a letter followed by letters, digits or underscores.
HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$")


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"


def rows(client, url):
    return list(csv.reader(io.StringIO(client.get(url).getvalue().decode("utf-8"))))


@pytest.mark.parametrize("dataset", open_data.DATASETS, ids=lambda dataset: dataset.slug)
def test_the_hashtag_row_matches_the_header_and_is_valid_hxl(client, dataset):
    crisis = make_crisis(glide_number="EQ-2023-000015-TUR")
    city = make_partner_city(name="Schytomyr", country="UA")
    make_shipment(source_association=make_association(), destination_city=city, crisis=crisis,
                  lines=[(make_item(), 5)], status=Shipment.Status.DELIVERED, delivered_on=datetime.date(2026, 3, 5))
    make_need(partner_city=city, crisis=crisis, needed_from=datetime.date.today())

    header, hashtags, *data = rows(client, reverse(dataset.url_name("hxl")))
    plain_header, *plain_data = rows(client, reverse(dataset.url_name("csv")))

    assert header == plain_header == dataset.names
    assert len(hashtags) == len(header)
    assert all(HXL_TAG.match(tag) for tag in hashtags), hashtags
    assert data == plain_data and data


def test_the_tags_hdx_tools_look_for_are_there():
    tags = {column.hxl for dataset in open_data.DATASETS for column in dataset.columns}

    assert {"#date", "#country+code", "#adm2+name", "#crisis+name", "#crisis+code", "#item+name", "#item+type",
            "#output+num", "#output+unit", "#status"} <= tags


def test_shipment_lines_carry_the_glide_number(client):
    crisis = make_crisis(glide_number="EQ-2023-000015-TUR")
    make_shipment(source_association=make_association(), crisis=crisis, lines=[(make_item(), 5)],
                  status=Shipment.Status.DELIVERED, delivered_on=datetime.date(2026, 3, 5))

    header, hashtags, row = rows(client, reverse("donations:open-data-lieferpositionen-hxl"))

    assert dict(zip(hashtags, row, strict=True))["#crisis+code"] == "EQ-2023-000015-TUR"
