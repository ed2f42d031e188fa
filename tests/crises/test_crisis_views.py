import datetime

import pytest
from django.urls import reverse

from crises.models import AffectedPartnerCity, Crisis
from tests.factories import make_crisis, make_news_post, make_partner_city

pytestmark = pytest.mark.django_db

LIST_URL = reverse("crises:list")


def titles(response):
    return [crisis.title for crisis in response.context["crises"]]


# --- list ---

def test_it_lists_crises_newest_first_with_their_facts(client):
    city = make_partner_city(name="Schytomyr", country="UA")
    make_crisis(title="Erdbeben", started_on=datetime.date(2023, 2, 6), countries=["TR", "SY"])
    make_crisis(title="Krieg", started_on=datetime.date(2022, 2, 24), countries=["UA"], partner_cities=[city])
    make_crisis(title="Hochwasser", started_on=datetime.date(2021, 7, 14), status=Crisis.Status.CLOSED,
                ended_on=datetime.date(2021, 9, 1), countries=["DE"])

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert titles(response) == ["Erdbeben", "Krieg", "Hochwasser"]
    body = response.content.decode()
    assert "<title>Krisen – Dortmund hilft</title>" in body
    assert "Syrien, Türkei" in body  # German country names from django-countries
    assert "Betroffene Partnerstadt: Schytomyr" in body
    assert "Vom 14. Juli 2021 bis 1. September 2021" in body
    assert "Seit 24. Februar 2022" in body
    assert "abgeschlossen" in body.lower()


def test_it_renders_the_filter_as_a_get_form_with_labelled_selects_and_a_button(client):
    body = client.get(LIST_URL).content.decode()

    assert '<form class="filter-form" method="get"' in body
    assert '<label class="kern-label" for="id_category">Kategorie</label>' in body
    assert '<label class="kern-label" for="id_status">Status</label>' in body
    assert '<select name="category" class="select kern-form-input__select" id="id_category">' in body
    assert '<button class="kern-btn kern-btn--primary" type="submit">' in body
    assert "Alle Krisen zeigen" not in body  # no reset link while nothing is filtered


def test_it_filters_by_category(client):
    make_crisis(title="Erdbeben", category=Crisis.Category.NATURAL)
    make_crisis(title="Krieg", category=Crisis.Category.MAN_MADE, hazard_type=Crisis.HazardType.ARMED_CONFLICT)

    response = client.get(LIST_URL, {"category": "man_made"})

    assert titles(response) == ["Krieg"]
    body = response.content.decode()
    assert '<option value="man_made" selected>Von Menschen verursacht</option>' in body
    assert "Alle Krisen zeigen" in body


def test_it_filters_by_status(client):
    make_crisis(title="Aktiv", status=Crisis.Status.ACTIVE)
    make_crisis(title="Beobachtet", status=Crisis.Status.MONITORING)
    make_crisis(title="Vorbei", status=Crisis.Status.CLOSED, ended_on=datetime.date(2024, 1, 1))

    assert titles(client.get(LIST_URL, {"status": "monitoring"})) == ["Beobachtet"]
    assert titles(client.get(LIST_URL, {"status": "closed"})) == ["Vorbei"]


def test_it_combines_filters_and_says_when_nothing_matches(client):
    make_crisis(title="Erdbeben", category=Crisis.Category.NATURAL, status=Crisis.Status.ACTIVE)

    response = client.get(LIST_URL, {"category": "natural", "status": "closed"})

    assert titles(response) == []
    assert "Zu dieser Auswahl gibt es keine Krisen." in response.content.decode()


def test_an_empty_filter_shows_every_crisis(client):
    make_crisis(title="A")
    make_crisis(title="B", status=Crisis.Status.CLOSED, ended_on=datetime.date(2024, 1, 1))

    assert sorted(titles(client.get(LIST_URL, {"category": "", "status": ""}))) == ["A", "B"]


