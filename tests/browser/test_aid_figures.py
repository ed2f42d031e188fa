"""The aid figures in the browser (issue 13): a visitor without JavaScript narrows /hilfsgueter/ to one
crisis through the filter links; the filtered page and the press report are axe clean and do not
scroll sideways at 320 px, and the report prints on one page."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_public_pages import _reflow_problems

UKRAINE = "Russlands Krieg gegen die Ukraine"


@pytest.fixture
def no_js_tab(browser, browser_context_args, demo_site):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.django_db  # see demo_site
def test_a_visitor_without_javascript_narrows_the_figures_to_one_crisis(demo_site, no_js_tab):
    page = no_js_tab
    page.goto(demo_site.url + "/hilfsgueter/")
    every_shipment = int(page.locator(".key-figures strong").first.inner_text())
    selection = page.get_by_role("navigation", name="Auswahl")
    assert selection.get_by_role("link", name="alle Krisen").get_attribute("aria-current") == "page"

    with page.expect_navigation():
        selection.get_by_role("link", name=UKRAINE).click()

    assert "crisis=" in page.url
    chosen = page.get_by_role("navigation", name="Auswahl").get_by_role("link", name=UKRAINE)
    assert chosen.get_attribute("aria-current") == "page"
    assert page.get_by_role("navigation", name="Auswahl").get_by_role("link", name="alle Krisen") \
        .get_attribute("aria-current") is None
    assert int(page.locator(".key-figures strong").first.inner_text()) < every_shipment
    assert UKRAINE in page.locator("#selection-summary").inner_text()
    # Every destination of this crisis is in Ukraine: the earthquake's city is gone from the figures.
    assert "Antakya" not in page.locator("#chart-ziel-table-caption").locator("xpath=..").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Auswahl zurücksetzen: alle angekommenen Lieferungen").click()
    assert int(page.locator(".key-figures strong").first.inner_text()) == every_shipment


@pytest.mark.django_db  # see demo_site
def test_the_filtered_overview_and_the_press_report_are_accessible_and_reflow(demo_site, page, site_watch):
    page.goto(demo_site.url + "/hilfsgueter/")
    page.get_by_role("navigation", name="Auswahl").get_by_role("link", name=UKRAINE).click()
    page.wait_for_url("**/hilfsgueter/?crisis=*")
    problems = []
    for name in ("filtered overview", "press report"):
        if name == "press report":
            page.get_by_role("link", name=f"Bericht zur Hilfe: {UKRAINE}").click()
            page.wait_for_url("**/krisen/*/bericht/")
            assert page.get_by_role("heading", level=1).inner_text() == f"Hilfe aus Dortmund: {UKRAINE}"
        violations = axe_violations(page)
        if violations:
            problems.append(f"{name}:\n{format_violations(violations)}")
        problems += [f"{name}: {problem}" for problem in _reflow_problems(page)]
        page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, "\n".join(problems)
    # On paper the report is one A4 page (the demo notice included).
    page.emulate_media(media="print")
    assert len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages) == 1
    assert site_watch.problems() == []
