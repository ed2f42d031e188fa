"""Concurrent dispatches of the same stock from real database connections (PostgreSQL only)."""

import threading

import pytest
from django.db import connection, connections

from donations.models import Shipment
from tests.factories import give_stock, make_association, make_item, make_shipment
from warehouse.stock.models import StockLevel, StockMovement
from warehouse.stock.services import StockError, dispatch_shipment

WORKERS = 24


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatches_never_take_more_than_there_is():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent connections need PostgreSQL")
    association = make_association()
    item = make_item()
    give_stock(item, association, 50)
    # Each shipment wants 3: 24 × 3 = 72 > 50, so exactly 16 can leave and 8 must be refused.
    shipments = [make_shipment(source_association=association, lines=[(item, 3)]) for _ in range(WORKERS)]
    barrier = threading.Barrier(WORKERS)
    outcomes = []
    lock = threading.Lock()

    def dispatch(shipment):
        try:
            barrier.wait(timeout=30)
            dispatch_shipment(shipment=shipment, by=None)
            result = "sent"
        except StockError:
            result = "short"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=dispatch, args=(s,)) for s in shipments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == WORKERS
    taken = -sum(StockMovement.objects.filter(item=item, kind="dispatch").values_list("quantity", flat=True))
    assert taken <= 50
    assert outcomes.count("sent") == 16 and outcomes.count("short") == 8
    assert taken == 3 * outcomes.count("sent")
    assert StockLevel.objects.get(item=item, association=association).quantity == 50 - taken
    assert Shipment.objects.filter(status=Shipment.Status.IN_TRANSIT).count() == outcomes.count("sent")
