"""The aid map in a browser, on /hilfsgueter/, a crisis page and a partner city page: the basemap
comes from our own origin, markers lead to partner city pages, axe-clean, and nothing scrolls
sideways at 320 px."""

import os
import re
from pathlib import Path

import pytest

from crises.models import Crisis
from donations.models import Shipment
from partners.models import PartnerCity
from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_public_pages import _reflow_problems

# Set BROWSER_SCREENSHOTS=/some/dir to keep a screenshot of each map for a look.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")
CITY_PAGE = re.compile(r"^/partnerstaedte/[\w-]+/$")


def map_problems(page, watch, origin, path, width):
    basemaps = []

    def on_response(response):
        if "/maps/basemap" in response.url:
            basemaps.append(response)

    page.on("response", on_response)  # the tab is shared: the listener goes again below
    try:
        return _map_problems(page, watch, origin, path, width, basemaps)
    finally:
        page.remove_listener("response", on_response)


def _map_problems(page, watch, origin, path, width, basemaps):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(origin + path)
    figure = page.locator("figure.destination-map")
    figure.scroll_into_view_if_needed()
    page.wait_for_load_state("load")
    if SCREENSHOTS:
        figure.screenshot(path=Path(SCREENSHOTS) / f"map{path.replace('/', '_')}{width}.png")

    problems = [] if response.status == 200 else [f"status {response.status}"]
    if not basemaps or not all(r.ok and r.url.startswith(origin) for r in basemaps):
        problems.append(f"the basemap did not load from {origin}: {[(r.url, r.status) for r in basemaps]}")
    elif "image/svg+xml" not in basemaps[0].headers.get("content-type", ""):
        problems.append(f"the basemap is served as {basemaps[0].headers.get('content-type')}")

    markers = page.locator("svg.destination-map__svg a.destination-map__link")
    if markers.count() == 0:
        problems.append("no marker links on the map")
    for marker in markers.all():
        href, name = marker.get_attribute("href"), marker.get_attribute("aria-label") or ""
        if not CITY_PAGE.match(href or ""):
            problems.append(f"marker {name!r} links to {href!r}, not a partner city page")
        if "Lieferung" not in name:
            problems.append(f"marker {href} has no figures in its name: {name!r}")
        target = marker.locator(".destination-map__target").bounding_box()
        if target is None or min(target["width"], target["height"]) < 10:
            problems.append(f"marker {name!r} is too small to hit at {width} px: {target}")
    if markers.count():
        # Keyboard users see which marker has the focus.
        page.keyboard.press("Escape")  # a key press first, so the focus below counts as keyboard focus
        markers.first.focus()
        ring = markers.first.locator(".destination-map__point").evaluate("(c) => getComputedStyle(c).strokeWidth")
        if ring != "4px":
            problems.append(f"a focused marker looks like any other (stroke width {ring})")
    # The same places are named in the table below, as links.
    table_links = page.locator(".destination-map__table a").evaluate_all("(links) => links.map((a) => a.pathname)")
    missing = {m.get_attribute("href") for m in markers.all()} - set(table_links)
    if missing:
        problems.append(f"markers missing from the table: {missing}")

    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(violations))
    problems += _reflow_problems(page)
    # At 320 px the table fits too: no need to scroll it sideways to read the figures.
    table = page.locator("figure.destination-map .kern-table-responsive")
    if table.evaluate("(el) => el.scrollWidth - el.clientWidth") > 1:
        problems.append("the destinations table scrolls sideways at 320 px")
    problems += watch.problems()
    return [f"{path} at {width} px: {problem}" for problem in problems]


@pytest.mark.django_db  # see demo_site
@pytest.mark.parametrize("width", [1280, 320])
def test_aid_overview_map(width, demo_site, shared_tab):
    page, watch = shared_tab
    problems = map_problems(page, watch, demo_site.url, "/hilfsgueter/", width)
    assert not problems, "\n".join(problems)


def _with_deliveries(model, relation):
    """A crisis or partner city of the demo with a delivered shipment: its page shows the map."""
    return model.objects.filter(**{f"{relation}__status": Shipment.Status.DELIVERED}).distinct().order_by("pk").first()


@pytest.mark.django_db  # see demo_site
@pytest.mark.parametrize("kind", ["crisis", "partner_city"])
@pytest.mark.parametrize("width", [1280, 320])
def test_crisis_and_partner_city_maps(kind, width, demo_site, shared_tab):
    page, watch = shared_tab
    subject = _with_deliveries(Crisis, "shipments") if kind == "crisis" else _with_deliveries(PartnerCity, "shipments")
    assert subject is not None, f"the demo data has no {kind} with a delivered shipment"
    problems = map_problems(page, watch, demo_site.url, subject.get_absolute_url(), width)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db  # see demo_site
def test_aid_overview_map_prints(demo_site, shared_tab):
    page, watch = shared_tab
    page.goto(demo_site.url + "/hilfsgueter/")
    page.emulate_media(media="print")
    try:
        svg = page.locator("svg.destination-map__svg")
        box = svg.bounding_box()
        if SCREENSHOTS:
            page.locator("figure.destination-map").screenshot(path=Path(SCREENSHOTS) / "map_print.png")
        assert svg.is_visible() and page.locator(".destination-map__table").is_visible()
        # Within the width of the page, and as large as on screen: the markers stay readable on paper.
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
        assert box["width"] >= 500
        assert page.locator("svg.destination-map__svg image").get_attribute("href").startswith("/static/maps/basemap")
    finally:
        page.emulate_media(media="screen")
    assert not watch.problems()
