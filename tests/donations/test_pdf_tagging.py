"""Packing lists and donation receipts are tagged PDF/UA: structure, language, title, table headers."""

import io

import pytest
from pypdf import PdfReader

from donations import pdf
from tests.factories import make_association, make_donation, make_item, make_partner_city, make_shipment


def struct_types(node, seen=None):
    """Every structure type (/S) below a structure element, depth first."""
    seen = [] if seen is None else seen
    node = node.get_object()
    if "/S" in node:
        seen.append(node["/S"])
    kids = node.get("/K")
    if kids is None:
        return seen
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get") and ("/S" in kid or "/K" in kid) and kid.get("/Type") != "/MCR":
            struct_types(kid, seen)
    return seen


def assert_tagged(document, title):
    reader = PdfReader(io.BytesIO(document))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "de"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == title
    types = struct_types(catalog["/StructTreeRoot"])
    assert "/H1" in types and "/Table" in types
    return types


@pytest.fixture
def shipment(db):
    city = make_partner_city(name="Schytomyr", local_name="Житомир", local_name_lang="uk", country="UA")
    return make_shipment(
        source_association=make_association(),
        destination_city=city,
        lines=[(make_item(name="Krankenhausbett"), 40), (make_item(name="Schlafsack"), 300)],
    )


def test_packing_list_is_tagged_with_column_headers(shipment):
    types = assert_tagged(pdf.packing_list(shipment), f"Packliste {shipment.reference}")
    # The seven column headers; the sender/recipient blocks are no layout table any more.
    assert types.count("/TH") == 7 and types.count("/Table") == 1


def test_packing_list_names_the_destination_in_its_own_language(shipment):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.packing_list(shipment))).pages)
    assert "Schytomyr (Житомир)" in text


def test_donation_receipt_is_tagged_with_column_headers(db):
    donation = make_donation(association=make_association(), lines=[(make_item(name="Schlafsack"), 30)])
    types = assert_tagged(pdf.donation_receipt(donation), f"Empfangsbestätigung {donation.reference}")
    assert types.count("/TH") == 5 and types.count("/Table") == 1
