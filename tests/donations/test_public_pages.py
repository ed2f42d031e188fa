"""The public aid pages: /bedarf/, /hilfsgueter/, /lieferungen/, /lieferungen/<id>/, /daten/, /spenden/."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from donations.models import Shipment
from tests.factories import (
    make_association,
    make_crisis,
    make_item,
    make_item_category,
    make_need,
    make_partner_city,
    make_shipment,
)

PUBLIC_URLS = ["site:need-list", "donations:donate", "donations:aid-overview", "donations:shipment-list",
               "donations:open-data"]


def delivered(n, *, association=None, city=None, crisis=None, item=None, year=2023):
    association = association or make_association()
    shipments = []
    for i in range(n):
        line_item = item or make_item(category=make_item_category())
        shipment = make_shipment(
            source_association=association, destination_city=city or make_partner_city(), crisis=crisis,
            lines=[(line_item, 10 + i)], status=Shipment.Status.DELIVERED,
            planned_on=datetime.date(year, 3, 1), delivered_on=datetime.date(year, 3, 5), driver_name="Max Fahrer",
            vehicle_registration="DO-AB 123",
        )
        shipments.append(shipment)
    return shipments


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_public_pages_render_for_anyone(client, db, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PUBLIC_URLS)
def test_public_pages_refuse_post(client, db, name):
    assert client.post(reverse(name)).status_code == 405


def test_aid_overview_counts_delivered_shipments_only(client, db):
    crisis = make_crisis(title="Erdbeben 2023")
    city = make_partner_city(name="Schytomyr")
    item = make_item(name="Drehleiterfahrzeug")
    delivered(2, city=city, crisis=crisis, item=item)
    make_shipment(source_association=make_association(), lines=[(make_item(name="Nur geplant"), 5)])
    response = client.get(reverse("donations:aid-overview"))
    content = response.content.decode()
    assert "Drehleiterfahrzeug" in content and "Nur geplant" not in content
    assert "<svg" in content and "<title id=\"chart-ziel-title\">" in content
    assert "Schytomyr" in content and "Erdbeben 2023" in content
    assert response.context["figures"]["shipments_delivered"] == 2


@pytest.mark.parametrize("name", ["donations:aid-overview", "donations:shipment-list", "site:need-list"])
def test_list_pages_make_the_same_number_of_queries_at_1x_and_10x(client, db, django_assert_num_queries, name):
    crisis = make_crisis()
    association = make_association()

    def add(n):
        delivered(n, association=association, crisis=crisis)
        for _ in range(n):
            make_need(crisis=crisis)

    # Measured with an empty cache: the count of a page built from the database, not of a stored one.
    add(5)
    cache.clear()
    with django_assert_num_queries(_count(client, name)) as small:
        cache.clear()
        client.get(reverse(name))
    add(45)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse(name))
    assert response.status_code == 200


def _count(client, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse(name))
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["donations:aid-overview", "donations:shipment-list", "site:need-list",
                                  "donations:open-data"])
def test_list_pages_come_from_the_cache_the_second_time(client, db, django_assert_num_queries, name):
    delivered(3, crisis=make_crisis())
    client.get(reverse(name))
    with django_assert_num_queries(0):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_shipment_list_filters_by_destination_crisis_and_year(client, db):
    city, crisis = make_partner_city(name="Schytomyr"), make_crisis(title="Krieg")
    delivered(1, city=city, crisis=crisis, year=2023)
    other = delivered(1, year=2024)[0]
    url = reverse("donations:shipment-list")
    assert list(client.get(url, {"destination": city.pk}).context["shipments"]) != [other]
    assert len(client.get(url, {"crisis": crisis.pk}).context["shipments"]) == 1
    assert list(client.get(url, {"year": 2024}).context["shipments"]) == [other]
    assert len(client.get(url).context["shipments"]) == 2


def test_shipment_list_shows_an_error_for_a_bad_filter(client, db):
    response = client.get(reverse("donations:shipment-list"), {"year": "1800"})
    assert response.status_code == 200
    assert response.content.decode().count("Fehler: ") >= 1


def test_shipment_detail_shows_goods_but_no_personal_data(client, db):
    shipment = delivered(1)[0]
    content = client.get(reverse("donations:shipment-detail", args=[shipment.pk])).content.decode()
    assert shipment.title in content
    assert "Max Fahrer" not in content and "DO-AB 123" not in content


def test_planned_and_cancelled_shipments_are_not_public(client, db):
    planned = make_shipment(source_association=make_association())
    cancelled = make_shipment(source_association=make_association(), status=Shipment.Status.CANCELLED)
    for shipment in (planned, cancelled):
        assert client.get(reverse("donations:shipment-detail", args=[shipment.pk])).status_code == 404


def test_need_list_groups_by_priority_with_coverage(client, db):
    city = make_partner_city(name="Schytomyr")
    item = make_item(name="Feldbett")
    need = make_need(item=item, partner_city=city, quantity=40, priority=1)
    association = make_association()
    make_shipment(source_association=association, destination_city=city, lines=[(item, 10, need)],
                  status=Shipment.Status.DELIVERED, delivered_on=datetime.date(2026, 1, 5))
    make_shipment(source_association=association, destination_city=city, lines=[(item, 30, need)])  # not delivered
    make_need(description="Alt", partner_city=city, needed_until=datetime.date(2020, 1, 1),
              needed_from=datetime.date(2019, 1, 1), item=None)
    response = client.get(reverse("site:need-list"))
    groups = response.context["groups"]
    assert [g["priority"].value for g in groups] == [1]
    assert groups[0]["needs"][0].covered == 10
    assert "25 %" in response.content.decode()
    assert "Alt" not in response.content.decode()


def test_open_data_csv_and_json(client, db):
    shipment = delivered(1, city=make_partner_city(name="Schytomyr", country="UA"))[0]
    response = client.get(reverse("donations:open-data-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8"))))
    assert rows[0]["datum"] == "2023-03-05" and rows[0]["ziel"] == "Schytomyr" and rows[0]["land"] == "UA"
    assert rows[0]["lieferung"] == str(shipment.pk)
    data = json.loads(client.get(reverse("donations:open-data-json")).getvalue())
    assert data["lizenz"]["name"] == "Datenlizenz Deutschland – Zero – Version 2.0"
    assert data["daten"][0]["menge"] == 10
    assert {c["name"] for c in data["spalten"]} >= {"datum", "ziel", "land", "krise", "warengruppe", "menge"}


def test_open_data_csv_neutralises_formulas(client, db):
    item = make_item(name='=HYPERLINK("http://x")', category=make_item_category(name="@Zelte"))
    delivered(1, item=item, city=make_partner_city(name="-Schytomyr"))
    response = client.get(reverse("donations:open-data-csv"))
    [row] = csv.DictReader(io.StringIO(response.getvalue().decode("utf-8")))
    assert row["hilfsgut"] == "'=HYPERLINK(\"http://x\")"
    assert row["warengruppe"] == "'@Zelte" and row["ziel"] == "'-Schytomyr"
    assert row["menge"] == "10"


def test_key_figures_and_shipments_for_pages(db):
    from donations import stats

    city = make_partner_city()
    delivered(2, city=city)
    assert stats.key_figures()["shipments_delivered"] == 2
    assert stats.key_figures()["destinations"] == 1
    assert stats.shipments_for(partner_city=city).count() == 2


def test_home_city_and_crisis_pages_show_the_aid(client, db):
    city = make_partner_city(name="Schytomyr", slug="schytomyr-test")
    crisis = make_crisis(title="Krieg gegen die Ukraine")
    shipment = delivered(1, city=city, crisis=crisis)[0]
    home = client.get("/").content.decode()
    assert "Hilfe in Zahlen" in home and "1</strong> Hilfslieferung angekommen" in home
    for page in (city.get_absolute_url(), crisis.get_absolute_url()):
        content = client.get(page).content.decode()
        assert shipment.get_absolute_url() in content and shipment.title in content
