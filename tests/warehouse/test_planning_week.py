"""Pages that show "this week" by default look ahead once the week has (almost) ended (issue 11)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import local_dt, make_bay, make_shipment, make_warehouse
from warehouse.booking.schedule import planning_week_start

# A Sunday evening in Dortmund, and the Monday after it.
SUNDAY = datetime.date(2026, 11, 29)
NEXT_MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def sunday_evening(time_machine):
    time_machine.move_to(local_dt(SUNDAY, 20, 30), tick=False)


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (datetime.date(2026, 11, 23), datetime.date(2026, 11, 23)),  # Monday: this week
        (datetime.date(2026, 11, 27), datetime.date(2026, 11, 23)),  # Friday: still this week
        (datetime.date(2026, 11, 28), NEXT_MONDAY),  # Saturday: the week has almost ended
        (SUNDAY, NEXT_MONDAY),
    ],
)
def test_planning_week_is_the_week_of_the_day_after_tomorrow(today, monday):
    assert planning_week_start(today) == monday


def test_the_default_is_todays_local_date(sunday_evening):
    assert planning_week_start() == NEXT_MONDAY


@pytest.mark.django_db
def test_the_booking_wizard_offers_next_week_on_a_sunday_evening(client, member_a, sunday_evening):
    make_bay(make_warehouse())
    client.force_login(member_a)
    response = client.get(reverse("warehouse:booking-create"))
    assert response.status_code == 200
    assert response.context["choose"]["week"].value() == NEXT_MONDAY.isoformat()


@pytest.mark.django_db
def test_the_booking_wizard_finds_free_times_in_that_week(client, member_a, sunday_evening):
    bay = make_bay(make_warehouse())
    client.force_login(member_a)
    response = client.get(reverse("warehouse:booking-create"), {"bay": bay.pk, "week": NEXT_MONDAY.isoformat()})
    starts = [timezone.localtime(datetime.datetime.fromisoformat(v)) for v, _label in
              response.context["form"].fields["start"].choices]
    # 24 hours' notice from Sunday 20:30 leaves Monday (open until 19:00) out; Tuesday morning is free.
    assert min(starts) == local_dt(NEXT_MONDAY + datetime.timedelta(days=1), 7)


@pytest.mark.django_db
def test_the_occupancy_page_shows_next_week_on_a_sunday_evening(client, member_a, sunday_evening):
    make_bay(make_warehouse())
    client.force_login(member_a)
    response = client.get(reverse("warehouse:week"))
    assert response.context["monday"] == NEXT_MONDAY
    states = {cell.state for _time, cells in response.context["rows"] for cell in cells if cell}
    assert "free" in states


@pytest.mark.django_db
def test_the_dashboard_shows_next_weeks_shipments_on_a_sunday(client, staff_user, association_a, sunday_evening):
    make_shipment(source_association=association_a, title="Heute", planned_on=SUNDAY)
    make_shipment(source_association=association_a, title="Am Dienstag", planned_on=NEXT_MONDAY + datetime.timedelta(1))
    make_shipment(source_association=association_a, title="Zu weit", planned_on=NEXT_MONDAY + datetime.timedelta(7))
    client.force_login(staff_user)
    titles = [s.title for s in client.get("/intern/").context["shipments"]]
    assert titles == ["Heute", "Am Dienstag"]
