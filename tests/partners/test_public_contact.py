"""Public association pages show only the contact details the association agreed to publish."""

import pytest
from django.urls import reverse

from tests.factories import make_association

pytestmark = pytest.mark.django_db

INTERNAL = {"contact_name": "Interne Person", "email": "intern@example.org", "phone": "0170 999"}


@pytest.mark.parametrize("page", ["list", "detail"])
def test_internal_contact_fields_never_appear_on_public_pages(client, page):
    association = make_association(name="Verein X e.V.", **INTERNAL)
    url = reverse("partners:association-list") if page == "list" else association.get_absolute_url()

    body = client.get(url).content.decode()

    assert "Verein X e.V." in body
    for value in INTERNAL.values():
        assert value not in body, value


def test_the_detail_page_shows_the_published_fields(client):
    association = make_association(public_contact="Sprechzeit montags", public_email="info@x.example",
                                   public_phone="0231 42", website="https://x.example/", **INTERNAL)

    body = client.get(association.get_absolute_url()).content.decode()

    for text in ["Sprechzeit montags", 'href="mailto:info@x.example"', "0231 42", 'href="https://x.example/"']:
        assert text in body, text
    assert "intern@example.org" not in body


def test_without_public_details_the_page_points_to_the_unit(client):
    association = make_association(**INTERNAL)

    body = client.get(association.get_absolute_url()).content.decode()

    assert "Der Verein hat noch keine Kontaktdaten hinterlegt." in body


def test_the_privacy_notice_says_what_association_pages_show(client):
    body = client.get(reverse("site:privacy")).content.decode()

    assert "Seiten der Vereine" in body
    assert "nur Kontaktdaten, die der Verein dafür freigegeben hat" in body
