"""Printed pages show the content only: no navigation, forms or buttons, and where links lead."""

import pytest

from crises.models import Crisis
from donations.models import Shipment
from tests.browser.test_stock_pages import log_in

# Elements a print-out should not show, with what they are.
NOT_PRINTED = {
    "a.skip-link": "skip link",
    ".site-header nav": "header navigation",
    ".site-account": "account links",
    "main nav": "navigation in the content",
    "main form": "form",
    ".kern-btn": "button",
}

_LINK_TARGET = "(a) => getComputedStyle(a, '::after').content"


def printed_problems(page):
    page.emulate_media(media="print")
    problems = [
        f"{what} is printed ({selector})"
        for selector, what in NOT_PRINTED.items()
        for element in page.locator(selector).all()
        if element.is_visible()
    ]
    problems += [
        f"empty heading of a hidden form: {heading.inner_text()!r}"
        for heading in page.locator("main :is(h2, h3):has(+ form)").all()
        if heading.is_visible()
    ]
    return problems


@pytest.mark.django_db(transaction=True)
def test_operator_shipment_page_prints_without_navigation_and_forms(demo_data, live_server, page, watch):
    log_in(page, live_server, "lagerbetrieb")
    shipment = Shipment.objects.filter(status=Shipment.Status.PLANNED).first()
    page.goto(f"{live_server.url}/lager/bestand/lieferungen/{shipment.pk}/")
    assert page.locator("main h2", has_text="Lieferung absagen").is_visible()  # on screen

    assert printed_problems(page) == []
    assert not page.locator("main h2", has_text="Lieferung absagen").is_visible()
    assert page.locator("main table").is_visible() and page.locator("main h1").is_visible()
    # The packing list link, a path on this site, shows where it leads.
    link = page.locator("main .facts a", has_text="PDF")
    assert link.evaluate(_LINK_TARGET) == f'" ({link.get_attribute("href")})"'
    assert watch.problems() == []


@pytest.mark.django_db(transaction=True)
def test_crisis_page_prints_without_navigation_and_with_link_targets(demo_data, live_server, page, watch):
    crisis = Crisis.objects.active().first()
    page.goto(live_server.url + crisis.get_absolute_url())
    assert page.locator(".site-header .site-nav").is_visible()  # on screen

    assert printed_problems(page) == []
    link = page.locator("main a[href^='/']:not(nav a)").first
    assert link.evaluate(_LINK_TARGET) == f'" ({link.get_attribute("href")})"'
    assert page.locator(".site-nav a").first.evaluate(_LINK_TARGET) == "none"
    assert watch.problems() == []
