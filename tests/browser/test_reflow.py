"""WCAG 1.4.10 (reflow): pages found scrolling sideways at 320 px (issue 12) no longer do."""

import pytest

from tests.browser.test_public_pages import _reflow_problems
from tests.browser.test_stock_pages import log_in


def reflow_problems(page, url):
    problems = _reflow_problems(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    return [f"{url}: {problem}" for problem in problems]


@pytest.mark.django_db(transaction=True)
def test_member_area_tables_do_not_scroll_the_page_sideways(demo_data, live_server, page, watch):
    log_in(page, live_server, "verein")
    problems = []
    for path in ("/lager/", "/lager/belegung/"):
        page.goto(live_server.url + path)
        problems += reflow_problems(page, path)
    assert not problems, "\n".join(problems)
    assert watch.problems() == []


@pytest.mark.django_db(transaction=True)
def test_offer_check_page_stacks_terms_and_values(demo_data, live_server, page, watch):
    page.goto(live_server.url + "/spenden/angebot/")
    page.check("#id_offerer_kind_0")
    page.fill("#id_contact_name", "Erika Mustermann-Schulze")
    page.fill("#id_email", "erika.mustermann-schulze@beispielverein-dortmund.example.org")
    page.fill("#id_description", "Kinderwinterbekleidungspakete, neu und original verpackt")
    page.fill("#id_quantity", "20")
    page.check("#id_condition_0")
    page.fill("#id_location", "Dortmund-Hörde")
    with page.expect_navigation():
        page.locator("button[type='submit'][name='weiter']").click()
    assert "/spenden/angebot/pruefen/" in page.url, page.locator("main").inner_text()[:800]

    problems = reflow_problems(page, "/spenden/angebot/pruefen/")
    assert not problems, "\n".join(problems)
    page.set_viewport_size({"width": 320, "height": 640})
    # Each value starts below its term and has the full width, not a sliver beside it.
    term, value = page.locator(".facts dt").nth(2), page.locator(".facts dd").nth(2)
    assert value.bounding_box()["y"] >= term.bounding_box()["y"] + term.bounding_box()["height"] - 1
    assert value.bounding_box()["width"] > 200
    assert watch.problems() == []
