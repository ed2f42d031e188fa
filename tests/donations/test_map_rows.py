"""Destinations of delivered shipments for the map: one row per place, figures summed, one query."""

from decimal import Decimal

import pytest
from django.db.models import Count

from donations import charts, geo
from donations.models import Shipment, ShipmentLine, Unit
from tests.factories import make_association, make_item, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db

ZHYTOMYR = {"name": "Schytomyr", "slug": "schytomyr", "country": "UA", "latitude": "50.25465", "longitude": "28.65867"}
HATAY = {"destination_name": "Antakya", "destination_country": "TR",
         "destination_latitude": Decimal("36.20250"), "destination_longitude": Decimal("36.16060")}


@pytest.fixture
def association():
    return make_association()


def deliver(association, quantities, unit=Unit.PIECE, **fields):
    lines = [(make_item(unit=unit), q) for q in quantities]
    shipment = make_shipment(source_association=association, lines=lines, **fields)
    Shipment.objects.filter(pk=shipment.pk).update(status=Shipment.Status.DELIVERED)
    return shipment


def test_rows_sum_shipments_and_received_quantities_per_destination(association):
    zhytomyr = make_partner_city(**ZHYTOMYR)
    first = deliver(association, [10, 5], destination_city=zhytomyr)
    deliver(association, [7], destination_city=zhytomyr)
    deliver(association, [2, 1], Unit.PALLET, destination_city=zhytomyr)
    deliver(association, [3], **HATAY)
    deliver(association, [2], **{**HATAY, "destination_latitude": None, "destination_longitude": None})
    deliver(association, [1], destination_name="Irgendwo", destination_country="PL")
    make_shipment(source_association=association, lines=[(make_item(), 99)], destination_city=zhytomyr)  # planned
    # What arrived counts, not what was packed.
    ShipmentLine.objects.filter(shipment=first, quantity=5).update(received_quantity=4)

    rows = geo.destination_rows(Shipment.objects.delivered())

    assert [(row["name"], row["shipments"], row["quantity"]) for row in rows] == [
        ("Schytomyr", 3, 24), ("Antakya", 2, 5), ("Irgendwo", 1, 1),
    ]
    # Units are counted each on their own; only the marker's size adds them up.
    assert rows[0]["quantities"] == {"piece": 21, "pallet": 3}
    assert rows[0]["url"] == "/partnerstaedte/schytomyr/" and rows[1]["url"] is None
    assert rows[1]["latitude"] == Decimal("36.20250")  # taken from the shipment that has coordinates
    assert rows[2]["latitude"] is None and rows[2]["longitude"] is None


def test_rows_follow_a_filtered_and_annotated_queryset(association):
    zhytomyr = make_partner_city(**ZHYTOMYR)
    deliver(association, [10], destination_city=zhytomyr)
    deliver(association, [3], **HATAY)
    shipments = Shipment.objects.delivered().filter(destination_city=zhytomyr).annotate(n=Count("lines"))
    assert [row["name"] for row in geo.destination_rows(shipments)] == ["Schytomyr"]
    assert geo.destination_rows(Shipment.objects.none()) == []


def test_rows_take_one_query_however_many_shipments(association, django_assert_num_queries):
    cities = [make_partner_city() for _ in range(3)]
    for city in cities:
        deliver(association, [1, 2], destination_city=city)
    with django_assert_num_queries(1):
        few = geo.destination_rows(Shipment.objects.delivered())
    for city in cities * 3:
        deliver(association, [4], destination_city=city)
    deliver(association, [3], **HATAY)
    with django_assert_num_queries(1):
        many = geo.destination_rows(Shipment.objects.delivered())
    assert len(few) == 3 and len(many) == 4


def test_the_map_links_markers_and_lists_what_it_cannot_draw(association, client):
    zhytomyr = make_partner_city(**ZHYTOMYR)
    faraway = make_partner_city(name="Buffalo", slug="buffalo", country="US", latitude="42.88645",
                                longitude="-78.87837")
    deliver(association, [40], destination_city=zhytomyr)
    deliver(association, [10], destination_city=faraway)
    deliver(association, [1], destination_name="Irgendwo", destination_country="PL")

    result = charts.destination_map(geo.destination_rows(Shipment.objects.delivered()))

    assert [marker["name"] for marker in result["markers"]] == ["Schytomyr"]
    assert [(row["name"], row["on_map"]) for row in result["rows"]] == [
        ("Schytomyr", True), ("Buffalo", False), ("Irgendwo", False),
    ]
    html = client.get("/hilfsgueter/").content.decode()
    assert '<a class="destination-map__link" href="/partnerstaedte/schytomyr/"' in html
    assert "Schytomyr: 1 Lieferung, angekommen: 40 Stück" in html
    assert "<td class=\"kern-table__cell\">1 Lieferung: 40 Stück</td>" in html
    assert 'href="/partnerstaedte/buffalo/">Buffalo</a> (nicht auf der Karte)' in html
    assert "basemap" in html and "Irgendwo" in html
