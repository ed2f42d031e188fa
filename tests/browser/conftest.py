"""Playwright drives Debian's Chromium against pytest-django's live server with the demo data.

Nothing downloads a browser: the launch fixture points at /usr/bin/chromium, and without it the
tests that need a browser are skipped with a clear reason (`make test` says so as well).
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.helpers import PageWatch

CHROMIUM = Path("/usr/bin/chromium")

# From shared/TESTING.md: without the background-networking flags Chromium tries to reach outside
# hosts. --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-sandbox",
]
_BROWSER_FIXTURES = {"page", "context", "browser", "new_context"}
_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    needs_chromium = pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium to run the browser suite"
    )
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if _BROWSER_FIXTURES & set(item.fixturenames):
                item.add_marker(needs_chromium)


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


@pytest.fixture
def demo_data(transactional_db):
    """The demo data, loaded by the command `make run` uses. The live server's database is flushed after each test."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def watch(context, page, live_server):
    return PageWatch(context, page, origin=live_server.url)
