"""Pages for staff and for every account: personal data requests, two-factor setup, 403, lockout."""

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from donations.models import DonationOffer
from dortmund_hilft.models import OutboxMessage
from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_stock_pages import check, log_in


def _axe_problems(page):
    violations = axe_violations(page)
    return [f"{page.url}: {format_violations(violations)}"] if violations else []


@pytest.mark.django_db(transaction=True)
def test_staff_pages(demo_data, live_server, page, watch):
    log_in(page, live_server, "koordination")
    email = DonationOffer.objects.first().email
    OutboxMessage.objects.create(  # a mail the server would not take: listed on /intern/ with a button
        subject="Ihr Spendenangebot ist angekommen", recipients=email, status=OutboxMessage.Status.FAILED,
        attempts=6, last_error="SMTPConnectError: (554, b'5.3.2 Service not available')",
    )
    paths = ["/intern/", "/intern/personendaten/", f"/intern/personendaten/?email={email}",
             f"/intern/personendaten/export/?email={email}", "/konto/zwei-faktor/"]
    problems = [problem for path in paths for problem in check(page, watch, live_server.url + path)]

    # Sending the failed mail again: the dashboard with its confirmation.
    page.goto(f"{live_server.url}/intern/")
    with page.expect_navigation():
        page.get_by_role("button", name="Erneut senden").click()
    assert "Die E-Mail wird erneut gesendet." in page.content()
    problems += _axe_problems(page)

    # The erase form sent without its confirmation: the page with the error.
    page.goto(f"{live_server.url}/intern/personendaten/?email={email}")
    with page.expect_navigation():
        page.get_by_role("button", name="Daten dieser Person löschen").click()
    assert page.title().startswith("Fehler: ")
    problems += _axe_problems(page)

    # Searching by an extra name that others typed into a note: the hits to redact, then none chosen.
    offer = DonationOffer.objects.first()
    offer.staff_note = "Rückruf bei Frau Beispielname vereinbart"
    offer.save()
    page.goto(f"{live_server.url}/intern/personendaten/?email={email}&names=Beispielname")
    problems += _axe_problems(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ausgewählte Stellen schwärzen").click()
    assert page.title().startswith("Fehler: ")
    problems += _axe_problems(page)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_the_403_page_and_the_member_two_factor_page(demo_data, live_server, page, watch):
    log_in(page, live_server, "verein")
    problems = check(page, watch, live_server.url + "/konto/zwei-faktor/")
    response = page.goto(live_server.url + "/lager/betrieb/")
    assert response.status == 403
    assert page.title() == "Kein Zugriff – Dortmund hilft"
    problems += _axe_problems(page)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_the_csrf_failure_and_too_many_requests_pages(live_server, page, watch, settings):
    form = live_server.url + "/barrierefreiheit/"
    submit = "main form[method='post' i] [type='submit']"

    # A form sent without the CSRF cookie (cookies blocked, or a long-open tab): our page, not Django's.
    page.goto(form)
    page.context.clear_cookies()
    page.fill("textarea[name='message']", "Der Kontrast ist zu schwach.")
    with page.expect_navigation() as navigation:
        page.locator(submit).first.click()
    assert navigation.value.status == 403
    assert "Cookies" in page.content()
    problems = _axe_problems(page)

    # The same form sent once too often.
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_FORM_POSTS_PER_MINUTE = 1
    cache.clear()
    statuses = []
    # The clock stands still for the live server (same process), so both posts fall into one window
    # of the per-minute limit; a loaded machine could otherwise let them straddle two.
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(2):
            page.goto(form)
            page.fill("textarea[name='message']", "Der Kontrast ist zu schwach.")
            with page.expect_navigation() as navigation:
                page.locator(submit).first.click()
            statuses.append(navigation.value.status)
    assert statuses == [200, 429]  # the first lands on the thank-you page after its redirect
    assert "Zu viele Anfragen" in page.content()
    problems += _axe_problems(page)
    cache.clear()
    assert not problems, "\n".join(problems)
