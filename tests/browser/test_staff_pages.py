"""Pages for staff and for every account: personal data requests, two-factor setup, 403, lockout."""

import pytest

from donations.models import DonationOffer
from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_stock_pages import check, log_in


def _axe_problems(page):
    violations = axe_violations(page)
    return [f"{page.url}: {format_violations(violations)}"] if violations else []


@pytest.mark.django_db(transaction=True)
def test_staff_pages(demo_data, live_server, page, watch):
    log_in(page, live_server, "koordination")
    email = DonationOffer.objects.first().email
    paths = ["/intern/", "/intern/personendaten/", f"/intern/personendaten/?email={email}", "/konto/zwei-faktor/"]
    problems = [problem for path in paths for problem in check(page, watch, live_server.url + path)]

    # The erase form sent without its confirmation: the page with the error.
    page.goto(f"{live_server.url}/intern/personendaten/?email={email}")
    with page.expect_navigation():
        page.locator("main form[method='post'] button[type='submit']").click()
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
