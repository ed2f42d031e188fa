"""The pages of each role in English, Ukrainian and Turkish: axe-clean, no sideways scroll at 320 px,
no cut-off text at 200 % zoom, nothing from other hosts (issue 16).

Association members work in all three: many of Dortmund's Ukrainian associations are run by people
who read German poorly. The operator and city staff pages are checked in one language each, as their
templates are the same whatever the language; the public pages are checked in every language in
test_public_pages.py.
"""

import pytest

from tests.browser.test_stock_pages import check, log_in

MEMBER_PAGES = ["/lager/", "/lager/buchen/", "/lager/belegung/", "/lager/kalender/", "/lager/bestand/",
                "/konto/sprache/", "/konto/passwort/"]
ROLES = [
    ("verein", "uk", MEMBER_PAGES),
    ("verein", "en", MEMBER_PAGES),
    ("verein", "tr", MEMBER_PAGES),
    ("lagerbetrieb", "tr", ["/lager/betrieb/", "/lager/betrieb/tag/", "/lager/betrieb/angebote/",
                            "/lager/bestand/lieferungen/"]),
    ("koordination", "en", ["/intern/", "/intern/hilfsaktionen/", "/intern/personendaten/"]),
]


@pytest.mark.django_db  # see demo_site
@pytest.mark.parametrize(("username", "language", "paths"), ROLES, ids=[f"{u}-{lang}" for u, lang, _p in ROLES])
def test_a_role_s_pages_in_another_language(username, language, paths, demo_site, shared_tab):
    page, watch = shared_tab
    log_in(page, demo_site, username)
    problems = []
    for path in paths:
        watch.reset()
        problems += check(page, watch, f"{demo_site.url}/{language}{path}")
        assert page.locator("html").get_attribute("lang") == language, path
    assert not problems, "\n".join(problems)
