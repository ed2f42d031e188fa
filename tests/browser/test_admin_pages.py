"""The Django admin as each role uses it: every list, change, add and history page it can open.

Staff work in the admin every day, so it meets the same bar as the public pages: axe-core finds
nothing, the content security policy blocks nothing (the console is clean), and the page reflows at
320 px and at 200 % zoom. The pages are found the way staff find them: from the admin's index.
"""

import re

import pytest

from tests.browser.helpers import axe_violations, format_violations, layout_problems
from tests.browser.test_stock_pages import log_in

ROLES = ["koordination", "lagerbetrieb"]
# Apps whose pages are checked in one test each, so the two test workers share the work.
APPS = ["crises", "donations", "partners", "warehouse", "auth+dortmund_hilft+otp"]


def _app_of(path):
    return path.split("/")[2]


def _pages(page, base, apps, *, full):
    """Per model: its list, its first object's change page, and with `full` its add page and, for
    the first model of each app, a history page (one template for all). Without `full` (the
    operator, who mostly reads what staff edit): the change pages, which show read-only fields."""
    page.goto(base + "/admin/")
    hrefs = page.eval_on_selector_all("#content-main a", "links => links.map((a) => a.getAttribute('href'))")
    changelists = sorted({
        href for href in hrefs
        if href and re.fullmatch(r"/admin/\w+/\w+/", href) and _app_of(href) in apps
    })
    paths, history_shown = [], set()
    for changelist in changelists:
        page.goto(base + changelist)
        if full:
            paths.append(changelist)
        first = page.locator("#result_list tbody a[href*='/change/']").first
        if first.count():
            change = first.get_attribute("href")
            paths.append(change)
            if full and _app_of(change) not in history_shown:
                history_shown.add(_app_of(change))
                paths.append(change.replace("/change/", "/history/"))
        if full and page.locator(".object-tools a.addlink").count():
            paths.append(changelist + "add/")
    return paths


@pytest.mark.django_db  # see demo_site
@pytest.mark.parametrize("apps", APPS)
@pytest.mark.parametrize("username", ROLES)
def test_admin_pages(username, apps, demo_site, shared_tab):
    page, watch = shared_tab
    log_in(page, demo_site, username)
    wanted = apps.split("+")
    full = username == "koordination"
    paths = (["/admin/"] if apps == APPS[0] and full else []) + _pages(page, demo_site.url, wanted, full=full)
    if username == "koordination":
        assert len(paths) > len(wanted), f"no admin pages found for {apps}"

    problems = []
    for path in paths:
        page.set_viewport_size({"width": 1280, "height": 900})
        watch.reset()
        response = page.goto(demo_site.url + path)
        found = [] if response.status == 200 else [f"status {response.status}"]
        found += watch.problems()  # before axe, which itself sets styles the policy reports
        violations = axe_violations(page)
        if violations:
            found.append(format_violations(violations))
        found += layout_problems(page)
        problems += [f"{path}: {problem}" for problem in found]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db  # see demo_site
def test_inline_rows_added_in_the_browser_have_names(demo_site, shared_tab):
    """Rows that "Weitere … hinzufügen" adds get labels and named autocomplete fields too."""
    page, watch = shared_tab
    log_in(page, demo_site, "koordination")
    page.goto(demo_site.url + "/admin/donations/shipment/add/")
    page.locator(".add-row a").first.click()
    page.locator("select.admin-autocomplete:not([name*='__prefix__'])").last.wait_for(state="attached")
    assert watch.problems() == []
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
