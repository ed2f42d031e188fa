"""On PostgreSQL the database itself keeps bookings apart, also under concurrent requests."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from tests.factories import make_booking, make_membership, make_user
from warehouse.booking.services import SLOT_TAKEN, BookingError, book_slot
from warehouse.models import Booking

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

REQUESTS = 24


@pytest.mark.django_db
def test_the_exclusion_constraint_refuses_an_overlap_written_past_the_service(association_a, association_b, bay, at):
    make_booking(association=association_a, bay=bay, start=at(10), minutes=60)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(association=association_b, bay=bay, start=at(10, 30), minutes=60)
    # Declined and cancelled bookings do not hold time, and touching ends do not overlap.
    make_booking(association=association_b, bay=bay, start=at(10, 30), status=Booking.Status.CANCELLED)
    make_booking(association=association_b, bay=bay, start=at(11), minutes=60)


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_requests_for_one_slot_book_it_once(association_a, bay, at):
    users = []
    for n in range(REQUESTS):
        user = make_user(f"helfer{n}")
        make_membership(user, association_a)
        users.append(user)
    start, end = at(10), at(11)
    barrier = threading.Barrier(REQUESTS)
    results = []
    lock = threading.Lock()

    def request(user):
        try:
            barrier.wait(timeout=10)
            booking = book_slot(association=association_a, bay=bay, start=start, end=end, purpose="deliver",
                                note="", by=user)
            outcome = ("booked", booking.pk)
        except BookingError as error:
            outcome = ("refused", error.message)
        except Exception as error:  # noqa: BLE001 - any other failure must show in the assertion
            outcome = ("error", repr(error))
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=request, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["booked"] + ["refused"] * (REQUESTS - 1), results
    messages = {message for kind, message in results if kind == "refused"}
    assert messages <= {"Dieser Zeitraum ist schon belegt. Bitte wählen Sie eine andere Zeit.", str(SLOT_TAKEN)}
    assert Booking.objects.count() == 1
    booking = Booking.objects.get()
    assert booking.history.count() == 1
    assert booking.end - booking.start == datetime.timedelta(hours=1)
