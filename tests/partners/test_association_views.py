import pytest
from django.urls import reverse

from partners.models import Association
from tests.factories import make_association

pytestmark = pytest.mark.django_db

LIST_URL = reverse("partners:association-list")


def test_it_lists_the_active_associations_with_their_role_in_the_warehouse(client):
    make_association(name="Grenzenlose Wärme e.V.", summary="Betreibt die Halle.",
                     warehouse_role=Association.WarehouseRole.OPERATOR, email="kontakt@grenzenlose-waerme.org")
    make_association(name="Blau-Gelbes-Herz", summary="Liefert nach Schytomyr.",
                     warehouse_role=Association.WarehouseRole.CO_USER)
    make_association(name="Ohne Halle e.V.", summary="Hilft anders.", warehouse_role=Association.WarehouseRole.NONE)
    make_association(name="Aufgelöst e.V.", is_active=False)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Vereine – Dortmund hilft</title>" in body
    assert [a.name for a in response.context["associations"]] == [
        "Blau-Gelbes-Herz", "Grenzenlose Wärme e.V.", "Ohne Halle e.V."
    ]
    assert "Aufgelöst e.V." not in body
    assert "Betreibt die Lagerhalle am Hafen" in body
    assert body.count("Nutzt die Lagerhalle am Hafen mit") == 1
    assert "Liefert nach Schytomyr." in body


def test_it_invites_associations_to_co_use_the_warehouse(client):
    operator = make_association(name="Grenzenlose Wärme e.V.", warehouse_role=Association.WarehouseRole.OPERATOR,
                                public_email="kontakt@grenzenlose-waerme.org")

    body = client.get(LIST_URL).content.decode()

    assert "Ihr Verein möchte die Lagerhalle mitnutzen?" in body
    assert f'href="{reverse("site:contact")}"' in body
    assert f'<a class="kern-link" href="{operator.get_absolute_url()}">Grenzenlose Wärme e.V.</a>' in body
    assert 'href="mailto:kontakt@grenzenlose-waerme.org"' in body
    assert 'href="/lager/mitnutzung/">Mitnutzung der Lagerhalle beantragen</a>' in body


def test_the_invitation_still_works_without_an_operator(client):
    make_association(warehouse_role=Association.WarehouseRole.CO_USER)

    body = client.get(LIST_URL).content.decode()

    assert "Ihr Verein möchte die Lagerhalle mitnutzen?" in body
    assert f'href="{reverse("site:contact")}"' in body


def test_the_association_list_only_answers_get_and_head(client):
    assert client.post(LIST_URL).status_code == 405


@pytest.mark.parametrize("rows", [5, 50])
def test_the_association_list_makes_the_same_number_of_queries_for_5_and_50_rows(
    client, django_assert_num_queries, rows
):
    make_association(warehouse_role=Association.WarehouseRole.OPERATOR)
    for _ in range(rows - 1):
        make_association()

    # the associations, and whether there are demo rows (the notice in base.html)
    with django_assert_num_queries(2):
        response = client.get(LIST_URL)

    assert len(response.context["associations"]) == rows


def test_the_detail_page_shows_what_the_association_does_and_how_to_reach_it(client):
    association = make_association(
        name="Weltladen Aplerbeck", summary="Wasserprojekt in Bondo.",
        description="Seit 2008 **Wasser** für Bondo.", public_contact="Erika Muster", public_email="info@example.org",
        public_phone="0231 123456", website="https://example.org/", warehouse_role=Association.WarehouseRole.CO_USER,
    )

    response = client.get(association.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Weltladen Aplerbeck – Dortmund hilft</title>" in body
    for text in ["Wasserprojekt in Bondo.", "Seit 2008 <strong>Wasser</strong> für Bondo.", "Erika Muster",
                 'href="mailto:info@example.org"', "0231 123456", 'href="https://example.org/"',
                 "Nutzt die Lagerhalle am Hafen mit"]:
        assert text in body, text
    assert f'<a class="kern-link" href="{LIST_URL}">Vereine</a>' in body  # breadcrumbs
    assert "Sachspenden abgeben" not in body


def test_the_operator_page_explains_donations_by_appointment(client):
    association = make_association(name="Grenzenlose Wärme e.V.", warehouse_role=Association.WarehouseRole.OPERATOR)

    body = client.get(association.get_absolute_url()).content.decode()

    assert "Betreibt die Lagerhalle am Hafen" in body
    assert "nur nach vorheriger Terminabsprache" in body


def test_an_association_without_contact_details_points_to_the_unit(client):
    association = make_association(email="", phone="", website="", contact_name="")

    body = client.get(association.get_absolute_url()).content.decode()

    assert "Der Verein hat noch keine Kontaktdaten hinterlegt." in body


def test_scripts_in_the_description_are_not_rendered(client):
    association = make_association(description="<script>alert('x')</script>")

    assert "<script>alert" not in client.get(association.get_absolute_url()).content.decode()


def test_an_inactive_association_is_404(client):
    association = make_association(is_active=False)

    assert client.get(association.get_absolute_url()).status_code == 404


def test_an_unknown_association_is_404(client):
    assert client.get(reverse("partners:association-detail", args=["gibt-es-nicht"])).status_code == 404


def test_the_association_detail_only_answers_get_and_head(client):
    association = make_association()

    assert client.post(association.get_absolute_url()).status_code == 405
