"""Property: after any sequence of movements, each level is the sum of its ledger rows and never negative."""

import contextlib

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_association, make_item, make_shipment
from warehouse.stock.models import StockLevel, StockMovement
from warehouse.stock.services import (
    StockError,
    adjust_stock,
    book_in,
    dispatch_shipment,
    finalise_stocktake,
    record_count,
    start_stocktake,
    transfer_stock,
)

ITEMS, OWNERS = 3, 2

operation = st.one_of(
    st.tuples(st.just("book_in"), st.integers(0, ITEMS - 1), st.integers(0, OWNERS - 1), st.integers(1, 20)),
    st.tuples(st.just("dispatch"), st.integers(0, ITEMS - 1), st.integers(0, OWNERS - 1), st.integers(1, 20)),
    st.tuples(st.just("transfer"), st.integers(0, ITEMS - 1), st.integers(0, OWNERS - 1), st.integers(1, 20)),
    st.tuples(st.just("lose"), st.integers(0, ITEMS - 1), st.integers(0, OWNERS - 1), st.integers(1, 20)),
    st.tuples(st.just("find"), st.integers(0, ITEMS - 1), st.integers(0, OWNERS - 1), st.integers(1, 20)),
    st.tuples(st.just("count"), st.integers(0, ITEMS - 1), st.integers(0, OWNERS - 1), st.integers(0, 30)),
)


def apply(op, items, owners):
    name, i, o, amount = op
    item, owner, other = items[i], owners[o], owners[(o + 1) % OWNERS]
    if name == "book_in":
        book_in(item=item, association=owner, quantity=amount, by=None)
    elif name == "dispatch":
        dispatch_shipment(shipment=make_shipment(source_association=owner, lines=[(item, amount)]), by=None)
    elif name == "transfer":
        transfer_stock(item=item, from_association=owner, to_association=other, quantity=amount, by=None)
    elif name == "lose":
        adjust_stock(item=item, association=owner, quantity=-amount, reason="lost", by=None)
    elif name == "find":
        adjust_stock(item=item, association=owner, quantity=amount, reason="found", by=None)
    else:
        stocktake = start_stocktake(association=owner, by=_user())
        record_count(stocktake=stocktake, item=item, counted=amount, by=_user())
        finalise_stocktake(stocktake=stocktake, by=_user())


def _user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username="zaehler")[0]


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=25))
def test_levels_equal_the_sum_of_the_ledger_and_are_never_negative(operations):
    items = [make_item() for _ in range(ITEMS)]
    owners = [make_association() for _ in range(OWNERS)]
    expected = {}
    for op in operations:
        with contextlib.suppress(StockError):
            apply(op, items, owners)
        for level in StockLevel.objects.filter(item__in=items):
            assert level.quantity >= 0
            expected[(level.item_id, level.association_id)] = level.quantity
    sums = {
        (row["item"], row["association"]): row["total"]
        for row in StockMovement.objects.filter(item__in=items).values("item", "association").annotate(
            total=Sum("quantity")
        )
    }
    levels = {(lv.item_id, lv.association_id): lv.quantity for lv in StockLevel.objects.filter(item__in=items)}
    assert {k: v for k, v in levels.items() if v} == {k: v for k, v in sums.items() if v}
    for key, total in sums.items():
        assert levels.get(key, 0) == total
