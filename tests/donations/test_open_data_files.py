"""The open-data exports are built once per public data version into a file, then served from it."""

import csv
import datetime
import gzip
import io
import time
import tracemalloc

import pytest
from django.core.cache import cache
from django.http import FileResponse
from django.urls import reverse

from donations import export_files, open_data
from donations.models import Shipment, ShipmentLine
from tests.factories import make_association, make_item, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db

CSV_URL = reverse("donations:open-data-csv")
JSON_URL = reverse("donations:open-data-json")
GZIP = {"accept-encoding": "gzip, deflate"}


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"
    return settings.EXPORT_CACHE_DIR


def deliver(*items, quantity=10):
    shipment = make_shipment(
        source_association=make_association(), destination_city=make_partner_city(name="Schytomyr", country="UA"),
        lines=[(item, quantity) for item in items or [make_item()]], status=Shipment.Status.DELIVERED,
        planned_on=datetime.date(2024, 1, 1), delivered_on=datetime.date(2024, 1, 5),
    )
    return shipment


def deliver_many(count):
    shipment = deliver()
    item = make_item()
    ShipmentLine.objects.bulk_create(ShipmentLine(shipment=shipment, item=item, quantity=n + 1) for n in range(count))


def body(response):
    data = b"".join(response.streaming_content)
    return gzip.decompress(data) if response.get("Content-Encoding") == "gzip" else data


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
@pytest.mark.parametrize("headers", [{}, GZIP])
def test_the_file_holds_what_the_first_request_built(client, url, headers):
    deliver(make_item(name="=HYPERLINK(\"http://example.org\")"), make_item(name="\tSUM(A1)"))

    built = client.get(url, headers=headers)
    built_body = body(built)  # the file is written as the response is read
    served = client.get(url, headers=headers)

    assert not isinstance(built, FileResponse) and isinstance(served, FileResponse)
    assert body(served) == built_body
    assert served["Content-Type"] == built["Content-Type"]
    assert served.get("Content-Encoding") == ("gzip" if headers else None)
    assert "Accept-Encoding" in served["Vary"]


def test_the_csv_from_the_file_keeps_columns_and_neutralised_cells(client):
    deliver(make_item(name="=HYPERLINK(\"http://example.org\")"), make_item(name="\tSUM(A1)"))
    client.get(CSV_URL, headers=GZIP).getvalue()

    rows = list(csv.DictReader(io.StringIO(body(client.get(CSV_URL, headers=GZIP)).decode())))

    assert list(rows[0]) == open_data.SHIPMENT_LINES.names
    assert sorted(row["hilfsgut"] for row in rows) == ["'\tSUM(A1)", "'=HYPERLINK(\"http://example.org\")"]


def test_a_change_in_data_gives_a_new_file_and_removes_the_old(client, export_dir):
    deliver(make_item(name="Decken"))
    client.get(CSV_URL).getvalue()
    before = sorted(path.name for path in export_dir.iterdir())

    deliver(make_item(name="Zelte"))
    client.get(CSV_URL).getvalue()
    after = sorted(path.name for path in export_dir.iterdir())

    assert len(before) == len(after) == 2  # plain and gzip, of one version
    assert not set(before) & set(after)
    assert "Zelte" in body(client.get(CSV_URL)).decode()


@pytest.mark.parametrize("headers", [{}, GZIP])
def test_an_export_from_the_file_answers_304(client, headers):
    deliver()
    client.get(CSV_URL, headers=headers).getvalue()
    served = client.get(CSV_URL, headers=headers)

    again = client.get(CSV_URL, headers={**headers, "if-none-match": served["ETag"]})

    assert again.status_code == 304


def test_the_compressed_file_has_its_own_etag(client):
    deliver()
    client.get(CSV_URL).getvalue()

    assert client.get(CSV_URL)["ETag"] != client.get(CSV_URL, headers=GZIP)["ETag"]


def test_a_client_that_goes_away_leaves_no_file_behind(client, export_dir, monkeypatch):
    monkeypatch.setattr(open_data, "CHUNK_ROWS", 2)
    deliver_many(10)
    response = client.get(CSV_URL)
    chunks = iter(response.streaming_content)
    next(chunks)

    response.close()

    assert list(export_dir.iterdir()) == []


def test_two_requests_building_at_once_leave_one_whole_file(client, export_dir, monkeypatch):
    monkeypatch.setattr(open_data, "CHUNK_ROWS", 2)
    deliver_many(10)
    first = client.get(CSV_URL)
    first_chunks = iter(first.streaming_content)
    started = next(first_chunks)

    second = b"".join(client.get(CSV_URL).streaming_content)  # finishes the file meanwhile
    rest = b"".join(first_chunks)

    assert started + rest == second
    assert sorted(path.name.startswith(".") for path in export_dir.iterdir()) == [False, False]
    assert body(client.get(CSV_URL)) == second


def test_memory_stays_flat_and_the_first_byte_is_quick(client, export_dir):
    deliver_many(5000)
    cache.clear()  # a fresh version: the first request builds

    for _ in ("builds", "from the file"):
        tracemalloc.start()
        started = time.perf_counter()
        response = client.get(CSV_URL, headers=GZIP)
        chunks = iter(response.streaming_content)
        first = next(chunks)
        first_byte = time.perf_counter() - started
        size = len(first) + sum(len(chunk) for chunk in chunks)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        assert first_byte < 0.2
        assert peak < 4 * 1024 * 1024
        assert size > 10_000


def test_the_directory_defaults_to_the_temporary_one(settings):
    del settings.EXPORT_CACHE_DIR

    assert export_files.directory().name == "dortmund-hilft-exports"
