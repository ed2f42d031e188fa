"""Keyboard users reach the content first (the skip link) and move quickly through the booking form."""

import pytest

from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_booking_flow import log_in, set_password, tab_to


@pytest.mark.django_db  # see demo_site
def test_first_tab_focuses_the_skip_link_and_enter_moves_focus_to_main(demo_site, page, site_watch):
    page.goto(demo_site.url + "/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.get_attribute("href") == "#inhalt"
    assert skip_link.inner_text().strip() == "Zum Inhalt springen"
    # Hidden until focused, then on screen.
    box = skip_link.bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1
    assert box["x"] >= 0 and box["y"] >= 0

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    assert page.evaluate("document.activeElement.id") == "inhalt"
    assert page.url.endswith("/#inhalt")
    assert site_watch.problems() == []


_FOCUSED_DAY = "() => document.activeElement.closest('.slot-day')?.id ?? null"


@pytest.mark.django_db(transaction=True)
def test_booking_step_two_takes_the_focus_and_groups_the_times_by_day(demo_data, live_server, page, watch):
    set_password("verein")
    log_in(page, live_server, "verein")
    page.goto(live_server.url + "/lager/buchen/")
    # Next week, whose every weekday is in the booking window.
    tab_to(page, "#id_week")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#zeitraum button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The browser follows #schritt-2 and focuses the step's heading; no script needed.
    assert page.url.endswith("#schritt-2")
    assert page.evaluate("document.activeElement.id") == "schritt-2"
    assert page.evaluate("document.activeElement.tagName") == "H2"

    days = page.eval_on_selector_all(".slot-day", "sets => sets.map((s) => s.id)")
    assert len(days) >= 3, "next week has free times on several days"
    assert page.locator(f"#{days[0]} legend").inner_text() != page.locator(f"#{days[1]} legend").inner_text()

    # The arrow keys go round the times of one day; Tab goes on to the next day.
    first_day_times = page.locator(f"#{days[0]} input[type=radio]").count()
    tab_to(page, f"#{days[0]} input[type=radio]")
    for _ in range(first_day_times + 1):
        page.keyboard.press("ArrowDown")
        assert page.evaluate(_FOCUSED_DAY) == days[0]
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED_DAY) == days[1]
    # A time chosen on another day replaces the first choice.
    page.keyboard.press("Space")
    assert page.locator(".slot-day input:checked").count() == 1

    # "Springe zu": a link moves the focus to its day, and Tab reaches that day's times.
    page.locator("#schritt-2").focus()
    tab_to(page, f".slot-jump a[href='#{days[2]}']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == days[2]
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED_DAY) == days[2]

    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert watch.problems() == []
