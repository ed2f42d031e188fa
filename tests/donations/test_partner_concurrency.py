"""A double click from real database connections (PostgreSQL only): a needs list is taken into needs
once, and two confirmations of one shipment deliver it once."""

import threading

import pytest
from django.db import connection, connections

from donations.models import Need, Shipment, ShipmentEvent
from donations.partner_requests import RequestError, accept_needs_request, submit_needs_request
from donations.receipts import receipt_link
from tests.donations.partner_support import make_contact, needs_link, shipment_in_transit
from tests.factories import make_association, make_item, make_need
from warehouse.stock.receipts import confirm_receipt
from warehouse.stock.services import StockError

WORKERS = 6


def run_together(work):
    barrier = threading.Barrier(WORKERS)
    outcomes, lock = [], threading.Lock()

    def worker():
        try:
            barrier.wait(timeout=30)
            result = work()
        except (RequestError, StockError):
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_needs_list_is_taken_into_needs_once():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent connections need PostgreSQL")
    link = needs_link(make_contact())
    item = make_item()
    need = make_need(item=item, partner_city=link.contact.partner_city, quantity=10)
    request = submit_needs_request(link=link, institution="Feuerwehr", deadline=None, note="", lines=[
        {"item": item, "description": "", "quantity": 5, "unit": "piece", "priority": 3}])

    outcomes = run_together(lambda: accept_needs_request(request=request, by=None) and "accepted")
    assert sorted(outcomes) == ["accepted"] + ["refused"] * (WORKERS - 1)
    need.refresh_from_db()
    assert need.quantity == 15 and Need.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_one_shipment_deliver_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent connections need PostgreSQL")
    shipment = shipment_in_transit(association=make_association(), items=[(make_item(), 10)])
    link = receipt_link(shipment)
    line = shipment.lines.get()

    def confirm():
        confirm_receipt(shipment=shipment, link=link, confirmed_by="Olena", lines={line.pk: (9, "good")})
        return "confirmed"

    outcomes = run_together(confirm)
    # The first delivers; the others arrive within the 14 days and are corrections of the same numbers.
    assert len(outcomes) == WORKERS and "confirmed" in outcomes
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED
    assert shipment.events.filter(kind=ShipmentEvent.Kind.DELIVERED).count() == 1
    assert not shipment.events.filter(kind=ShipmentEvent.Kind.NOTE).exists()  # the repeats changed nothing
    assert shipment.lines.get().received_quantity == 9
