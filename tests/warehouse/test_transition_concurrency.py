"""Transitions racing each other from real database connections (PostgreSQL only).

Each round starts one shipment (or stocktake) and lets several threads fire two transitions at it
at once. Whatever order the database picks, the end is one of the legal states, stock equals the
ledger and nothing is taken twice. The through-gunicorn version of these races lives in tests/ops.
"""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from donations.models import Shipment
from tests.factories import give_stock, make_association, make_item, make_shipment, make_user
from warehouse.stock.models import StockLevel, StockMovement, Stocktake, StocktakeCount
from warehouse.stock.services import (
    StockError,
    cancel_shipment,
    dispatch_shipment,
    finalise_stocktake,
    record_count,
    start_packing,
    start_stocktake,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections need PostgreSQL"),
]

ROUNDS = 8
THREADS_PER_SIDE = 3


def race(*calls):
    """Run the calls in parallel threads, started together; return "ok" or "refused" per call."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            call()
            outcomes[index] = "ok"
        except StockError:
            outcomes[index] = "refused"
        except Exception as error:  # noqa: BLE001 - an unexpected error is the finding; keep it visible
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def ledger(item, association):
    total = StockMovement.objects.filter(item=item, association=association).aggregate(total=Sum("quantity"))
    return total["total"] or 0


def level(item, association):
    return StockLevel.objects.get(item=item, association=association).quantity


@pytest.fixture
def setup():
    association = make_association()
    item = make_item()
    give_stock(item, association, 1000)
    return association, item, make_user("lager")


def test_cancel_and_dispatch_in_parallel_end_in_one_legal_state(setup):
    association, item, user = setup
    for _round in range(ROUNDS):
        before = level(item, association)
        shipment = make_shipment(source_association=association, lines=[(item, 5)])
        dispatches = [lambda s=shipment: dispatch_shipment(shipment=s, by=user)] * THREADS_PER_SIDE
        cancels = [lambda s=shipment: cancel_shipment(shipment=s, reason="Kein Fahrzeug", by=user)] * THREADS_PER_SIDE
        outcomes = race(*[call for pair in zip(dispatches, cancels, strict=True) for call in pair])
        assert set(outcomes) <= {"ok", "refused"}, outcomes
        assert outcomes.count("ok") == 1, outcomes
        shipment.refresh_from_db()
        taken = -sum(StockMovement.objects.filter(shipment=shipment).values_list("quantity", flat=True))
        if shipment.status == Shipment.Status.IN_TRANSIT:
            assert taken == 5 and shipment.cancel_reason == ""
        else:
            assert shipment.status == Shipment.Status.CANCELLED
            assert taken == 0 and shipment.dispatched_at is None and not shipment.events.exists()
        assert level(item, association) == before - taken == ledger(item, association)


def test_pack_and_dispatch_in_parallel_take_the_stock_once(setup):
    association, item, user = setup
    for _round in range(ROUNDS):
        before = level(item, association)
        shipment = make_shipment(source_association=association, lines=[(item, 5)])
        dispatches = [lambda s=shipment: dispatch_shipment(shipment=s, by=user)] * THREADS_PER_SIDE
        packs = [lambda s=shipment: start_packing(shipment=s, by=user)] * THREADS_PER_SIDE
        outcomes = race(*[call for pair in zip(dispatches, packs, strict=True) for call in pair])
        assert set(outcomes) <= {"ok", "refused"}, outcomes
        dispatch_outcomes, pack_outcomes = outcomes[0::2], outcomes[1::2]
        assert dispatch_outcomes.count("ok") == 1 and pack_outcomes.count("ok") <= 1, outcomes
        shipment.refresh_from_db()
        assert shipment.status == Shipment.Status.IN_TRANSIT
        with pytest.raises(StockError):
            dispatch_shipment(shipment=shipment, by=user)
        assert StockMovement.objects.filter(shipment=shipment).count() == 1
        assert level(item, association) == before - 5 == ledger(item, association)


def test_two_stocktakes_started_at_once_open_one(setup):
    association, _item, user = setup
    outcomes = race(*[lambda: start_stocktake(association=association, by=user)] * 6)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    assert Stocktake.objects.open().filter(association=association).count() == 1


def test_a_count_racing_the_close_is_either_in_it_or_refused(setup):
    association, counted_item, user = setup
    for _round in range(ROUNDS):
        late_item = make_item()
        stocktake = start_stocktake(association=association, by=user)
        record_count(stocktake=stocktake, item=counted_item, counted=level(counted_item, association), by=user)
        outcomes = race(
            lambda s=stocktake: finalise_stocktake(stocktake=s, by=user),
            lambda s=stocktake, i=late_item: record_count(stocktake=s, item=i, counted=7, by=user),
        )
        assert outcomes[0] == "ok", outcomes
        late_count = StocktakeCount.objects.filter(stocktake=stocktake, item=late_item).exists()
        if outcomes[1] == "ok":
            # Counted before the close: its difference is booked.
            assert late_count and level(late_item, association) == 7
        else:
            assert outcomes[1] == "refused" and not late_count
            assert not StockLevel.objects.filter(item=late_item, association=association, quantity__gt=0).exists()
        assert ledger(late_item, association) == (7 if late_count else 0)


def test_a_count_racing_a_dispatch_is_applied_to_the_level_it_saw(setup):
    association, item, user = setup
    for _round in range(ROUNDS):
        stocktake = start_stocktake(association=association, by=user)
        before = level(item, association)
        shipment = make_shipment(source_association=association, lines=[(item, 4)])
        outcomes = race(
            lambda s=shipment: dispatch_shipment(shipment=s, by=user),
            lambda s=stocktake, n=before: record_count(stocktake=s, item=item, counted=n, by=user),
        )
        assert outcomes == ["ok", "ok"]
        count = StocktakeCount.objects.get(stocktake=stocktake, item=item)
        assert count.recorded in (before, before - 4)
        finalise_stocktake(stocktake=stocktake, by=user)
        # Counted before the dispatch: the 4 stay gone. Counted after it: the count says 4 more are there.
        expected = before - 4 if count.recorded == before else before
        assert level(item, association) == expected == ledger(item, association)
