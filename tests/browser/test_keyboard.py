"""Keyboard users reach the content first: the skip link."""

import pytest


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
