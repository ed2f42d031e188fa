import io

import pytest
from django.core.management import call_command

from warehouse.models import Booking, LoadingBay, Warehouse

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_hall_with_a_schedule_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    warehouse = Warehouse.objects.get()
    assert warehouse.demo_values
    assert warehouse.operator.slug == "grenzenlose-waerme"
    assert LoadingBay.objects.count() == 3
    assert warehouse.opening_hours.count() == 11
    bookings = Booking.objects.count()
    assert bookings >= 8
    assert Booking.objects.filter(status=Booking.Status.REQUESTED).exists()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Booking.objects.count() == bookings
    assert "Lagerhallen: 1 (neu 0, geändert 0)" in out.getvalue()
