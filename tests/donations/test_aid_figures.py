"""Figures people ask for: /hilfsgueter/ by crisis, partner city and year, the same figures on crisis
and partner city pages, and the press report of one crisis (issue 13)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from donations import stats
from donations.models import Shipment, ShipmentLine, Unit
from tests.factories import make_association, make_crisis, make_item, make_partner_city, make_shipment

OVERVIEW = "/hilfsgueter/"


def arrived(*, city=None, crisis=None, lines=(), on=datetime.date(2023, 3, 5), status=Shipment.Status.DELIVERED,
            association=None, **extra):
    return make_shipment(
        source_association=association or make_association(), destination_city=city or make_partner_city(),
        crisis=crisis, lines=lines, status=status, planned_on=on - datetime.timedelta(days=4),
        delivered_on=on if status == Shipment.Status.DELIVERED else None, **extra,
    )


@pytest.fixture
def world(db):
    """Two crises, two partner cities, items with different units, and shipments not yet delivered."""
    war, quake = make_crisis(title="Krieg gegen die Ukraine"), make_crisis(title="Erdbeben 2023")
    zhytomyr, antakya = make_partner_city(name="Schytomyr"), make_partner_city(name="Antakya")
    beds = make_item(name="Krankenhausbett", unit=Unit.PIECE)
    food = make_item(name="Lebensmittel", unit=Unit.PALLET)
    flour = make_item(name="Mehl", unit=Unit.KG)
    sender = make_association(name="Blau-Gelbes-Herz e.V.")
    first = arrived(city=zhytomyr, crisis=war, lines=[(beds, 40), (food, 2)], on=datetime.date(2023, 1, 10),
                    association=sender)
    second = arrived(city=zhytomyr, crisis=war, lines=[(beds, 10), (flour, 500)], on=datetime.date(2023, 3, 2))
    # 30 sent, 28 arrived: the figures count what arrived.
    ShipmentLine.objects.filter(shipment=second, item=beds).update(quantity=12, received_quantity=10)
    third = arrived(city=antakya, crisis=quake, lines=[(food, 5)], on=datetime.date(2024, 2, 20))
    arrived(city=antakya, crisis=quake, lines=[(beds, 999)], status=Shipment.Status.IN_TRANSIT)
    make_shipment(source_association=sender, destination_city=zhytomyr, crisis=war, lines=[(beds, 777)])
    return {"war": war, "quake": quake, "zhytomyr": zhytomyr, "antakya": antakya, "beds": beds, "food": food,
            "flour": flour, "sender": sender, "shipments": [first, second, third]}


def goods(response):
    return {(row["item__name"], row["item__unit"]): row["total"] for row in response.context["goods"]}


def test_it_sums_quantities_per_item_from_delivered_shipments_only(client, world):
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    # Beds in pieces, food in pallets, flour in kg: three numbers, never one sum across units.
    assert goods(response) == {("Krankenhausbett", "piece"): 50, ("Lebensmittel", "pallet"): 7, ("Mehl", "kg"): 500}
    assert response.context["totals"]["shipments_delivered"] == 3
    assert "999" not in response.content.decode() and "777" not in response.content.decode()


def test_it_totals_per_destination_and_per_crisis_per_item(client, world):
    context = client.get(OVERVIEW).context
    by_city = {row["label"]: row for row in context["by_destination"]}
    assert by_city["Schytomyr"]["value"] == 2
    assert {(g["name"], g["unit"], g["total"]) for g in by_city["Schytomyr"]["goods"]} == {
        ("Krankenhausbett", "piece", 50), ("Lebensmittel", "pallet", 2), ("Mehl", "kg", 500)}
    by_crisis = {row["label"]: row for row in context["by_crisis"]}
    assert by_crisis["Erdbeben 2023"]["value"] == 1
    assert by_crisis["Erdbeben 2023"]["goods"] == [{"name": "Lebensmittel", "unit": "pallet", "total": 5}]


def test_the_timeline_has_one_column_per_month_with_empty_months_between(client, world):
    months = client.get(OVERVIEW).context["by_month"]
    assert months[0] == {"month": datetime.date(2023, 1, 1), "value": 1}
    assert months[-1] == {"month": datetime.date(2024, 2, 1), "value": 1}
    assert len(months) == 14 and sum(row["value"] for row in months) == 3
    html = client.get(OVERVIEW).content.decode()
    assert 'id="chart-monat-title"' in html and '<time datetime="2023-03">' in html


def test_filter_by_crisis_narrows_every_figure(client, world):
    response = client.get(OVERVIEW, {"crisis": world["quake"].pk})
    assert goods(response) == {("Lebensmittel", "pallet"): 5}
    assert [row["label"] for row in response.context["by_destination"]] == ["Antakya"]
    assert response.context["totals"]["shipments_delivered"] == 1


def test_filters_combine_city_and_year(client, world):
    response = client.get(OVERVIEW, {"destination": world["zhytomyr"].pk, "year": "2023"})
    assert response.context["totals"]["shipments_delivered"] == 2
    assert client.get(OVERVIEW, {"year": "2024"}).context["totals"]["shipments_delivered"] == 1


def test_the_current_selection_is_marked_and_can_be_reset(client, world):
    html = client.get(OVERVIEW, {"crisis": world["war"].pk}).content.decode()
    assert f'href="/hilfsgueter/?crisis={world["war"].pk}" aria-current="page"' in html
    selection = html.split('id="selection-heading"')[1].split("</nav>")[0]
    assert 'href="/hilfsgueter/" aria-current="page"' not in selection  # "alle Krisen" is no longer chosen
    assert "Auswahl zurücksetzen" in html
    # Choosing a year keeps the crisis.
    assert f'href="/hilfsgueter/?crisis={world["war"].pk}&amp;year=2023"' in html
    # The shipments of the selection and its press report are one click away.
    assert f'/lieferungen/?crisis={world["war"].pk}' in html
    assert reverse("donations:crisis-report", args=[world["war"].slug]) in html
    unfiltered = client.get(OVERVIEW).content.decode()
    assert unfiltered.split('id="selection-heading"')[1].split("</nav>")[0].count('aria-current="page"') == 3
    assert "Auswahl zurücksetzen" not in unfiltered


@pytest.mark.parametrize("query", [
    {"crisis": "abc"}, {"crisis": "999999"}, {"destination": "-1"}, {"year": "1800"}, {"year": "2023x"},
    {"crisis": "1' OR 1=1"},
])
def test_a_value_no_link_offers_is_not_found(client, world, query):
    assert client.get(OVERVIEW, query).status_code == 404


def test_a_selection_without_deliveries_says_so(client, world):
    response = client.get(OVERVIEW, {"crisis": world["quake"].pk, "destination": world["zhytomyr"].pk})
    assert response.status_code == 200
    assert "Für diese Auswahl gibt es keine angekommenen Lieferungen." in response.content.decode()


def test_filtered_pages_are_cached_each_on_their_own(client, world, django_assert_num_queries):
    first = client.get(OVERVIEW, {"crisis": world["war"].pk}).content
    with django_assert_num_queries(0):
        assert client.get(OVERVIEW, {"crisis": world["war"].pk}).content == first
    assert client.get(OVERVIEW, {"crisis": world["quake"].pk}).content != first


def _queries(client, url, params=None):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n):
    for i in range(n):
        city = make_partner_city()
        arrived(city=city, crisis=world["war"], lines=[(make_item(), 3), (world["beds"], 1)],
                on=datetime.date(2022, 1 + i % 12, 1), association=world["sender"])


@pytest.mark.parametrize("page", ["overview", "filtered", "crisis", "city", "report"])
def test_the_query_count_does_not_grow_with_the_data(client, world, page):
    def url():
        return {
            "overview": (OVERVIEW, None), "filtered": (OVERVIEW, {"crisis": world["war"].pk, "year": "2022"}),
            "crisis": (world["war"].get_absolute_url(), None), "city": (world["zhytomyr"].get_absolute_url(), None),
            "report": (reverse("donations:crisis-report", args=[world["war"].slug]), None),
        }[page]

    _grow(world, 1)
    small = _queries(client, *url())
    _grow(world, 20)
    assert _queries(client, *url()) == small


def test_the_crisis_page_shows_the_figures_of_that_crisis(client, world):
    response = client.get(world["war"].get_absolute_url())
    html = response.content.decode()
    assert "Was angekommen ist" in html
    assert "50 Stück" in html and "500 kg" in html and "5 Paletten" not in html
    assert 'id="chart-krise-title"' not in html  # one bar would say nothing on the crisis's own page
    assert f'/hilfsgueter/?crisis={world["war"].pk}' in html
    assert reverse("donations:crisis-report", args=[world["war"].slug]) in html


def test_the_city_page_shows_the_figures_of_that_city(client, world):
    html = client.get(world["antakya"].get_absolute_url()).content.decode()
    assert "5 Paletten" in html and "999" not in html
    assert 'id="chart-ziel-title"' not in html and 'id="chart-krise-title"' in html
    assert f'/hilfsgueter/?destination={world["antakya"].pk}' in html


def test_a_city_without_deliveries_says_so(client, db):
    html = client.get(make_partner_city().get_absolute_url()).content.decode()
    assert "Hierzu gibt es noch keine angekommenen Lieferungen." in html


def test_the_press_report_says_what_how_much_where_when_and_with_whom(client, world):
    response = client.get(reverse("donations:crisis-report", args=[world["war"].slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hilfe aus Dortmund: Krieg gegen die Ukraine" in html
    assert "50 Stück" in html and "2 Paletten" in html and "500 kg" in html
    assert "Schytomyr" in html and "Antakya" not in html
    assert "Januar 2023: 1" in html and "März 2023: 1" in html
    assert "Blau-Gelbes-Herz e.V." in html and "Stadtverwaltung (Schytomyr)" in html
    assert reverse("donations:crisis-report-pdf", args=[world["war"].slug]) in html
    # No person: drivers and donors are not part of it.
    assert "Max Fahrer" not in html


def test_the_press_report_of_an_unknown_crisis_is_not_found(client, db):
    assert client.get("/krisen/gibt-es-nicht/bericht/").status_code == 404
    assert client.get("/krisen/gibt-es-nicht/bericht.pdf").status_code == 404


def test_the_press_report_of_a_crisis_without_deliveries_says_so(client, db):
    crisis = make_crisis()
    html = client.get(reverse("donations:crisis-report", args=[crisis.slug])).content.decode()
    assert "Zu dieser Krise ist noch keine Lieferung aus Dortmund angekommen." in html


def test_the_press_report_is_cached(client, world, django_assert_num_queries):
    url = reverse("donations:crisis-report", args=[world["war"].slug])
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_arrivals_by_month_is_empty_without_deliveries(db):
    assert stats.arrivals_by_month(Shipment.objects.delivered()) == []


def test_the_press_report_names_who_took_part_in_public_aid_actions_without_contact_persons(client, world):
    from crises.models import AidAction, Participant

    running = AidAction.objects.create(
        crisis=world["war"], title="Winterhilfe Schytomyr", slug="winterhilfe", summary="Schlafsäcke",
        status=AidAction.Status.RUNNING, starts_on=datetime.date(2023, 1, 1),
    )
    Participant.objects.create(action=running, kind=Participant.Kind.CITY_DEPARTMENT, name="Feuerwehr Dortmund",
                               role="Fahrzeuge", contact_person="Erika Musterfrau", contact_email="e@example.org")
    Participant.objects.create(action=running, kind=Participant.Kind.ASSOCIATION, association=world["sender"],
                               role="Sammeln")
    planned = AidAction.objects.create(
        crisis=world["war"], title="Noch geheim", slug="geheim", summary="-", status=AidAction.Status.PLANNED,
        starts_on=datetime.date(2024, 1, 1),
    )
    Participant.objects.create(action=planned, kind=Participant.Kind.COMPANY, name="Firma X", role="Transport")

    html = client.get(reverse("donations:crisis-report", args=[world["war"].slug])).content.decode()
    assert "Winterhilfe Schytomyr" in html and "Feuerwehr Dortmund (Fahrzeuge)" in html
    assert "Blau-Gelbes-Herz e.V. (Sammeln)" in html
    assert "Erika Musterfrau" not in html and "e@example.org" not in html
    assert "Noch geheim" not in html and "Firma X" not in html


def test_the_timeline_columns_scale_to_the_busiest_month_and_stay_narrow_when_few():
    from donations.timeline import MAX_STEP, PLOT_HEIGHT, WIDTH, column_chart

    chart = column_chart([{"month": datetime.date(2023, 11, 1), "value": 4},
                          {"month": datetime.date(2023, 12, 1), "value": 0},
                          {"month": datetime.date(2024, 1, 1), "value": 2}])
    heights = [column["height"] for column in chart["columns"]]
    assert heights == [PLOT_HEIGHT, 0, PLOT_HEIGHT / 2]
    assert all(column["width"] < MAX_STEP for column in chart["columns"])
    assert chart["columns"][-1]["x"] < WIDTH / 2
    # November 2023 is labelled with its year, and so is January 2024.
    assert [year["label"] for year in chart["years"]] == ["2023", "2024"]
    assert [column["show_value"] for column in chart["columns"]] == [True, False, True]
    assert chart["columns"][0]["label"] == "November 2023"


@pytest.mark.parametrize("name", ["aid-overview", "crisis-report", "crisis-report-pdf"])
def test_the_pages_refuse_post_and_answer_a_logged_in_member_too(client, world, member_a, name):
    url = reverse(f"donations:{name}", args=[] if name == "aid-overview" else [world["war"].slug])
    assert client.post(url).status_code == 405
    client.force_login(member_a)
    response = client.get(url, {"crisis": world["war"].pk} if name == "aid-overview" else {})
    assert response.status_code == 200
    if name == "aid-overview":  # a page built for a session, with the same figures
        assert goods(response) == {("Krankenhausbett", "piece"): 50, ("Lebensmittel", "pallet"): 2,
                                   ("Mehl", "kg"): 500}
