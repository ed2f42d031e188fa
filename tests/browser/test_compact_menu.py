"""Small screens (issue 12): the main navigation folds into a "Menü" disclosure (<details>) that works
without JavaScript; wide screens show every link at once, with no disclosure in the way."""

import pytest

from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_stock_pages import check

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}
# At 320 px the navigation once wrapped to three rows: 360 px of header before any content. The
# language switcher (issue 16) takes one short row of the top strip.
MAX_NARROW_HEADER = 190
NAV_LINKS = ["Krisen", "Hilfsgüter", "Bedarf", "Spenden", "Partnerstädte", "Vereine", "Aktuelles", "Kontakt"]


def header_height(page):
    return page.locator("#inhalt").bounding_box()["y"]


def focused_text(page):
    return page.locator(":focus").inner_text().strip()


@pytest.fixture(params=[False, True], ids=["without-js", "with-js"])
def tab(request, browser, browser_context_args, demo_site):
    context = browser.new_context(**browser_context_args, java_script_enabled=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.django_db  # see demo_site
def test_it_folds_the_navigation_into_a_menu_at_320px(demo_site, tab):
    page = tab
    page.set_viewport_size(NARROW)
    page.goto(demo_site.url + "/")
    assert header_height(page) <= MAX_NARROW_HEADER
    krisen = page.locator(".site-nav a", has_text="Krisen")
    assert not krisen.is_visible()

    summary = page.locator(".site-menu > summary")
    assert summary.inner_text().strip() == "Menü"
    summary.focus()
    page.keyboard.press("Enter")
    assert krisen.is_visible()
    page.keyboard.press("Tab")
    assert focused_text(page) == "Krisen"

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert not krisen.is_visible()
    page.keyboard.press("Space")
    assert krisen.is_visible()


@pytest.mark.django_db  # see demo_site
def test_it_shows_every_link_and_no_menu_button_at_1280px(demo_site, tab):
    page = tab
    page.set_viewport_size(WIDE)
    page.goto(demo_site.url + "/")
    for name in NAV_LINKS:
        assert page.locator(".site-nav a", has_text=name).is_visible(), name
    assert not page.locator(".site-menu > summary").is_visible()
    # Keyboard order: skip link, the four languages, the site's name, then straight into the navigation.
    for _ in range(7):
        page.keyboard.press("Tab")
    assert focused_text(page) == "Krisen"


@pytest.mark.django_db  # see demo_site
def test_it_is_axe_clean_with_the_menu_closed_and_open(demo_site, shared_tab):
    page, watch = shared_tab
    problems = check(page, watch, demo_site.url + "/")  # axe at 1280 px, reflow at 320 px
    page.set_viewport_size(NARROW)
    for state in ("closed", "open"):
        if state == "open":
            page.locator(".site-menu > summary").click()
        violations = axe_violations(page)
        if violations:
            problems.append(f"menu {state}: {format_violations(violations)}")
    assert not problems, "\n".join(problems)
