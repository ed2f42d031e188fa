"""/daten/lieferpositionen.csv and .json stream from the database and answer conditional requests."""

import csv
import datetime
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from donations import open_data
from donations.models import Shipment
from tests.factories import make_association, make_item, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db

CSV_URL = reverse("donations:open-data-csv")
JSON_URL = reverse("donations:open-data-json")
# The columns of the first published version; new ones only ever go after them.
FIRST_COLUMNS = ["datum", "lieferung", "ziel", "land", "krise", "warengruppe", "hilfsgut", "menge", "einheit"]


def deliver(n, **fields):
    association = make_association()
    city = make_partner_city(name="Schytomyr", country="UA")
    for i in range(n):
        make_shipment(
            source_association=association, destination_city=city, lines=[(make_item(), 10 + i)],
            status=Shipment.Status.DELIVERED, planned_on=datetime.date(2024, 1, 1),
            delivered_on=datetime.date(2024, 1, 5) + datetime.timedelta(days=i), **fields,
        )


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_the_exports_stream(client, url):
    deliver(1)

    response = client.get(url)

    assert isinstance(response, StreamingHttpResponse)
    assert response.status_code == 200


def test_the_csv_keeps_its_columns_across_chunks(client, monkeypatch):
    monkeypatch.setattr(open_data, "CHUNK_ROWS", 2)
    deliver(5)

    rows = list(csv.DictReader(io.StringIO(client.get(CSV_URL).getvalue().decode())))

    assert list(rows[0]) == open_data.SHIPMENT_LINES.names and list(rows[0])[:9] == FIRST_COLUMNS
    assert [row["menge"] for row in rows] == ["10", "11", "12", "13", "14"]
    assert rows[0]["datum"] == "2024-01-05" and rows[0]["land"] == "UA" and rows[0]["einheit"] == "Stück"


def test_the_json_is_one_valid_document_across_chunks(client, monkeypatch):
    monkeypatch.setattr(open_data, "CHUNK_ROWS", 2)
    deliver(5)

    data = json.loads(client.get(JSON_URL).getvalue())

    assert [row["menge"] for row in data["daten"]] == [10, 11, 12, 13, 14]
    assert list(data["daten"][0])[:9] == FIRST_COLUMNS
    assert data["gemeindeschluessel"] == "05913000"


def test_the_json_without_rows_is_valid(client):
    assert json.loads(client.get(JSON_URL).getvalue())["daten"] == []


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_an_unchanged_export_answers_304(client, url):
    deliver(1)
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]

    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})

    assert by_etag.status_code == 304
    assert by_date.status_code == 304


def test_a_change_gives_the_export_a_new_etag(client):
    deliver(1)
    etag = client.get(CSV_URL)["ETag"]

    deliver(1)
    response = client.get(CSV_URL, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_export_reads_the_lines_in_chunks_with_a_fixed_number_of_queries(client, django_assert_num_queries):
    deliver(3)

    with django_assert_num_queries(1):
        client.get(CSV_URL).getvalue()
