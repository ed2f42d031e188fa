"""Every CSV on /daten/ passes `frictionless validate` against the published datapackage.json.

The files are fetched through the views, as a portal would, and written next to a copy of the
package, whose resource paths are relative to /daten/.
"""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import validate

from donations import open_data
from donations.models import Shipment
from tests.factories import (
    make_association,
    make_crisis,
    make_item,
    make_item_category,
    make_need,
    make_partner_city,
    make_shipment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.getvalue() if response.streaming else response.content


def download_package(client, directory):
    """datapackage.json and every file it names, as /daten/ serves them; returns the package."""
    package = json.loads(fetch(client, reverse("donations:open-data-package")))
    (directory / "datapackage.json").write_bytes(fetch(client, reverse("donations:open-data-package")))
    for resource in package["resources"]:
        target = directory / resource["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fetch(client, "/daten/" + resource["path"]))
    return package


def assert_valid(directory):
    report = validate(str(directory / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def awkward_data():
    """Commas, quotes, umlauts, formulas, other scripts, negative coordinates and empty optional fields."""
    city = make_partner_city(name='Köln, "die Schöne"', slug="koeln", country="DE", local_name="Кёльн",
                             latitude="-12.50000", longitude="-0.12345", status_note="ruht; „seit“ 2022")
    bare_city = make_partner_city(name="Ödland", slug="oedland", latitude=None, longitude=None)
    crisis = make_crisis(title='Hochwasser "Bernd", 2021', slug="hochwasser", countries=["DE", "BE"],
                         glide_number="FL-2021-000089-DEU", dortmund_link="=SUMME(A1)", summary="Ä, ö; ü\nzweite Zeile")
    quiet = make_crisis(title="Ohne Länder", countries=[], summary="-", ended_on=datetime.date(2023, 5, 1))
    category = make_item_category(name="Schlafen, Wärme & „Decken“")
    item = make_item(name='=HYPERLINK("http://example.org")', category=category)
    association = make_association(name="Grenzenlose Wärme, e.V.")
    make_shipment(source_association=association, destination_city=city, crisis=crisis,
                  lines=[(item, 3), (make_item(name="Zelt \"XL\", grün"), 1)], status=Shipment.Status.DELIVERED,
                  planned_on=datetime.date(2024, 1, 1), delivered_on=datetime.date(2024, 1, 5))
    make_shipment(source_association=association, destination_city=None, destination_name="Antakya, Hatay",
                  destination_country="TR", recipient_institution="", lines=[(item, 2)],
                  status=Shipment.Status.IN_TRANSIT, planned_on=datetime.date(2024, 2, 1))
    make_shipment(source_association=association, destination_city=bare_city, status=Shipment.Status.PLANNED,
                  lines=[(item, 9)])  # not public: must not turn up, nor break a foreign key
    today = datetime.date.today()
    make_need(item=item, partner_city=city, crisis=crisis, quantity=4, needed_from=today)
    make_need(item=None, description="Wohncontainer, \"winterfest\"", crisis=quiet, region="Provinz Hatay",
              category=category, quantity=7, needed_from=today)
    return quiet


def test_the_demo_data_passes_frictionless_validate(client, tmp_path):
    call_command("seed_demo", stdout=io.StringIO())

    download_package(client, tmp_path)

    assert_valid(tmp_path)


def test_awkward_values_pass_frictionless_validate(client, tmp_path):
    awkward_data()

    package = download_package(client, tmp_path)

    assert_valid(tmp_path)
    assert {resource["name"] for resource in package["resources"]} == {
        name for dataset in open_data.DATASETS for name in (dataset.slug, f"{dataset.slug}-hxl")
    }
    crises = (tmp_path / "krisen.csv").read_text(encoding="utf-8")
    assert '"Hochwasser ""Bernd"", 2021"' in crises and "'=SUMME(A1)" in crises and "BE DE" in crises


def test_an_empty_portal_passes_frictionless_validate(client, tmp_path):
    download_package(client, tmp_path)

    assert_valid(tmp_path)


def test_the_package_describes_each_csv_with_its_columns_keys_and_licence(client):
    package = json.loads(fetch(client, reverse("donations:open-data-package")))

    by_name = {resource["name"]: resource for resource in package["resources"]}
    for dataset in open_data.DATASETS:
        schema = by_name[dataset.slug]["schema"]
        assert [field["name"] for field in schema["fields"]] == dataset.names
        assert all(field["description"] for field in schema["fields"])
        assert schema["primaryKey"] == [dataset.primary_key]
        assert by_name[f"{dataset.slug}-hxl"]["path"] == f"hxl/{dataset.slug}.csv"
    assert by_name["lieferpositionen"]["schema"]["foreignKeys"] == [
        {"fields": ["lieferung"], "reference": {"resource": "lieferungen", "fields": ["nummer"]}}
    ]
    assert package["licenses"][0]["path"] == "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"


def test_validate_finds_a_bad_cell_in_the_hxl_file(client, tmp_path):
    awkward_data()
    download_package(client, tmp_path)
    hxl = tmp_path / "hxl" / "lieferpositionen.csv"
    header, hashtags, first, *rest = hxl.read_text(encoding="utf-8").splitlines()
    hxl.write_text("\n".join([header, hashtags, first.replace(",Stück,", ",Stück,viele", 1), *rest]) + "\n",
                   encoding="utf-8")

    report = validate(str(tmp_path / "datapackage.json"))

    assert not report.valid
    assert {task.name for task in report.tasks if not task.valid} == {"lieferpositionen-hxl"}
