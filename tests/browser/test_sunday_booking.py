"""On a Sunday evening a member opens the booking wizard, finds next week's free times and books one.

The live server runs in this process (a thread), so the frozen clock holds for it too.
"""

import datetime

import pytest
from django.utils import timezone

from tests.browser.test_booking_flow import PASSWORD, assert_accessible, set_password
from tests.factories import local_dt
from warehouse.models import Booking


@pytest.fixture
def sunday_evening(time_machine):
    """20:30 on the Sunday of this week (real time may be any day: cookies stay valid within a week)."""
    today = timezone.localdate()
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    time_machine.move_to(local_dt(sunday, 20, 30), tick=True)
    return sunday


@pytest.mark.django_db(transaction=True)
def test_a_member_on_a_sunday_evening_books_next_week(sunday_evening, demo_data, live_server, page, watch):
    next_monday = sunday_evening + datetime.timedelta(days=1)
    set_password("verein")
    page.goto(live_server.url + "/konto/anmelden/")
    page.fill("#id_username", "verein")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")

    page.goto(live_server.url + "/lager/buchen/")
    assert page.input_value("#id_week") == next_monday.isoformat()
    assert_accessible(page, watch)
    with page.expect_navigation():
        page.click("#zeitraum button[type=submit]")

    starts = page.eval_on_selector_all("input[name^=start_]", "inputs => inputs.map(i => i.value)")
    assert starts, "next week has free times"
    first = timezone.localtime(datetime.datetime.fromisoformat(starts[0]))
    assert next_monday <= first.date() <= next_monday + datetime.timedelta(days=6)
    assert first > timezone.now()
    assert_accessible(page, watch)

    page.check("#id_start_0")
    page.check("input[name=purpose] >> nth=0")
    page.fill("#id_note", "Sonntagsbuchung")
    with page.expect_navigation():
        page.click("#buchung button[type=submit]")
    assert "Die Anfrage ist eingegangen" in page.inner_text("main") or "bestätigt" in page.inner_text("main")
    booking = Booking.objects.get(note="Sonntagsbuchung")
    assert timezone.localtime(booking.start) == first
    assert_accessible(page, watch)
