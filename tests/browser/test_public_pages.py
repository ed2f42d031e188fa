"""Every public page loads, has no axe-core violations, and asks no other host for anything."""

import os
import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.browser.helpers import axe_violations, format_violations, layout_problems
from tests.browser.pages import PUBLIC_PAGES, expected_status, sitemap_paths

TITLE = re.compile(r"^\S.* – Dortmund hilft$")

# Set BROWSER_SCREENSHOTS=/some/dir to keep a full-page screenshot of every page for a look at the layout.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")


@pytest.mark.django_db  # see demo_site
@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=lambda p: p.id)
def test_public_page(public_page, demo_site, shared_tab):
    page, site_watch = shared_tab
    path = public_page.resolve()
    status = expected_status(public_page, path, sitemap_paths())

    response = page.goto(demo_site.url + path)
    if public_page.submit_empty_form:
        with page.expect_navigation() as navigation:
            page.locator("main form[method='post' i] [type='submit']").first.click()
        response = navigation.value

    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"{public_page.id.replace(':', '_')}.png", full_page=True)

    problems = []
    if response.status != status:
        why = " (not in the sitemap, so it should not be public)" if status == 404 and public_page.model else ""
        problems.append(f"status {response.status}, expected {status}{why}")
    title = page.title()
    if not TITLE.match(title):
        problems.append(f"title {title!r} is not of the form 'Seite – Dortmund hilft'")
    if public_page.submit_empty_form:
        problems += _error_summary_problems(page, title)
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(violations))
    problems += _reflow_problems(page)
    problems += site_watch.problems(expected_error_url=page.url if status != 200 else None)
    assert not problems, f"{public_page.id} ({path}):\n" + "\n".join(problems)


OTHER_LANGUAGES = ["en", "uk", "tr"]
# Each kind of page once per language: the templates are the same for every crisis or shipment.
ONE_PAGE_PER_ROUTE = list({(p.url_name or p.id): p for p in reversed(PUBLIC_PAGES) if not p.submit_empty_form}.values())


# The same pages in English, Ukrainian and Turkish.
@pytest.mark.django_db  # see demo_site
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("public_page", ONE_PAGE_PER_ROUTE, ids=lambda p: p.id)
def test_public_page_in_another_language(public_page, language, demo_site, shared_tab):
    page, site_watch = shared_tab
    german_path = public_page.resolve()
    status = expected_status(public_page, german_path, sitemap_paths())
    with translation.override(language):
        path = f"/{language}{german_path}" if public_page.path or not public_page.model else public_page.resolve()

    response = page.goto(demo_site.url + path)
    problems = [] if response.status == status else [f"status {response.status}, expected {status}"]
    lang = page.evaluate("document.documentElement.lang")
    if lang != language:
        problems.append(f"<html lang={lang!r}>")
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(violations))
    problems += _reflow_problems(page)
    problems += site_watch.problems(expected_error_url=page.url if status != 200 else None)
    assert not problems, f"{public_page.id} ({path}):\n" + "\n".join(problems)


def _error_summary_problems(page, title):
    """After an empty submit: "Fehler: " in the title, the summary has the focus, its links lead to fields."""
    problems = [] if title.startswith("Fehler: ") else [f"title {title!r} after an empty submit lacks 'Fehler: '"]
    summary = page.evaluate("""() => {
      const summary = document.querySelector("[data-error-summary]");
      if (!summary) return null;
      const links = [...summary.querySelectorAll("a[href^='#']")].map((a) => a.getAttribute("href"));
      return {
        focused: summary.contains(document.activeElement),
        brokenLinks: links.filter((href) => !document.getElementById(decodeURIComponent(href.slice(1)))),
      };
    }""")
    if summary is None:
        return [*problems, "no error summary ([data-error-summary]) after an empty submit"]
    if not summary["focused"]:
        problems.append("the error summary does not have the focus")
    problems += [f"error summary link {href} leads to no element" for href in summary["brokenLinks"]]
    return problems


def _reflow_problems(page):
    """Reflow at 320 px and 200 % zoom (see tests/browser/helpers.py); every page check calls this."""
    return layout_problems(page)
