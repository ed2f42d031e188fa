import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crises.models import Crisis
from partners.models import Association, PartnerCity
from tests.factories import make_association, make_crisis, make_news_post, make_partner_city

pytestmark = pytest.mark.django_db

HOME_URL = reverse("site:home")


def test_it_explains_what_the_unit_does_and_why(client):
    response = client.get(HOME_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Startseite – Dortmund hilft</title>" in body
    assert "Was wir tun" in body
    assert "Warum Dortmund hilft" in body
    assert "Team Internationale Beziehungen" in body


def test_it_shows_current_crises_but_not_closed_ones(client):
    make_crisis(title="Krieg", status=Crisis.Status.ACTIVE)
    make_crisis(title="Erdbeben", status=Crisis.Status.MONITORING)
    make_crisis(title="Sturmflut 1962", status=Crisis.Status.CLOSED, ended_on=datetime.date(2024, 1, 1))

    response = client.get(HOME_URL)

    assert sorted(crisis.title for crisis in response.context["crises"]) == ["Erdbeben", "Krieg"]
    assert "Sturmflut 1962" not in response.content.decode()


def test_it_shows_partner_cities_associations_and_the_latest_published_news(client):
    make_partner_city(name="Amiens")
    make_partner_city(name="Rostow am Don", status=PartnerCity.Status.SUSPENDED)
    make_association(name="Cukurova e.V.")
    make_association(name="Aufgelöst e.V.", is_active=False)
    for days in range(1, 5):
        make_news_post(title=f"Meldung {days}", published_at=timezone.now() - datetime.timedelta(days=days))
    make_news_post(title="Entwurf", published_at=None)

    body = client.get(HOME_URL).content.decode()

    assert "Amiens" in body
    assert "Rostow am Don" not in body  # the partnership is suspended
    assert "Cukurova e.V." in body
    assert "Aufgelöst e.V." not in body
    assert "Meldung 1" in body and "Meldung 3" in body
    assert "Meldung 4" not in body  # only the three latest
    assert "Entwurf" not in body


def test_the_figures_are_counted_from_the_data(client):
    for _ in range(7):
        make_crisis(status=Crisis.Status.ACTIVE)
    make_crisis(status=Crisis.Status.CLOSED, ended_on=datetime.date(2024, 1, 1))
    for _ in range(3):
        make_partner_city()
    make_partner_city(status=PartnerCity.Status.SUSPENDED)
    make_association(warehouse_role=Association.WarehouseRole.OPERATOR)
    make_association(warehouse_role=Association.WarehouseRole.CO_USER)
    make_association(warehouse_role=Association.WarehouseRole.NONE)

    response = client.get(HOME_URL)

    body = response.content.decode()
    assert len(response.context["crises"]) == 6  # the cards are capped ...
    assert "<strong>7</strong> aktuelle Krisen" in body  # ... the figure is not
    assert "<strong>3</strong> Partnerstädte" in body
    assert "<strong>2</strong> Vereine nutzen die Lagerhalle am Hafen" in body


def test_it_leaves_out_figures_the_data_cannot_give_yet(client):
    body = client.get(HOME_URL).content.decode()

    # Crises, partner cities and warehouse users only: there are no shipment or goods figures yet.
    figures = body.split('<ul class="key-figures"', 1)[1].split("</ul>", 1)[0]
    assert figures.count("<li>") == 3
    assert "Lieferung" not in figures


def test_how_to_help_names_the_operator_and_links_to_the_contact_page(client):
    operator = make_association(name="Grenzenlose Wärme e.V.", warehouse_role=Association.WarehouseRole.OPERATOR,
                                public_email="kontakt@grenzenlose-waerme.org")

    body = client.get(HOME_URL).content.decode()

    assert "So können Sie helfen" in body
    assert f'<a class="kern-link" href="{operator.get_absolute_url()}">Grenzenlose Wärme e.V.</a>' in body
    assert "nur mit Termin" in body
    assert 'href="mailto:kontakt@grenzenlose-waerme.org"' in body
    assert f'href="{reverse("site:contact")}"' in body


def test_how_to_help_still_points_to_the_contact_page_without_an_operator(client):
    body = client.get(HOME_URL).content.decode()

    assert "Bitte sprechen Sie uns vorher an." in body
    assert f'href="{reverse("site:contact")}"' in body


def test_the_home_page_only_answers_get_and_head(client):
    assert client.post(HOME_URL).status_code == 405
    assert client.head(HOME_URL).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_home_page_makes_the_same_number_of_queries_for_5_and_50_rows(client, django_assert_num_queries, rows):
    city = make_partner_city()
    make_association(warehouse_role=Association.WarehouseRole.OPERATOR)
    for _ in range(rows - 1):
        make_partner_city()
        make_association()
    for _ in range(rows):
        make_crisis(partner_cities=[city])
        make_news_post()

    # crises, their partner cities, crisis count, partner cities, partnerships by kind, associations, warehouse
    # users, news, operator, the aid key figures (delivered shipments and destinations; categories), whether
    # there are demo rows, and the open appeals of aid actions
    with django_assert_num_queries(13):
        response = client.get(HOME_URL)

    assert len(response.context["partner_cities"]) == rows


def test_it_counts_city_partnerships_and_project_partnerships_apart(client):
    # As in seed-facts.md: ten twin cities (Rostow's partnership is suspended), the solidarity
    # partnership with Zhytomyr, and two project partnerships (Dura, Bondo).
    for _ in range(9):
        make_partner_city(kind=PartnerCity.Kind.TWIN_CITY)
    make_partner_city(kind=PartnerCity.Kind.TWIN_CITY, status=PartnerCity.Status.SUSPENDED)
    make_partner_city(kind=PartnerCity.Kind.SOLIDARITY)
    make_partner_city(kind=PartnerCity.Kind.PROJECT)
    make_partner_city(kind=PartnerCity.Kind.PROJECT)

    body = client.get(HOME_URL).content.decode()

    assert "<strong>10</strong> Partnerstädte, mit denen Dortmund verbunden ist" in body
    assert "<strong>2</strong> Projektpartnerschaften mit Städten im Ausland" in body


def test_one_project_partnership_is_singular(client):
    make_partner_city(kind=PartnerCity.Kind.TWIN_CITY)
    make_partner_city(kind=PartnerCity.Kind.PROJECT)

    body = client.get(HOME_URL).content.decode()

    assert "<strong>1</strong> Partnerstadt, mit der Dortmund verbunden ist" in body
    assert "<strong>1</strong> Projektpartnerschaft mit einer Stadt im Ausland" in body
