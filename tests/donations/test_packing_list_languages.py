"""The packing list in German and, beside it, in the recipient's language (issue 12)."""

import io

import pytest
from django.template import Context, Template
from django.utils import translation
from pypdf import PdfReader

from donations import pdf
from partners.contacts import PartnerContact
from tests.factories import make_association, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db


def _render(language):
    template = Template('{% load document_tags %}{% bilingual _("Menge") %}')
    return template.render(Context({"recipient_language": language}))


def test_a_label_shows_german_and_the_recipients_language():
    assert _render("uk") == 'Menge / <span lang="uk">Кількість</span>'
    assert _render("tr").startswith('Menge / <span lang="tr">')


def test_german_alone_without_another_language():
    assert _render(None) == "Menge"
    assert _render("de") == "Menge"


def test_the_page_language_does_not_change_the_german_part():
    with translation.override("en"):
        assert _render("uk") == 'Menge / <span lang="uk">Кількість</span>'


def _text(shipment):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.packing_list(shipment))).pages)


def test_the_packing_list_for_a_ukrainian_contact_is_bilingual():
    shipment = make_shipment(source_association=make_association(), destination_city=make_partner_city())
    shipment.recipient_contact = PartnerContact.objects.create(
        partner_city=shipment.destination_city, institution="Міська лікарня №1", person="Olena Kovalenko",
        email="olena@example.org", language="uk",
    )
    shipment.save()
    text = _text(shipment)
    assert "Packliste" in text and "Пакувальний лист" in text
    assert "Empfänger" in text and "Отримувач" in text


def test_the_packing_list_without_a_contact_is_german():
    text = _text(make_shipment(source_association=make_association()))
    assert "Packliste" in text and "Пакувальний" not in text