def test_a_bogus_filter_value_shows_an_error_next_to_the_field_not_a_500(client):
    make_crisis(title="Erdbeben", status=Crisis.Status.ACTIVE)
    make_crisis(title="Vorbei", status=Crisis.Status.CLOSED, ended_on=datetime.date(2024, 1, 1))

    response = client.get(LIST_URL, {"category": "<script>x</script>", "status": "closed"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Fehler: Krisen – Dortmund hilft</title>" in body
    assert "Es gibt ein Problem" in body
    assert 'id="id_category_error"' in body
    assert "Wählen Sie eine Kategorie aus der Liste." in body
    assert 'aria-describedby="id_category_error"' in body
    assert "<script>x</script>" not in body
    # The valid filter still applies; the broken one is ignored.
    assert titles(response) == ["Vorbei"]


def test_the_crisis_list_only_answers_get_and_head(client):
    assert client.post(LIST_URL).status_code == 405
    assert client.head(LIST_URL).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_crisis_list_makes_the_same_number_of_queries_for_5_and_50_crises(client, django_assert_num_queries, rows):
    city = make_partner_city()
    for _ in range(rows):
        make_crisis(partner_cities=[city])

    # 1 crises, 1 their affected partner cities, 1 whether there are demo rows (the notice in base.html)
    with django_assert_num_queries(3):
        response = client.get(LIST_URL, {"status": "active"})

    assert len(response.context["crises"]) == rows


# --- detail ---

def test_the_detail_page_says_what_happened_and_why_dortmund_helps(client):
    city = make_partner_city(name="Trabzon", slug="trabzon", country="TR")
    crisis = make_crisis(
        title="Erdbeben in der Türkei und in Syrien", slug="erdbeben",
        category=Crisis.Category.NATURAL, hazard_type=Crisis.HazardType.EARTHQUAKE,
        countries=["TR", "SY"], status=Crisis.Status.MONITORING,
        started_on=datetime.date(2023, 2, 6), ended_on=datetime.date(2023, 12, 31),
        glide_number="EQ-2023-000015-TUR", residents_origin=True, direct_impact=True,
        dortmund_link="Viele Menschen in Dortmund haben Familie in der Region.",
    )
    AffectedPartnerCity.objects.create(crisis=crisis, partner_city=city, note="Schäden am Hafen")

    response = client.get(crisis.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Erdbeben in der Türkei und in Syrien – Dortmund hilft</title>" in body
    for text in [
        "Naturgefahr", "Erdbeben", "Syrien, Türkei", "Beobachtet", "6. Februar 2023", "31. Dezember 2023",
        "EQ-2023-000015-TUR", "Viele Menschen in Dortmund haben Familie in der Region.",
        "Schäden am Hafen", "Viele Menschen in Dortmund stammen aus der betroffenen Region",
        "Das Ereignis betrifft Dortmund unmittelbar.",
    ]:
        assert text in body, text
    assert f'<a class="kern-link" href="{reverse("partners:city-detail", args=["trabzon"])}">Trabzon</a>' in body


def test_the_detail_page_has_breadcrumbs(client):
    crisis = make_crisis(title="Krieg")

    body = client.get(crisis.get_absolute_url()).content.decode()

    assert 'aria-label="Sie sind hier"' in body
    assert f'<a class="kern-link" href="{LIST_URL}">Krisen</a>' in body
    assert '<span aria-current="page">Krieg</span>' in body


def test_the_detail_page_leaves_out_what_is_not_known(client):
    crisis = make_crisis(glide_number="", ended_on=None, dortmund_link="", description="")

    body = client.get(crisis.get_absolute_url()).content.decode()

    assert "GLIDE" not in body
    assert "Ende</dt>" not in body
    assert "Dazu liegen noch keine Angaben vor." in body
    assert "Zu dieser Krise gibt es noch keine Meldungen." in body


def test_the_description_is_rendered_markdown_without_scripts(client):
    crisis = make_crisis(
        description="Die Hilfe ist **dringend**.\n\n<script>alert('x')</script>\n\n[Klick](javascript:alert(1))"
    )

    body = client.get(crisis.get_absolute_url()).content.decode()

    assert "<strong>dringend</strong>" in body
    assert "<script>alert" not in body
    assert 'href="javascript:' not in body


def test_the_detail_page_lists_only_the_published_news_of_this_crisis(client):
    crisis = make_crisis()
    other = make_crisis()
    make_news_post(title="Veröffentlicht", crisis=crisis)
    make_news_post(title="Entwurf", crisis=crisis, published_at=None)
    make_news_post(title="Geplant", crisis=crisis, published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC))
    make_news_post(title="Andere Krise", crisis=other)

    response = client.get(crisis.get_absolute_url())

    assert [post.title for post in response.context["news"]] == ["Veröffentlicht"]


def test_an_unknown_crisis_is_404(client):
    assert client.get(reverse("crises:detail", args=["gibt-es-nicht"])).status_code == 404


def test_the_crisis_detail_only_answers_get_and_head(client):
    crisis = make_crisis()

    assert client.post(crisis.get_absolute_url()).status_code == 405
