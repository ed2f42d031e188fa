"""Public lists stay bounded as the data grows: /lieferungen/ and /bedarf/ in pages, the crisis and
partner city pages with the latest shipments and a link to all of them."""

import datetime

import pytest
from django.urls import reverse

from donations import views
from donations.models import Shipment
from donations.templatetags import aid_tags
from dortmund_hilft import views as site_views
from tests.factories import make_association, make_crisis, make_need, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db


def public_shipments(n, **fields):
    association = make_association()
    return [
        make_shipment(source_association=association, status=Shipment.Status.IN_TRANSIT,
                      planned_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i), **fields)
        for i in range(n)
    ]


def test_the_shipment_list_is_paginated_and_counts_all(client, monkeypatch):
    monkeypatch.setattr(views, "SHIPMENTS_PER_PAGE", 2)
    shipments = public_shipments(5)

    first = client.get(reverse("donations:shipment-list"))
    last = client.get(reverse("donations:shipment-list"), {"seite": 3})

    assert [s.pk for s in first.context["shipments"]] == [shipments[4].pk, shipments[3].pk]
    body = first.content.decode()
    assert "5 Lieferungen" in body and "Seite 1 von 3" in body and 'href="?seite=2"' in body
    assert [s.pk for s in last.context["shipments"]] == [shipments[0].pk]
    assert "Seite 3 von 3" in last.content.decode()


def test_page_links_keep_the_filters(client, monkeypatch):
    monkeypatch.setattr(views, "SHIPMENTS_PER_PAGE", 2)
    crisis = make_crisis()
    public_shipments(3, crisis=crisis)
    public_shipments(2)

    response = client.get(reverse("donations:shipment-list"), {"crisis": crisis.pk, "seite": 2})

    body = response.content.decode()
    assert "3 Lieferungen" in body and "Seite 2 von 2" in body
    assert f'href="?crisis={crisis.pk}&amp;seite=1"' in body
    assert len(response.context["shipments"]) == 1


def test_a_page_number_out_of_range_shows_the_last_page(client):
    public_shipments(1)

    response = client.get(reverse("donations:shipment-list"), {"seite": "999"})

    assert response.status_code == 200
    assert len(response.context["shipments"]) == 1


def test_the_need_list_is_paginated_by_priority_and_category(client, monkeypatch):
    monkeypatch.setattr(site_views, "NEEDS_PER_PAGE", 2)
    city = make_partner_city()
    normal = make_need(description="Decken", partner_city=city, priority=3)
    urgent = make_need(description="Generatoren", partner_city=city, priority=1)
    high = make_need(description="Feldbetten", partner_city=city, priority=2)

    first = client.get(reverse("site:need-list"))
    second = client.get(reverse("site:need-list"), {"seite": 2})

    assert [[n.pk for n in g["needs"]] for g in first.context["groups"]] == [[urgent.pk], [high.pk]]
    assert [[n.pk for n in g["needs"]] for g in second.context["groups"]] == [[normal.pk]]
    assert "Zurzeit sind 3 Bedarfe gemeldet." in first.content.decode()
    assert "Seite 1 von 2" in first.content.decode()


@pytest.mark.parametrize("place", ["crisis", "partner_city"])
def test_crisis_and_city_pages_show_the_latest_shipments_and_link_to_all(client, monkeypatch, place):
    monkeypatch.setattr(aid_tags, "LATEST_SHIPMENTS", 2)
    target = make_crisis() if place == "crisis" else make_partner_city()
    fields = {"crisis": target} if place == "crisis" else {"destination_city": target}
    shipments = public_shipments(3, **fields)

    body = client.get(target.get_absolute_url()).content.decode()

    assert shipments[2].get_absolute_url() in body and shipments[1].get_absolute_url() in body
    assert shipments[0].get_absolute_url() not in body
    parameter = "crisis" if place == "crisis" else "destination"
    assert f'href="/lieferungen/?{parameter}={target.pk}"' in body and "Alle 3 Lieferungen ansehen" in body


def test_the_link_to_all_shipments_leads_to_them(client, monkeypatch):
    monkeypatch.setattr(aid_tags, "LATEST_SHIPMENTS", 1)
    city = make_partner_city()
    public_shipments(2, destination_city=city)
    public_shipments(1)

    response = client.get(reverse("donations:shipment-list"), {"destination": city.pk})

    assert len(response.context["shipments"]) == 2


@pytest.mark.parametrize("rows", [3, 30])
def test_crisis_and_city_pages_make_the_same_number_of_queries(client, django_assert_num_queries, rows):
    city, crisis = make_partner_city(), make_crisis()
    public_shipments(rows, destination_city=city, crisis=crisis)

    # city, its crises, the latest shipments, their count, whether there are demo rows (asked once per data
    # version), and the figures of what arrived (donations/figures.py: totals, goods, per destination 2, per
    # crisis 2, per month, map rows)
    with django_assert_num_queries(13):
        client.get(city.get_absolute_url())
    # crisis, affected cities, its news, its open appeals, the latest shipments, their count, and the
    # same eight queries for the figures of what arrived
    with django_assert_num_queries(14):
        client.get(crisis.get_absolute_url())
