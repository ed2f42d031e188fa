"""The stock ledger: every workflow writes movements and levels together, and never below zero."""

import pytest
from django.db import IntegrityError, transaction

from donations.models import Donation, DonationOffer, Shipment
from tests.factories import (
    give_stock,
    make_association,
    make_donation,
    make_item,
    make_offer,
    make_shipment,
)
from warehouse.stock.models import LedgerIsAppendOnly, StockLevel, StockMovement
from warehouse.stock.services import (
    StockError,
    adjust_stock,
    book_in,
    dispatch_shipment,
    finalise_stocktake,
    receive_donation,
    receive_offer,
    record_count,
    start_stocktake,
    transfer_stock,
)


def level(item, association):
    row = StockLevel.objects.filter(item=item, association=association).first()
    return row.quantity if row else 0


@pytest.fixture
def item(db):
    return make_item(name="Feldbett")


def test_book_in_writes_a_movement_and_the_level(item, association_a, operator_user):
    movement = book_in(item=item, association=association_a, quantity=12, by=operator_user, note="Spende")
    assert level(item, association_a) == 12
    assert movement.kind == StockMovement.Kind.RECEIPT and movement.quantity == 12
    assert movement.created_by == operator_user


def test_book_in_refuses_zero(item, association_a, operator_user):
    with pytest.raises(StockError):
        book_in(item=item, association=association_a, quantity=0, by=operator_user)


def test_ledger_rows_cannot_be_changed_or_deleted(item, association_a):
    movement = give_stock(item, association_a, 3)
    movement.note = "geändert"
    with pytest.raises(LedgerIsAppendOnly):
        movement.save()
    with pytest.raises(LedgerIsAppendOnly):
        movement.delete()
    with pytest.raises(LedgerIsAppendOnly):
        StockMovement.objects.filter(pk=movement.pk).update(quantity=5)
    with pytest.raises(LedgerIsAppendOnly):
        StockMovement.objects.all().delete()


