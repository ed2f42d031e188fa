"""Demo data is marked and said to be demo; --facts-only loads facts alone; internal notes stay internal (issue 11)."""

import io
import re

import pytest
from django.core.management import call_command

from donations.models import Donation, DonationOffer, Donor, Need, Shipment
from partners import demo as partners_demo
from tests.browser.pages import public_pages
from warehouse.booking.models import Booking, Warehouse

pytestmark = pytest.mark.django_db

BANNER = "Beispieldaten:"
INTERNAL_NOTES = [row["verification_note"] for row in partners_demo.CITIES if row.get("verification_note")] + [
    "(zu prüfen)", "Demodaten: Mengen und Herkunft",
]
REAL_INSTITUTIONS = ["Klinikum Dortmund", "Feuerwehr Dortmund", "Stadtverwaltung Schytomyr", "Feuerwehr der Stadt"]


def seed(*args):
    call_command("seed_demo", *args, stdout=io.StringIO())


def test_every_invented_row_is_marked_and_the_pages_say_so(client):
    seed()
    for model in (Need, Shipment, Donation, Donor, DonationOffer):
        assert model.objects.exists() and not model.objects.filter(is_demo=False).exists(), model
    for url in ("/", "/bedarf/", "/lieferungen/", "/krisen/"):
        assert BANNER in client.get(url).content.decode(), url


def test_no_banner_without_demo_rows(client):
    assert BANNER not in client.get("/").content.decode()


def test_facts_only_loads_no_invented_rows_and_shows_no_banner(client):
    seed("--facts-only")
    for model in (Need, Shipment, Donation, Donor, DonationOffer, Booking, Warehouse):
        assert not model.objects.exists(), model
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()
    for url in ("/", "/bedarf/", "/hilfsgueter/", "/partnerstaedte/"):
        response = client.get(url)
        assert response.status_code == 200 and BANNER not in response.content.decode(), url


def test_invented_figures_name_no_real_institution_and_no_city_address():
    seed()
    names = list(Donor.objects.values_list("name", flat=True)) + list(
        Shipment.objects.values_list("recipient_institution", flat=True)
    ) + list(Donation.objects.values_list("supplier", flat=True))
    assert not [name for name in names for real in REAL_INSTITUTIONS if real in name]
    from partners.models import Association

    emails = list(Association.objects.values_list("email", flat=True)) + list(
        DonationOffer.objects.values_list("email", flat=True))
    assert not [e for e in emails if re.search(r"@(stadtdo|dortmund)\.de$", e)]


def test_internal_notes_reach_no_public_page(client):
    seed()
    for page in public_pages():
        url = page.resolve()
        content = client.get(url).content.decode()
        found = [note for note in INTERNAL_NOTES if note in content]
        assert not found, f"{url}: {found}"
