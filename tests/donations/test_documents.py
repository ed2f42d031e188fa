"""Packing list (PDF and CSV) and the donor's receipt: generated, complete, and for staff only."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from donations.models import ItemUnit
from tests.factories import make_association, make_donation, make_item, make_shipment
from warehouse.stock.services import receive_donation


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def shipment(db):
    bus = make_item(name="Linienbus DSW21", tracked_individually=True, unit_weight_kg="11500")
    beds = make_item(name="Krankenhausbett", unit_weight_kg="120")
    shipment = make_shipment(source_association=make_association(name="Blau-Gelbes-Herz"),
                             lines=[(bus, 2), (beds, 40)], recipient_institution="Stadtrat Schytomyr",
                             vehicle_registration="DO-HL 2023")
    ItemUnit.objects.create(item=bus, identifier="DO-SW 1234", shipment_line=shipment.lines.first())
    return shipment


@pytest.mark.parametrize("name", ["donations:packing-list-pdf", "donations:packing-list-csv"])
def test_packing_list_is_for_staff_and_operator_only(client, shipment, member_a, name):
    url = reverse(name, args=[shipment.pk])
    assert client.get(url).status_code == 302
    client.force_login(member_a)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 405


def test_packing_list_pdf_contains_the_lines(client, shipment, operator_user):
    client.force_login(operator_user)
    response = client.get(reverse("donations:packing-list-pdf", args=[shipment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    for expected in ("Packliste", "Linienbus DSW21", "Krankenhausbett", "40", "DO-SW 1234", "Blau-Gelbes-Herz",
                     "Stadtrat Schytomyr", "DO-HL 2023", "27800,0", "Unterschrift"):
        assert expected in text, expected


def test_packing_list_csv(client, shipment, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("donations:packing-list-csv", args=[shipment.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [(r["hilfsgut"], r["menge"], r["einzelstuecke"]) for r in rows] == [
        ("Linienbus DSW21", "2", "DO-SW 1234"), ("Krankenhausbett", "40", "")
    ]


def test_packing_list_csv_neutralises_formulas(client, staff_user):
    item = make_item(name='=HYPERLINK("http://x")')
    shipment = make_shipment(source_association=make_association(), lines=[(item, 3)])
    shipment.lines.update(note="\t=1+1")
    client.force_login(staff_user)
    response = client.get(reverse("donations:packing-list-csv", args=[shipment.pk]))
    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert row["hilfsgut"] == "'=HYPERLINK(\"http://x\")"
    assert row["hinweis"] == "'\t=1+1"
    assert row["menge"] == "3"


def test_donation_receipt_pdf_after_booking_in(client, staff_user, association_a):
    donation = make_donation(association=association_a, lines=[(make_item(name="Schlafsack"), 30)])
    client.force_login(staff_user)
    url = reverse("donations:donation-receipt", args=[donation.pk])
    assert client.get(url).status_code == 404  # nothing received yet
    receive_donation(donation=donation, by=staff_user)
    text = pdf_text(client.get(url))
    assert "Schlafsack" in text and "30" in text and donation.donor.name in text