def test_the_database_refuses_a_negative_level(item, association_a):
    give_stock(item, association_a, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(item=item, association=association_a).update(quantity=-1)


@pytest.mark.postgres
def test_postgres_trigger_refuses_updating_the_ledger(item, association_a):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    movement = give_stock(item, association_a, 1)
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE warehouse_stockmovement SET quantity = 9 WHERE id = %s", [movement.pk])


def test_receive_donation_books_each_line_once(association_a, operator_user):
    beds, blankets = make_item(), make_item()
    donation = make_donation(association=association_a, lines=[(beds, 4), (blankets, 30)])
    receive_donation(donation=donation, by=operator_user)
    assert (level(beds, association_a), level(blankets, association_a)) == (4, 30)
    donation.refresh_from_db()
    assert donation.booked_in_at is not None
    assert set(donation.stock_movements.values_list("quantity", flat=True)) == {4, 30}
    with pytest.raises(StockError, match="schon eingebucht"):
        receive_donation(donation=donation, by=operator_user)
    assert level(beds, association_a) == 4


def test_dispatch_takes_every_line_and_puts_the_shipment_in_transit(association_a, operator_user):
    beds, blankets = make_item(), make_item()
    give_stock(beds, association_a, 10)
    give_stock(blankets, association_a, 50)
    shipment = make_shipment(source_association=association_a, lines=[(beds, 6), (blankets, 50)])
    dispatch_shipment(shipment=shipment, by=operator_user)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    assert (level(beds, association_a), level(blankets, association_a)) == (4, 0)
    assert shipment.stock_movements.count() == 2
    assert shipment.events.filter(kind="dispatched").exists()


def test_dispatch_is_all_or_nothing_and_names_what_is_short(association_a, operator_user):
    beds, blankets = make_item(name="Krankenhausbett"), make_item(name="Wolldecke")
    give_stock(beds, association_a, 10)
    give_stock(blankets, association_a, 5)
    shipment = make_shipment(source_association=association_a, lines=[(beds, 6), (blankets, 8)])
    with pytest.raises(StockError) as error:
        dispatch_shipment(shipment=shipment, by=operator_user)
    assert "Wolldecke: 8 benötigt, 5 vorhanden" in error.value.message
    assert "Krankenhausbett" not in error.value.message
    assert (level(beds, association_a), level(blankets, association_a)) == (10, 5)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.PLANNED
    assert not StockMovement.objects.filter(shipment=shipment).exists()


def test_dispatch_adds_up_two_lines_of_the_same_item(association_a, operator_user, item):
    give_stock(item, association_a, 5)
    shipment = make_shipment(source_association=association_a, lines=[(item, 3), (item, 3)])
    with pytest.raises(StockError, match="6 benötigt, 5 vorhanden"):
        dispatch_shipment(shipment=shipment, by=operator_user)


def test_a_shipment_is_dispatched_only_once(association_a, operator_user, item):
    give_stock(item, association_a, 5)
    shipment = make_shipment(source_association=association_a, lines=[(item, 2)])
    dispatch_shipment(shipment=shipment, by=operator_user)
    with pytest.raises(StockError, match="inzwischen abgefahren"):
        dispatch_shipment(shipment=shipment, by=operator_user)
    assert level(item, association_a) == 3


def test_dispatch_takes_only_from_the_source_association(association_a, association_b, operator_user, item):
    give_stock(item, association_b, 10)
    shipment = make_shipment(source_association=association_a, lines=[(item, 1)])
    with pytest.raises(StockError, match="1 benötigt, 0 vorhanden"):
        dispatch_shipment(shipment=shipment, by=operator_user)


def test_transfer_changes_the_owner(association_a, association_b, operator_user, item):
    give_stock(item, association_a, 10)
    transfer_stock(item=item, from_association=association_a, to_association=association_b, quantity=4,
                   by=operator_user, note="Übergabe")
    assert (level(item, association_a), level(item, association_b)) == (6, 4)
    rows = StockMovement.objects.filter(kind=StockMovement.Kind.TRANSFER).order_by("quantity")
    assert [(r.association, r.quantity, r.counterpart) for r in rows] == [
        (association_a, -4, association_b), (association_b, 4, association_a)
    ]


def test_transfer_refuses_more_than_there_is(association_a, association_b, operator_user, item):
    give_stock(item, association_a, 2)
    with pytest.raises(StockError, match="nur 2 Stück"):
        transfer_stock(item=item, from_association=association_a, to_association=association_b, quantity=3,
                       by=operator_user)
    with pytest.raises(StockError):
        transfer_stock(item=item, from_association=association_a, to_association=association_a, quantity=1,
                       by=operator_user)


@pytest.mark.parametrize(
    ("reason", "quantity", "expected"), [("lost", -2, 3), ("damaged", -5, 0), ("expired", -1, 4), ("found", 3, 8)]
)
def test_adjust_with_a_reason(association_a, operator_user, item, reason, quantity, expected):
    give_stock(item, association_a, 5)
    movement = adjust_stock(item=item, association=association_a, quantity=quantity, reason=reason,
                            by=operator_user, note="Zählfehler")
    assert level(item, association_a) == expected
    assert movement.reason == reason


def test_adjust_refuses_the_wrong_sign_or_going_negative(association_a, operator_user, item):
    give_stock(item, association_a, 5)
    with pytest.raises(StockError):
        adjust_stock(item=item, association=association_a, quantity=2, reason="lost", by=operator_user)
    with pytest.raises(StockError, match="nur 5"):
        adjust_stock(item=item, association=association_a, quantity=-6, reason="damaged", by=operator_user)
    assert level(item, association_a) == 5


def test_stocktake_changes_stock_only_when_finalised(association_a, operator_user):
    beds, blankets, tents = make_item(), make_item(), make_item()
    give_stock(beds, association_a, 10)
    give_stock(blankets, association_a, 20)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=beds, counted=8, by=operator_user)
    record_count(stocktake=stocktake, item=blankets, counted=20, by=operator_user)
    record_count(stocktake=stocktake, item=tents, counted=2, by=operator_user)
    record_count(stocktake=stocktake, item=beds, counted=9, by=operator_user)  # a recount replaces the count
    assert level(beds, association_a) == 10
    changes = finalise_stocktake(stocktake=stocktake, by=operator_user)
    assert sorted(c.movement.quantity for c in changes if c.movement) == [-1, 2]
    assert (level(beds, association_a), level(blankets, association_a), level(tents, association_a)) == (9, 20, 2)
    with pytest.raises(StockError, match="abgeschlossen"):
        finalise_stocktake(stocktake=stocktake, by=operator_user)
    with pytest.raises(StockError, match="abgeschlossen"):
        record_count(stocktake=stocktake, item=beds, counted=1, by=operator_user)


def test_only_one_open_stocktake_per_association(association_a, operator_user):
    start_stocktake(association=association_a, by=operator_user)
    with pytest.raises(StockError):
        start_stocktake(association=association_a, by=operator_user)


def test_receive_offer_records_donor_donation_and_stock(association_a, operator_user, item):
    offer = make_offer(status=DonationOffer.Status.ACCEPTED)
    donation = receive_offer(offer=offer, item=item, quantity=20, association=association_a, by=operator_user)
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.RECEIVED and offer.donation == donation
    assert offer.closed_at is not None
    assert donation.kind == Donation.Kind.DONATION and donation.donor.name == "Erika Muster"
    assert level(item, association_a) == 20
    with pytest.raises(StockError):
        receive_offer(offer=offer, item=item, quantity=20, association=association_a, by=operator_user)


def test_levels_are_per_owner(association_a, item):
    other = make_association()
    give_stock(item, association_a, 3)
    give_stock(item, other, 7)
    assert (level(item, association_a), level(item, other)) == (3, 7)
