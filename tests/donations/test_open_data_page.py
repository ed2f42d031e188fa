"""/daten/: every dataset with its files and columns, the licence and help for spreadsheets; and the
number of queries each file costs, which must not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations import open_data
from donations.models import Shipment
from tests.factories import make_association, make_crisis, make_item, make_need, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db

PAGE = reverse("donations:open-data")


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"


def add_data(n):
    association = make_association()
    for _ in range(n):
        city, crisis = make_partner_city(), make_crisis()
        shipment = make_shipment(source_association=association, destination_city=city, crisis=crisis,
                                 lines=[(make_item(), 3), (make_item(), 4)], status=Shipment.Status.DELIVERED,
                                 delivered_on=datetime.date(2026, 3, 5))
        shipment.organisers.add(make_association())
        make_need(partner_city=city, crisis=crisis, needed_from=datetime.date.today())


def test_the_page_lists_every_dataset_with_its_files_and_columns(client):
    add_data(1)

    body = client.get(PAGE).content.decode()

    for dataset in open_data.DATASETS:
        assert f'id="{dataset.slug}"' in body and str(dataset.title) in body
        for kind in ("csv", "json", "hxl"):
            assert f'href="{reverse(dataset.url_name(kind))}"' in body
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in body and f"<code>{column.hxl}</code>" in body
    assert "Daten → Aus Text/CSV" in body and "UTF-8" in body and "LibreOffice" in body
    assert "Datenlizenz Deutschland – Zero – Version 2.0" in body
    assert 'rel="alternate" type="text/turtle" title="Datenkatalog (DCAT-AP.de, Turtle)" href="/daten/katalog.ttl"' \
        in body
    assert 'href="/daten/datapackage.json"' in body


def test_the_page_counts_the_rows(client):
    add_data(2)

    body = client.get(PAGE).content.decode()

    assert "Der Datensatz hat zurzeit 4 Zeilen." in body  # the shipment lines


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        client.get(url).getvalue()
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [reverse(dataset.url_name(kind)) for dataset in open_data.DATASETS
                                 for kind in ("csv", "json", "hxl")])
def test_a_file_takes_as_many_queries_for_many_rows_as_for_few(client, url, settings, tmp_path):
    add_data(1)
    few = count_queries(client, url)
    settings.EXPORT_CACHE_DIR = tmp_path / "more"  # build again, from more rows
    add_data(4)

    assert count_queries(client, url) == few <= 2


def test_a_file_already_built_costs_no_query(client, django_assert_num_queries):
    add_data(2)
    url = reverse("donations:open-data-lieferungen-csv")
    client.get(url).getvalue()

    with django_assert_num_queries(0):
        client.get(url)


FILES = [reverse(dataset.url_name(kind)) for dataset in open_data.DATASETS for kind in ("csv", "json", "hxl")] + [
    reverse(name) for name in ("donations:open-data-package", "donations:open-data-catalogue-ttl",
                               "donations:open-data-catalogue-jsonld")]


@pytest.mark.parametrize("url", FILES)
def test_every_file_has_validators_and_answers_304_when_unchanged(client, url):
    add_data(1)
    first = client.get(url)
    first.getvalue()
    assert first["ETag"] and first["Last-Modified"]

    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert client.post(url).status_code == 405
