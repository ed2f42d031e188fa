"""Every rule of book_slot, one test each, and the history it leaves."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Association
from tests.factories import (
    local_dt,
    make_association,
    make_bay,
    make_blocked_time,
    make_booking,
    make_warehouse,
)
from warehouse.booking.services import (
    BookingError,
    book_slot,
    cancel_booking,
    confirm_booking,
    decline_booking,
    update_booking,
)
from warehouse.models import Booking, ClosedDay

pytestmark = pytest.mark.django_db


def book(association, bay, start, minutes=60, **extra):
    return book_slot(
        association=association, bay=bay, start=start, end=start + datetime.timedelta(minutes=minutes),
        purpose=Booking.Purpose.DELIVER, note=extra.pop("note", ""), by=extra.pop("by", None), **extra,
    )


def refused(association, bay, start, minutes=60, **extra):
    with pytest.raises(BookingError) as info:
        book(association, bay, start, minutes, **extra)
    return info.value


def test_a_valid_booking_is_requested(association_a, bay, at, member_a):
    booking = book(association_a, bay, at(10), by=member_a, note="  zwei Paletten ")
    assert booking.status == Booking.Status.REQUESTED
    assert booking.created_by == member_a
    assert booking.note == "zwei Paletten"
    assert booking.duration == datetime.timedelta(hours=1)


def test_an_auto_confirming_bay_confirms_at_once(association_a, warehouse, at):
    bay = make_bay(warehouse, auto_confirm=True)
    booking = book(association_a, bay, at(10))
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.decided_at is not None


def test_outside_opening_hours_is_refused(association_a, bay, at):
    error = refused(association_a, bay, at(6))
    assert error.field == "start"
    assert error.message == "Die Buchung muss in den Öffnungszeiten liegen (07:00–19:00)."


def test_running_past_closing_time_is_a_duration_error(association_a, bay, at):
    error = refused(association_a, bay, at(18), minutes=120)
    assert error.field == "duration"


def test_a_weekday_without_opening_hours_is_closed(association_a, day):
    warehouse_closed_that_day = make_bay(
        make_warehouse(
            weekdays=[d for d in range(7) if d != day.weekday()]
        )
    )
    error = refused(association_a, warehouse_closed_that_day, local_dt(day, 10))
    assert error.message == "An diesem Tag ist die Halle geschlossen."


def test_a_closed_day_is_refused_with_its_reason(association_a, bay, warehouse, day, at):
    ClosedDay.objects.create(warehouse=warehouse, date=day, reason="Betriebsversammlung")
    error = refused(association_a, bay, at(10))
    assert "geschlossen: Betriebsversammlung" in error.message


def test_start_off_the_slot_grid_is_refused(association_a, bay, at):
    error = refused(association_a, bay, at(10, 15))
    assert error.field == "start"
    assert "Raster" in error.message


def test_length_off_the_grid_is_refused(association_a, bay, at):
    assert "Raster" in refused(association_a, bay, at(10), minutes=45).message


def test_too_short_and_too_long_are_refused(association_a, warehouse, bay, at):
    warehouse.min_booking_minutes = 60
    warehouse.save()
    bay.refresh_from_db()
    assert refused(association_a, bay, at(10), minutes=30).message == "Eine Buchung dauert mindestens 1 Stunde."
    error = refused(association_a, bay, at(10), minutes=270)
    assert error.field == "duration"
    assert error.message == "Eine Buchung dauert höchstens 4 Stunden."


def test_end_before_start_is_refused(association_a, bay, at):
    assert refused(association_a, bay, at(10), minutes=-30).field == "duration"


def test_short_notice_is_refused(association_a, bay):
    # Two real hours from now; wall-clock arithmetic could land in the hour skipped in spring.
    soon = timezone.localtime(timezone.now() + datetime.timedelta(hours=2))
    error = refused(association_a, bay, soon.replace(minute=0, second=0, microsecond=0))
    assert error.field == "start"
    assert "mindestens 24 Stunden vor Beginn" in error.message


def test_too_far_ahead_is_refused(association_a, bay):
    far = local_dt(timezone.localdate() + datetime.timedelta(days=29), 10)
    assert "höchstens 28 Tage im Voraus" in refused(association_a, bay, far).message


def test_the_last_day_of_the_horizon_is_allowed(association_a, bay):
    book(association_a, bay, local_dt(timezone.localdate() + datetime.timedelta(days=28), 10))


def test_an_overlap_with_an_active_booking_is_refused(association_a, association_b, bay, at):
    make_booking(association=association_b, bay=bay, start=at(10), minutes=60)
    error = refused(association_a, bay, at(10, 30))
    assert error.field == "start"
    assert error.message == "Dieser Zeitraum ist schon belegt. Bitte wählen Sie eine andere Zeit."


def test_a_booking_running_into_the_next_one_is_a_duration_error(association_a, association_b, bay, at):
    make_booking(association=association_b, bay=bay, start=at(11), minutes=60)
    error = refused(association_a, bay, at(10), minutes=120)
    assert error.field == "duration"
    assert "Ab 11:00" in error.message


def test_declined_and_cancelled_bookings_free_their_time(association_a, association_b, bay, at):
    make_booking(association=association_b, bay=bay, start=at(10), status=Booking.Status.DECLINED)
    make_booking(association=association_b, bay=bay, start=at(10), status=Booking.Status.CANCELLED)
    book(association_a, bay, at(10))


def test_other_bays_do_not_conflict(association_a, association_b, warehouse, bay, at):
    make_booking(association=association_b, bay=bay, start=at(10))
    book(association_a, make_bay(warehouse), at(10))


def test_back_to_back_bookings_are_allowed_without_buffer(association_a, association_b, bay, at):
    make_booking(association=association_b, bay=bay, start=at(10))
    book(association_a, bay, at(11))


def test_the_buffer_keeps_bookings_apart(association_a, association_b, warehouse, bay, at):
    warehouse.buffer_minutes = 30
    warehouse.save()
    bay.refresh_from_db()
    make_booking(association=association_b, bay=bay, start=at(10))
    error = refused(association_a, bay, at(11))
    assert "30 Minuten frei" in error.message
    book(association_a, bay, at(11, 30))


def test_a_blocked_bay_is_refused(association_a, warehouse, bay, at):
    make_blocked_time(warehouse=warehouse, bay=bay, start=at(9), minutes=120, reason="Rolltor-Wartung")
    error = refused(association_a, bay, at(10))
    assert error.message == "Von 09:00 bis 11:00 ist die Ladezone gesperrt: Rolltor-Wartung."


def test_a_blocked_warehouse_blocks_every_bay(association_a, warehouse, bay, at):
    make_blocked_time(warehouse=warehouse, start=at(10), minutes=60, reason="Inventur")
    assert "Inventur" in refused(association_a, bay, at(10)).message


def test_a_block_of_another_bay_does_not_count(association_a, warehouse, bay, at):
    make_blocked_time(warehouse=warehouse, bay=make_bay(warehouse), start=at(10))
    book(association_a, bay, at(10))


def test_the_weekly_quota_counts_active_bookings_of_the_association(association_a, warehouse, bay, day):
    warehouse.weekly_quota_hours = 3
    warehouse.save()
    bay.refresh_from_db()
    monday = day - datetime.timedelta(days=day.weekday())
    other_day = monday if day != monday else monday + datetime.timedelta(days=1)
    make_booking(association=association_a, bay=bay, start=local_dt(other_day, 8), minutes=120)
    make_booking(association=association_a, bay=bay, start=local_dt(other_day, 12), status=Booking.Status.CANCELLED)
    book(association_a, bay, local_dt(day, 15), minutes=60)
    error = refused(association_a, bay, local_dt(day, 10), minutes=30)
    assert error.field == "duration"
    assert "schon 3 Stunden gebucht" in error.message


def test_the_quota_of_one_association_does_not_limit_another(association_a, association_b, warehouse, bay, at):
    warehouse.weekly_quota_hours = 1
    warehouse.save()
    bay.refresh_from_db()
    book(association_a, bay, at(10))
    book(association_b, bay, at(12))


def test_an_inactive_bay_is_refused(association_a, warehouse, at):
    error = refused(association_a, make_bay(warehouse, is_active=False), at(10))
    assert error.field == "bay"


def test_an_association_without_warehouse_use_is_refused(bay, at):
    outsider = make_association(warehouse_role=Association.WarehouseRole.NONE)
    assert refused(outsider, bay, at(10)).field == "association"


def test_a_booking_across_the_change_to_winter_time_has_its_real_length(association_a):
    # 25 Oct 2026: clocks go back at 03:00 CEST to 02:00 CET, so 01:00–04:00 lasts four hours.
    warehouse = make_warehouse(
        opening=[(datetime.time(0), datetime.time(6))], max_booking_minutes=300
    )
    bay = make_bay(warehouse)
    day = datetime.date(2026, 10, 25)
    start = local_dt(day, 1)
    end = start.astimezone(datetime.UTC) + datetime.timedelta(hours=4)
    now = local_dt(datetime.date(2026, 10, 20), 12)
    booking = book_slot(
        association=association_a, bay=bay, start=start, end=end, purpose="deliver", by=None, now=now
    )
    booking.refresh_from_db()
    assert booking.duration == datetime.timedelta(hours=4)
    assert timezone.localtime(booking.start).strftime("%H:%M %Z") == "01:00 CEST"
    assert timezone.localtime(booking.end).strftime("%H:%M %Z") == "04:00 CET"
    # Opening 00:00–06:00 that night is seven real hours: a five-hour booking from 01:00 fits.
    book_slot(
        association=association_a, bay=make_bay(warehouse), start=start, end=end + datetime.timedelta(hours=1),
        purpose="deliver", by=None, now=now,
    )


def test_a_booking_across_the_change_to_summer_time_has_its_real_length(association_a):
    # 28 Mar 2027: clocks jump from 02:00 CET to 03:00 CEST; 01:00–04:00 on the wall lasts two hours.
    warehouse = make_warehouse(
        opening=[(datetime.time(0), datetime.time(6))]
    )
    bay = make_bay(warehouse)
    day = datetime.date(2027, 3, 28)
    now = local_dt(datetime.date(2027, 3, 20), 12)
    booking = book_slot(
        association=association_a, bay=bay, start=local_dt(day, 1), end=local_dt(day, 4), purpose="deliver",
        by=None, now=now,
    )
    assert booking.duration == datetime.timedelta(hours=2)
    assert booking.end.astimezone(datetime.UTC).hour == 2


def test_history_records_who_changed_what(association_a, bay, at, member_a, operator_user):
    booking = book(association_a, bay, at(10), by=member_a)
    update_booking(booking=booking, bay=bay, start=at(12), end=at(13), purpose="collect", note="", by=member_a)
    confirm_booking(booking=booking, by=operator_user)
    records = list(booking.history.order_by("history_date", "history_id"))
    assert [r.status for r in records] == ["requested", "requested", "confirmed"]
    assert [r.history_user for r in records[1:]] == [member_a, operator_user]
    assert records[1].purpose == "collect"
    assert sorted(records[1].diff_against(records[0]).changed_fields) == ["end", "purpose", "start"]
    assert [r.sequence for r in records] == [0, 1, 2]


def test_update_keeps_its_own_time_free(association_a, bay, at, member_a):
    booking = book(association_a, bay, at(10), minutes=60)
    update_booking(booking=booking, bay=bay, start=at(10, 30), end=at(11, 30), purpose="deliver", by=member_a)
    booking.refresh_from_db()
    assert booking.sequence == 1
    assert timezone.localtime(booking.start).hour == 10


def test_a_confirmed_booking_cannot_be_updated(association_a, bay, at, member_a, operator_user):
    booking = book(association_a, bay, at(10))
    confirm_booking(booking=booking, by=operator_user)
    with pytest.raises(BookingError, match="nicht mehr geändert"):
        update_booking(booking=booking, bay=bay, start=at(12), end=at(13), purpose="deliver", by=member_a)


def test_cancel_frees_the_slot_and_counts_up_the_sequence(association_a, association_b, bay, at, member_a):
    booking = book(association_a, bay, at(10))
    cancel_booking(booking=booking, by=member_a, reason="Transporter fällt aus")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert (booking.cancelled_by, booking.decline_reason, booking.sequence) == (member_a, "Transporter fällt aus", 1)
    book(association_b, bay, at(10))


def test_a_started_booking_cannot_be_cancelled(association_a, bay, member_a):
    booking = make_booking(association=association_a, bay=bay, start=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(BookingError):
        cancel_booking(booking=booking, by=member_a)


def test_decline_needs_a_reason_and_records_the_decision(association_a, bay, at, operator_user):
    booking = book(association_a, bay, at(10))
    with pytest.raises(BookingError) as info:
        decline_booking(booking=booking, by=operator_user, reason="  ")
    assert info.value.field == "reason"
    decline_booking(booking=booking, by=operator_user, reason="Halle voll")
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by, booking.decline_reason) == ("declined", operator_user, "Halle voll")
    assert booking.decided_at is not None


def test_only_requested_bookings_are_decided(association_a, bay, at, operator_user):
    booking = book(association_a, bay, at(10))
    confirm_booking(booking=booking, by=operator_user)
    with pytest.raises(BookingError, match="nicht mehr offen"):
        confirm_booking(booking=booking, by=operator_user)
    with pytest.raises(BookingError, match="nicht mehr offen"):
        decline_booking(booking=booking, by=operator_user, reason="zu spät")


def test_naive_times_are_a_programming_error(association_a, bay, day):
    with pytest.raises(ValueError):
        book(association_a, bay, datetime.datetime.combine(day, datetime.time(10)))


def test_week_overview_states(association_a, association_b, warehouse, bay):
    from warehouse.booking.schedule import week_overview

    monday = datetime.date(2030, 6, 3)
    now = local_dt(monday, 12)
    make_booking(association=association_a, bay=bay, start=local_dt(monday + datetime.timedelta(days=2), 9))
    make_booking(association=association_b, bay=bay, start=local_dt(monday + datetime.timedelta(days=2), 11),
                 note="geheim")
    days, rows = week_overview(bay, monday, [association_a], now=now)
    cells = {(cell.start.astimezone(datetime.UTC), cell.state): cell for _t, row in rows for cell in row if cell}
    by_time = {(timezone.localtime(start).date(), timezone.localtime(start).strftime("%H:%M")): state
               for start, state in cells}
    wednesday = monday + datetime.timedelta(days=2)
    assert by_time[(monday, "08:00")] == "past"
    assert by_time[(monday + datetime.timedelta(days=1), "10:00")] == "unavailable"  # inside the notice
    assert by_time[(wednesday, "09:00")] == "own"
    assert by_time[(wednesday, "11:00")] == "taken"
    assert by_time[(wednesday, "13:00")] == "free"
    assert all(cell.booking is None for (_s, state), cell in cells.items() if state == "taken")
    assert [day for day, _reason in days] == [monday + datetime.timedelta(days=n) for n in range(7)]
