import datetime

import pytest
from django.urls import reverse

from crises.models import AffectedPartnerCity, Crisis
from partners.models import PartnerCity
from tests.factories import make_crisis, make_partner_city

pytestmark = pytest.mark.django_db

LIST_URL = reverse("partners:city-list")


def test_it_groups_the_cities_by_kind_of_partnership_in_the_order_of_the_kinds(client):
    make_partner_city(name="Bondo", kind=PartnerCity.Kind.PROJECT, country="KE", since_year=2008)
    make_partner_city(name="Schytomyr", kind=PartnerCity.Kind.SOLIDARITY, country="UA", since_year=2023,
                      since_date=datetime.date(2023, 2, 23))
    make_partner_city(name="Leeds", kind=PartnerCity.Kind.TWIN_CITY, country="GB", since_year=1969)
    make_partner_city(name="Amiens", kind=PartnerCity.Kind.TWIN_CITY, country="FR", since_year=1960)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    groups = [(label, [city.name for city in cities]) for _kind, label, cities in response.context["groups"]]
    assert groups == [
        ("Städtepartnerschaft", ["Amiens", "Leeds"]),
        ("Solidaritätspartnerschaft", ["Schytomyr"]),
        ("Projektpartnerschaft", ["Bondo"]),
    ]
    body = response.content.decode()
    assert "<title>Partnerstädte – Dortmund hilft</title>" in body
    assert "Freundschaft" not in body  # a kind without cities gets no heading
    for text in ["Frankreich", "Vereinigtes Königreich", "Ukraine", "Kenia", "1960", "23. Februar 2023"]:
        assert text in body, text
    assert body.index('id="twin"') < body.index('id="solidarity"') < body.index('id="project"')


def test_a_suspended_partnership_is_clearly_marked(client):
    make_partner_city(name="Rostow am Don", country="RU", since_year=1977,
                      status=PartnerCity.Status.SUSPENDED, status_note="ruht seit 2022")
    make_partner_city(name="Amiens", since_year=1960)

    body = client.get(LIST_URL).content.decode()

    label = '<span class="kern-badge kern-badge--{}"><span class="kern-label kern-label--small">{}</span>'
    assert label.format("warning", "Ruht seit 2022") in body
    assert label.format("success", "Aktiv") in body


def test_it_says_so_when_there_are_no_cities(client):
    assert "Es sind noch keine Partnerstädte eingetragen." in client.get(LIST_URL).content.decode()


def test_the_city_list_only_answers_get_and_head(client):
    assert client.post(LIST_URL).status_code == 405


@pytest.mark.parametrize("rows", [5, 50])
def test_the_city_list_makes_the_same_number_of_queries_for_5_and_50_cities(client, django_assert_num_queries, rows):
    kinds = list(PartnerCity.Kind)
    for n in range(rows):
        make_partner_city(kind=kinds[n % len(kinds)])

    # the cities, and whether there are demo rows (the notice in base.html)
    with django_assert_num_queries(2):
        response = client.get(LIST_URL)

    assert sum(len(cities) for _kind, _label, cities in response.context["groups"]) == rows


def test_the_detail_page_shows_description_facts_and_the_crises_that_affect_the_city(client):
    city = make_partner_city(
        name="Schytomyr", local_name="Zhytomyr", country="UA", kind=PartnerCity.Kind.SOLIDARITY,
        since_year=2023, since_date=datetime.date(2023, 2, 23),
        description="Die Stadt liegt **westlich von Kiew**.",
    )
    war = make_crisis(title="Krieg gegen die Ukraine", category=Crisis.Category.MAN_MADE,
                      hazard_type=Crisis.HazardType.ARMED_CONFLICT)
    AffectedPartnerCity.objects.create(crisis=war, partner_city=city, note="Ziel der Hilfslieferungen")
    make_crisis(title="Andere Krise")

    response = client.get(city.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Schytomyr – Dortmund hilft</title>" in body
    for text in ["Zhytomyr", "Ukraine", "Solidaritätspartnerschaft", "23. Februar 2023",
                 "<strong>westlich von Kiew</strong>", "Ziel der Hilfslieferungen"]:
        assert text in body, text
    assert f'<a class="kern-link" href="{war.get_absolute_url()}">Krieg gegen die Ukraine</a>' in body
    assert "Andere Krise" not in body
    assert f'<a class="kern-link" href="{LIST_URL}">Partnerstädte</a>' in body  # breadcrumbs


def test_the_detail_page_of_a_suspended_partnership_says_so(client):
    city = make_partner_city(name="Rostow am Don", status=PartnerCity.Status.SUSPENDED, status_note="ruht seit 2022")

    body = client.get(city.get_absolute_url()).content.decode()

    assert "Die Partnerschaft mit Rostow am Don ruht seit 2022." in body
    assert "Zurzeit ist keine Krise eingetragen, die Rostow am Don betrifft." in body


def test_the_detail_page_notes_facts_still_to_be_verified(client):
    city = make_partner_city(to_verify=True, verification_note="Beginn 1977 oder 1978?")

    body = client.get(city.get_absolute_url()).content.decode()

    assert "Einige Angaben zu dieser Partnerschaft prüfen wir noch." in body
    assert "Beginn 1977 oder 1978?" not in body  # the note is for the staff


def test_scripts_in_the_description_are_not_rendered(client):
    city = make_partner_city(description="<script>alert('x')</script>")

    assert "<script>alert" not in client.get(city.get_absolute_url()).content.decode()


def test_an_unknown_city_is_404(client):
    assert client.get(reverse("partners:city-detail", args=["atlantis"])).status_code == 404


def test_the_city_detail_only_answers_get_and_head(client):
    city = make_partner_city()

    assert client.post(city.get_absolute_url()).status_code == 405
