import pytest

from tests.factories import days_ahead, local_dt, make_bay, make_warehouse


@pytest.fixture
def warehouse(db):
    return make_warehouse(name="Lagerhalle am Hafen")


@pytest.fixture
def bay(warehouse):
    return make_bay(warehouse, name="Tor 1")


@pytest.fixture
def day():
    """A day inside the booking window: past the notice time, before the horizon."""
    return days_ahead(3)


@pytest.fixture
def at(day):
    """at(10) → 10:00 local time on `day`."""
    return lambda hour, minute=0: local_dt(day, hour, minute)
