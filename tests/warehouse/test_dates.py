"""Dates that make sense: events between dispatch and now, arrivals not before leaving nor in the
future, goods not received in the future, and a public timeline in the order things happened.

Time is frozen at a fixed instant and moved on by days, so the tests read the same on every day.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from donations.models import Donation, Shipment, ShipmentEvent
from tests.factories import give_stock, make_donor, make_item, make_shipment
from warehouse.stock.services import (
    StockError,
    add_shipment_event,
    dispatch_shipment,
    mark_shipment_delivered,
    record_donation,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DISPATCH = datetime.datetime(2027, 3, 10, 10, 0, 30, tzinfo=BERLIN)


@pytest.fixture
def clock():
    with time_machine.travel(DISPATCH, tick=False) as traveller:
        yield traveller


@pytest.fixture
def underway(clock, association_a, operator_user):
    item = make_item(name="Feldbett")
    give_stock(item, association_a, 10)
    shipment = make_shipment(source_association=association_a, lines=[(item, 4)])
    dispatch_shipment(shipment=shipment, by=operator_user)
    clock.move_to(DISPATCH + datetime.timedelta(days=2), tick=False)
    shipment.refresh_from_db()
    return shipment


def event(shipment, at, by, kind="customs_entry"):
    return add_shipment_event(shipment=shipment, kind=kind, occurred_at=at, by=by)


def test_an_event_before_the_dispatch_is_refused(underway, operator_user):
    with pytest.raises(StockError, match="vor der Abfahrt am 10.03.2027 10:00") as refused:
        event(underway, DISPATCH - datetime.timedelta(hours=1), operator_user)
    assert refused.value.field == "occurred_at"
    assert list(underway.events.values_list("kind", flat=True)) == ["dispatched"]


def test_an_event_in_the_future_is_refused_but_clock_skew_is_not(underway, operator_user):
    now = timezone.now()
    with pytest.raises(StockError, match="in der Zukunft"):
        event(underway, now + datetime.timedelta(hours=1), operator_user)
    event(underway, now + datetime.timedelta(minutes=3), operator_user)


def test_an_event_in_the_minute_of_the_dispatch_comes_after_it(underway, operator_user):
    # The form asks for minutes: 10:00 is not "before" a dispatch at 10:00:30.
    entered = event(underway, DISPATCH.replace(second=0), operator_user)
    assert entered.occurred_at == underway.dispatched_at
    assert list(underway.events.values_list("kind", flat=True)) == ["dispatched", "customs_entry"]


def test_an_arrival_in_the_future_or_before_the_dispatch_is_refused(underway, operator_user):
    today = timezone.localdate()
    for delivered_on, message in [(today + datetime.timedelta(days=1), "in der Zukunft"),
                                  (DISPATCH.date() - datetime.timedelta(days=1), "vor der Abfahrt am 10.03.2027")]:
        with pytest.raises(StockError, match=message) as refused:
            mark_shipment_delivered(shipment=underway, received={}, delivered_on=delivered_on,
                                    confirmation="Frau K.", by=operator_user)
        assert refused.value.field == "delivered_on"
    underway.refresh_from_db()
    assert underway.status == Shipment.Status.IN_TRANSIT
    mark_shipment_delivered(shipment=underway, received={}, delivered_on=DISPATCH.date(), confirmation="Frau K.",
                            by=operator_user)


def test_the_arrival_event_is_never_before_the_events_on_the_way(underway, operator_user):
    customs = event(underway, timezone.now() - datetime.timedelta(hours=1), operator_user)
    mark_shipment_delivered(shipment=underway, received={}, delivered_on=DISPATCH.date(), confirmation="Frau K.",
                            by=operator_user)
    arrival = underway.events.get(kind="delivered")
    assert arrival.occurred_at >= customs.occurred_at
    assert list(underway.events.values_list("kind", flat=True)) == ["dispatched", "customs_entry", "delivered"]


# --- The operator's forms: the error beside the field, what was typed kept --------------------------------


def test_the_event_form_shows_a_future_time_beside_the_field(client, underway, operator_user):
    client.force_login(operator_user)
    typed = f"{timezone.localtime() + datetime.timedelta(days=1):%d.%m.%Y %H:%M}"
    response = client.post(reverse("stock:shipment", args=[underway.pk]),
                           {"aktion": "event", "kind": "border", "occurred_at": typed, "note": "Stau"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Der Zeitpunkt liegt in der Zukunft." in page and f'value="{typed}"' in page
    assert 'value="Stau"' in page
    assert underway.events.count() == 1


def test_the_event_form_shows_a_time_before_the_dispatch_beside_the_field(client, underway, operator_user):
    client.force_login(operator_user)
    response = client.post(reverse("stock:shipment", args=[underway.pk]),
                           {"aktion": "event", "kind": "border", "occurred_at": "09.03.2027 08:00", "note": ""})
    assert response.status_code == 200
    assert "Der Zeitpunkt liegt vor der Abfahrt am 10.03.2027 10:00." in response.content.decode()


def test_the_arrival_form_shows_a_future_date_beside_the_field(client, underway, operator_user):
    client.force_login(operator_user)
    line = underway.lines.get()
    typed = f"{timezone.localdate() + datetime.timedelta(days=3):%d.%m.%Y}"
    response = client.post(reverse("stock:shipment", args=[underway.pk]),
                           {"aktion": "delivered", "delivered_on": typed, "confirmation": "Frau K.",
                            f"line_{line.pk}": 4})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Das Ankunftsdatum liegt in der Zukunft." in page and f'value="{typed}"' in page
    underway.refresh_from_db()
    assert underway.status == Shipment.Status.IN_TRANSIT


def test_goods_received_in_the_future_are_refused_on_the_book_in_form(client, clock, association_a, operator_user):
    item, donor = make_item(), make_donor()
    client.force_login(operator_user)
    tomorrow = f"{timezone.localdate() + datetime.timedelta(days=1):%d.%m.%Y}"
    data = {"association": association_a.pk, "kind": "donation", "donor": donor.pk, "received_on": tomorrow,
            "pos-TOTAL_FORMS": 1, "pos-INITIAL_FORMS": 0, "pos-0-item": item.pk, "pos-0-quantity": 3}
    response = client.post(reverse("stock:book-in"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Das Eingangsdatum liegt in der Zukunft." in page and f'value="{tomorrow}"' in page
    response = client.post(reverse("stock:book-in"), {**data, "received_on": "31.12.2021"})
    assert "Das Eingangsdatum liegt vor dem 01.01.2022." in response.content.decode()
    assert not Donation.objects.exists()


def test_the_services_and_the_model_refuse_a_receipt_in_the_future(clock, association_a, operator_user):
    item = make_item()
    future = timezone.localdate() + datetime.timedelta(days=400)
    with pytest.raises(StockError, match="in der Zukunft") as refused:
        record_donation(kind=Donation.Kind.DONATION, donor=make_donor(), received_on=future,
                        association=association_a, lines=[(item, 1, "")], by=operator_user)
    assert refused.value.field == "received_on"
    donation = Donation(kind=Donation.Kind.PROCUREMENT, supplier="Firma", received_on=future,
                        receiving_association=association_a)
    with pytest.raises(ValidationError) as invalid:
        donation.full_clean()
    assert list(invalid.value.error_dict) == ["received_on"]
    donation.received_on = datetime.date(2022, 2, 24)
    donation.full_clean()


# --- The public timeline -------------------------------------------------------------------------------


def test_the_public_timeline_reads_dispatch_events_arrival(client, clock, association_a):
    shipment = make_shipment(source_association=association_a, status=Shipment.Status.DELIVERED,
                             delivered_on=datetime.date(2027, 3, 5))
    # Entered before dates were checked: customs dated before the dispatch, the arrival at noon.
    at = datetime.datetime(2027, 3, 3, 12, tzinfo=BERLIN)
    for kind, occurred_at in [("delivered", at + datetime.timedelta(days=2)),
                              ("customs_entry", at - datetime.timedelta(days=1)),
                              ("dispatched", at),
                              ("customs_release", at + datetime.timedelta(hours=6))]:
        ShipmentEvent.objects.create(shipment=shipment, kind=kind, occurred_at=occurred_at)
    page = client.get(reverse("donations:shipment-detail", args=[shipment.pk])).content.decode()
    timeline = page[page.index('id="events-heading"'):]
    positions = [timeline.index(label) for label in ("abgefahren", "Zollanmeldung", "Zollfreigabe", "angekommen")]
    assert positions == sorted(positions)
