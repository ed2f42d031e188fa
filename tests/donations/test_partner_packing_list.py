"""The packing list carries the recipient's link as a QR code, made or reused when staff print it."""

import base64
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from donations import pdf
from donations.receipts import ShipmentReceipt
from partners.contacts import PartnerLink
from tests.donations.partner_support import make_contact
from tests.factories import make_item, make_shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(association_a):
    contact = make_contact()
    return make_shipment(source_association=association_a, lines=[(make_item(name="Feldbett"), 4)],
                         destination_city=contact.partner_city, recipient_contact=contact)


def test_printing_makes_one_link_and_prints_it_as_a_qr_code(client, shipment, operator_user):
    client.force_login(operator_user)
    response = client.get(reverse("donations:packing-list-pdf", args=[shipment.pk]))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Scannen Sie den Code" in text
    link = ShipmentReceipt.objects.get(shipment=shipment).link
    assert link.purpose == PartnerLink.Purpose.SHIPMENT and link.created_by == operator_user
    client.get(reverse("donations:packing-list-pdf", args=[shipment.pk]))
    assert PartnerLink.objects.count() == 1  # printed again: the same link


def test_the_qr_code_is_an_svg_of_the_receipt_link(shipment):
    uri = pdf._receipt_qr(shipment, None)
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "<path" in svg


def test_no_qr_code_without_a_recipient_contact(association_a):
    plain = make_shipment(source_association=association_a, lines=[(make_item(), 1)])
    assert pdf._receipt_qr(plain, None) is None
    assert not PartnerLink.objects.exists()
