"""The demo association member books a slot with the keyboard only, sees it and cancels it.

Every page of the association area and the operator pages is checked with axe-core on the way.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.helpers import axe_violations, format_violations
from warehouse.models import Booking

PASSWORD = "Demo-Passwort-fuer-Tests-1"  # noqa: S105


def set_password(username):
    user = get_user_model().objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def assert_accessible(page, watch):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{format_violations(violations)}"
    assert watch.problems() == []


def log_in(page, live_server, username):
    page.goto(live_server.url + "/konto/anmelden/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_the_demo_member_books_and_cancels_with_the_keyboard(demo_data, live_server, page, watch):
    set_password("verein")
    log_in(page, live_server, "verein")
    assert page.url == live_server.url + "/lager/"
    assert_accessible(page, watch)

    tab_to(page, "a.kern-btn[href='/lager/buchen/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lager/buchen/")
    assert_accessible(page, watch)

    # Step 1: the first bay (already chosen) and next week, whose every weekday is in the window.
    tab_to(page, "#id_week")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#zeitraum button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_start_0")
    assert_accessible(page, watch)

    # Step 2: the first free start, the shortest duration, a purpose and a note.
    tab_to(page, "input[name^=start_]")
    page.keyboard.press("Space")
    chosen_start = page.evaluate("document.activeElement.value")
    tab_to(page, "input[name=purpose]")
    page.keyboard.press("Space")
    tab_to(page, "#id_note")
    page.keyboard.type("Zwei Paletten Decken")
    tab_to(page, "#buchung button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lager/buchungen/*/")
    assert "Die Anfrage ist eingegangen" in page.inner_text("main")
    assert_accessible(page, watch)
    booking = Booking.objects.get(note="Zwei Paletten Decken")
    assert booking.start.isoformat() == chosen_start
    assert booking.association.slug == "blau-gelbes-herz"

    # In the list of bookings …
    tab_to(page, ".area-nav a[href='/lager/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lager/")
    assert page.locator(f"a[href='/lager/buchungen/{booking.pk}/']").count() == 1

    # … and in the week view, as the member's own booking.
    tab_to(page, ".area-nav a[href='/lager/belegung/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lager/belegung/")
    assert_accessible(page, watch)
    tab_to(page, ".week-nav a:last-child")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(f".slot--own a[href='/lager/buchungen/{booking.pk}/']").count() >= 1
    assert_accessible(page, watch)

    # Cancel it: open it, ask to cancel, confirm.
    page.goto(f"{live_server.url}/lager/buchungen/{booking.pk}/")
    tab_to(page, f"a[href='/lager/buchungen/{booking.pk}/absagen/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/absagen/")
    assert_accessible(page, watch)
    tab_to(page, "#absagen button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/lager/buchungen/{booking.pk}/")
    assert "Die Buchung ist abgesagt" in page.inner_text("main")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_every_page_of_the_association_area_is_accessible(demo_data, live_server, page, watch):
    set_password("verein")
    log_in(page, live_server, "verein")
    booking = Booking.objects.filter(association__slug="blau-gelbes-herz", status="requested").first()
    paths = [
        "/lager/", "/lager/buchen/", "/lager/belegung/", "/lager/kalender/",
        f"/lager/buchungen/{booking.pk}/", f"/lager/buchungen/{booking.pk}/aendern/",
        f"/lager/buchungen/{booking.pk}/absagen/", "/konto/passwort/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert_accessible(page, watch)
    # The booking form with errors: step 2 sent without a start or a purpose.
    page.goto(live_server.url + "/lager/buchen/")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("#zeitraum button[type=submit]")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("#buchung button[type=submit]")
    assert page.title().startswith("Fehler: ")
    assert_accessible(page, watch)


@pytest.mark.django_db(transaction=True)
def test_every_operator_page_is_accessible(demo_data, live_server, page, watch):
    set_password("lagerbetrieb")
    log_in(page, live_server, "lagerbetrieb")
    booking = Booking.objects.filter(status="requested").first()
    for path in ["/lager/betrieb/", "/lager/betrieb/tag/", "/lager/betrieb/sperrzeiten/",
                 f"/lager/betrieb/buchungen/{booking.pk}/ablehnen/"]:
        page.goto(live_server.url + path)
        assert_accessible(page, watch)
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("#ablehnen button[type=submit]")
    assert page.title().startswith("Fehler: ")
    assert_accessible(page, watch)
    page.goto(live_server.url + "/lager/betrieb/sperrzeiten/")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click("#sperren button[type=submit]")
    assert page.title().startswith("Fehler: ")
    assert_accessible(page, watch)
    page.goto(live_server.url + "/lager/betrieb/")
    with page.expect_navigation():  # wait for the answer before reading it
        page.click(f"#bestaetigen-{booking.pk}")
    assert "ist bestätigt" in page.inner_text("main")
    assert_accessible(page, watch)
