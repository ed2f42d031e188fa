"""Rules kept by the models: units per line, state changes of offers and shipments, needs shown now."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from donations.models import DonationOffer, ItemUnit, Need, Shipment
from tests.factories import make_association, make_item, make_need, make_offer, make_shipment


def test_a_shipment_line_names_at_most_as_many_units_as_it_carries(db):
    bus = make_item(tracked_individually=True)
    line = make_shipment(source_association=make_association(), lines=[(bus, 1)]).lines.get()
    ItemUnit.objects.create(item=bus, identifier="DO-SW 1", shipment_line=line)
    second = ItemUnit(item=bus, identifier="DO-SW 2", shipment_line=line)
    with pytest.raises(ValidationError):
        second.full_clean()
    with pytest.raises(ValidationError):
        ItemUnit(item=make_item(), identifier="X").full_clean()  # not tracked individually


def test_offers_move_from_new_to_accepted_declined_or_received(db, staff_user):
    offer = make_offer()
    offer.accept(by=staff_user)
    assert offer.status == DonationOffer.Status.ACCEPTED and offer.closed_at is None
    with pytest.raises(ValidationError):
        offer.accept(by=staff_user)
    offer.decline(by=staff_user, reason="Wird nicht gebraucht")
    assert offer.status == DonationOffer.Status.DECLINED and offer.closed_at is not None
    with pytest.raises(ValidationError):
        offer.decline(by=staff_user)


def test_a_shipment_is_cancelled_only_before_dispatch_and_with_a_reason(db, staff_user):
    shipment = make_shipment(source_association=make_association())
    with pytest.raises(ValidationError):
        shipment.cancel(by=staff_user, reason=" ")
    shipment.cancel(by=staff_user, reason="Kein Fahrzeug")
    assert shipment.status == Shipment.Status.CANCELLED
    assert shipment.history.first().history_user == staff_user
    underway = make_shipment(source_association=make_association(), status=Shipment.Status.IN_TRANSIT)
    with pytest.raises(ValidationError):
        underway.cancel(by=staff_user, reason="Zu spät")


def test_events_and_arrival_only_while_in_transit(db, staff_user):
    shipment = make_shipment(source_association=make_association())
    with pytest.raises(ValidationError):
        shipment.add_event(kind="customs_entry", occurred_at=datetime.datetime.now(datetime.UTC), by=staff_user)
    with pytest.raises(ValidationError):
        shipment.mark_delivered(received={}, delivered_on=datetime.date(2026, 1, 1), confirmation="", by=staff_user)


def test_current_needs_are_open_and_within_their_dates(db):
    today = datetime.date(2026, 6, 1)
    shown = make_need(needed_from=datetime.date(2026, 1, 1))
    make_need(needed_from=datetime.date(2026, 1, 1), is_open=False)
    make_need(needed_from=datetime.date(2026, 1, 1), needed_until=datetime.date(2026, 5, 31))
    make_need(needed_from=datetime.date(2026, 7, 1))
    assert list(Need.objects.current(today)) == [shown]


def test_a_need_takes_the_category_of_its_item(db):
    item = make_item()
    assert make_need(item=item).category == item.category
