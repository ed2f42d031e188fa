"""Rules kept by the models: units per line, state changes of offers, needs shown now.

Shipment transitions are services: tests/warehouse/test_shipment_transitions.py.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from donations.models import DonationOffer, ItemUnit, Need
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
