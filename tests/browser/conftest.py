"""Playwright drives Debian's Chromium against a live server with the demo data.

Nothing downloads a browser: the launch fixture points at /usr/bin/chromium, and without it the
tests that need a browser are skipped with a clear reason (`make test` says so as well).

Two ways to get a server with the demo data:
- `demo_site` (+ `site_watch`): one seeded database and server shared by the tests of a module
  that only look at pages. Seeding takes about 0.4 s; doing it once per module instead of once per
  page keeps the suite fast.
- `live_server` + `demo_data` (+ `watch`): for tests that change data. pytest-django empties the
  database after each such test, so every test seeds its own.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import PageWatch

CHROMIUM = Path("/usr/bin/chromium")

# From shared/TESTING.md: without the background-networking flags Chromium tries to reach outside
# hosts. --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-sandbox",
]
_BROWSER_FIXTURES = {"page", "context", "browser", "new_context"}
# Modules that only look at pages (axe, reflow, zoom, print, weight) of the demo data: what they find
# does not depend on the database, so CI runs them once, in the SQLite run, and keeps within its time.
# The journeys that change data (bookings, offers, shipments, partner links, aid actions) run on both,
# except in CI, which runs them on PostgreSQL, the production database (JOURNEYS_ON_POSTGRESQL_ONLY).
RENDER_ONLY_MODULES = {
    "test_public_pages.py", "test_admin_pages.py", "test_stock_pages.py", "test_staff_pages.py",
    "test_reflow.py", "test_print.py", "test_compact_menu.py", "test_page_weight.py", "test_map.py",
    "test_aid_figures.py", "test_keyboard.py", "test_page_coverage.py", "test_accounts_in_other_languages.py",
}
_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    needs_chromium = pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium to run the browser suite"
    )
    render_only = pytest.mark.skipif(
        connection.vendor == "postgresql", reason="renders pages only: the SQLite run of the suite checks them"
    )
    journey = pytest.mark.skipif(
        connection.vendor == "sqlite" and bool(os.environ.get("JOURNEYS_ON_POSTGRESQL_ONLY")),
        reason="a journey: CI runs it in the PostgreSQL run of the suite",
    )
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if _BROWSER_FIXTURES & set(item.fixturenames):
                item.add_marker(needs_chromium)
            item.add_marker(render_only if item.path.name in RENDER_ONLY_MODULES else journey)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url():
    """Tests build URLs from live_server.url. This also replaces pytest-playwright's fallback
    fixture, a method on a plugin object, which pytest 9 warns about."""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def demo_site(request, django_db_setup, django_db_blocker):
    """A live server over the demo data, for the tests of one module that only read.

    Mark such tests `@pytest.mark.django_db`, so that pytest-django sets up the test database and
    runs them among the other database tests. The state before seeding is saved and put back when
    the module is done (as TransactionTestCase's serialized_rollback does), so the tests after it
    find the database as it was.
    """
    unmarked = [item.name for item in request.session.items
                if item.module is request.module and "demo_site" in item.fixturenames
                and item.get_closest_marker("django_db") is None]
    if unmarked:
        pytest.fail(f"Tests using demo_site need @pytest.mark.django_db (else no test database): {unmarked}")
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            call_command("seed_demo", stdout=io.StringIO())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(before)
            # Django keeps connections per context and Playwright's sync API runs in a greenlet: close
            # the one used here, or PostgreSQL may refuse to drop the test database at the end.
            connection.close()


@pytest.fixture
def site_watch(context, page, demo_site):
    return PageWatch(context, page, origin=demo_site.url)


@pytest.fixture(scope="module")
def _shared_tab(browser, browser_context_args, demo_site):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    yield page, PageWatch(context, page, origin=demo_site.url)
    context.close()


@pytest.fixture
def shared_tab(_shared_tab, browser_context_args):
    """(page, watch): one browser tab for all the read-only page checks of a module.

    A new context per page costs a renderer process and a cold cache: sharing one halved the public
    page checks (axe-core's 0.5 MB source compiles once per process). Between tests the tab is
    cleared: it forgets cookies, gets its window size back, and the watch forgets what it saw. (Not
    through about:blank: leaving the site for it costs the renderer process and its compiled code.)
    pytest-playwright's failure screenshots and traces do not cover this tab.
    """
    page, watch = _shared_tab
    page.context.clear_cookies()
    page.set_viewport_size(browser_context_args["viewport"])
    watch.reset()
    return page, watch


@pytest.fixture
def demo_data(transactional_db):
    """The demo data, loaded by the command `make run` uses. The live server's database is flushed after each test."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def watch(context, page, live_server):
    return PageWatch(context, page, origin=live_server.url)
