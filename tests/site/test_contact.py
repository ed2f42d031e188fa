import pytest
from django.urls import reverse

from partners.models import Association
from tests.factories import make_association

pytestmark = pytest.mark.django_db

CONTACT_URL = reverse("site:contact")


def test_it_shows_the_unit_with_address_email_and_phone_from_the_settings(client, settings):
    settings.UNIT_EMAIL = "hilfe@example.org"
    settings.UNIT_PHONE = "0231 111-222"

    response = client.get(CONTACT_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Kontakt – Dortmund hilft</title>" in body
    for text in ["Team Internationale Beziehungen", "Büro für Internationale Beziehungen", "44135 Dortmund",
                 'href="mailto:hilfe@example.org"', "0231 111-222"]:
        assert text in body, text


def test_it_shows_grenzenlose_waerme_from_the_association_record(client):
    operator = make_association(
        name="Grenzenlose Wärme e.V.", warehouse_role=Association.WarehouseRole.OPERATOR,
        public_email="kontakt@grenzenlose-waerme.org", public_phone="0231 987654",
        website="https://grenzenlose-waerme.org/", email="intern@grenzenlose-waerme.org",
    )
    make_association(name="Mitnutzer e.V.", email="mit@example.org")

    body = client.get(CONTACT_URL).content.decode()

    assert "Grenzenlose Wärme e.V." in body
    assert 'href="mailto:kontakt@grenzenlose-waerme.org"' in body
    assert "0231 987654" in body
    assert 'href="https://grenzenlose-waerme.org/"' in body
    assert "nur nach vorheriger Terminabsprache" in body
    assert f'href="{operator.get_absolute_url()}"' in body
    assert "intern@grenzenlose-waerme.org" not in body
    assert "mit@example.org" not in body


def test_an_inactive_operator_is_not_shown(client):
    make_association(name="Alter Betreiber e.V.", warehouse_role=Association.WarehouseRole.OPERATOR, is_active=False)

    response = client.get(CONTACT_URL)

    assert response.status_code == 200
    assert "Alter Betreiber e.V." not in response.content.decode()


def test_the_contact_page_only_answers_get_and_head(client):
    assert client.post(CONTACT_URL).status_code == 405
