"""Two app servers behind one load balancer: what a visitor sees must not depend on which one answers
(issue 10).

Two gunicorn instances on different ports serve the same test database and share one Redis database,
as two boxes behind a load balancer would. Sessions live in PostgreSQL, so a login on one server holds
on the other. The public pages are cached under a data version kept in the default cache
(partners/public_cache.py); with Redis as that cache, a staff change through one server shows on the
other's cached pages at once. The control: with each server on its own in-process cache (no
REDIS_URL), the second server keeps serving the page it stored before the change.

The servers use Redis database 11 (the benchmark has 14, the abuse test 13); the settings know no key
prefix, so this module empties that database before and after (and runs without xdist, where two
workers would empty it under each other).

    DATABASE_URL=postgres://… pytest -p no:xdist tests/ops/test_scale_out.py
"""
import contextlib
import re
import socket
from html.parser import HTMLParser

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from crises.models import Crisis
from tests.conftest import MEMBER_GROUP, STAFF_GROUP
from tests.factories import make_association, make_crisis, make_membership, make_user
from tests.ops.server import Browser, serve

REDIS_URL = "redis://127.0.0.1:6379/11"
# The servers hash with Django's default hasher, which does not know the tests' fast MD5 hashes.
PASSWORD = "Scale-out-test-2025"


def _redis_is_running():
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.skipif(not _redis_is_running(), reason="needs Redis on 127.0.0.1:6379"),
    # Committed at once, so the servers see it; emptied after each test.
    pytest.mark.django_db(transaction=True),
]


@contextlib.contextmanager
def two_servers(tmp_path_factory, *, workers, env=None):
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(serve(tmp_path_factory.mktemp(f"gunicorn-{name}"), workers=workers, env=env))
               for name in ("a", "b")]


@pytest.fixture(scope="module")
def shared_redis():
    database = redis.Redis.from_url(REDIS_URL)
    database.flushdb()
    yield database
    database.flushdb()


@pytest.fixture(scope="module")
def servers(django_db_setup, shared_redis, tmp_path_factory):
    with two_servers(tmp_path_factory, workers=2, env={"REDIS_URL": REDIS_URL}) as pair:
        yield pair


def user_with_password(*, groups, is_staff=False):
    user = make_user(groups=groups, is_staff=is_staff)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


class _FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the form with this id, unchanged."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.select = None
        self.textarea = None
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        kind = attrs.get("type", "text")
        if tag == "input" and attrs.get("name") and kind not in ("submit", "button", "image", "reset", "file"):
            if kind not in ("checkbox", "radio"):
                self.fields.append((attrs["name"], attrs.get("value") or ""))
            elif "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # A browser drops the newline right after <textarea>, which Django writes before the value.
            self.fields.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self.textarea = None


def rename_in_admin(browser, crisis, title):
    """Staff open the crisis's change form in the admin, change the title and save, as in a browser."""
    path = f"/admin/crises/crisis/{crisis.pk}/change/"
    parser = _FormFields("crisis_form")
    parser.feed(browser.open(path).text)
    data = {}
    for name, value in parser.fields:
        if name != "csrfmiddlewaretoken":  # post() sends the token of the form loaded
            data.setdefault(name, []).append(value)
    data.update(title_de=title, _save="Sichern")  # the German column of the title (modeltranslation)
    response = browser.post(path, data)
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', response.text, re.S)
    assert response.status == 302, f"the admin did not save: {response.status} {errors}"


def test_it_keeps_a_login_from_one_server_on_the_other(servers):
    server_a, server_b = servers
    association = make_association(name="Tafel Hörde e.V.")
    member = user_with_password(groups=[MEMBER_GROUP])
    make_membership(member, association)
    assert Browser(server_b).get("/lager/").status == 302  # members only

    on_a = Browser(server_a).login_with_password(member.username, PASSWORD)
    on_b = Browser(server_b)
    on_b.cookies = dict(on_a.cookies)  # the same browser, routed to the other box
    page = on_b.get("/lager/")

    assert page.status == 200
    assert "Tafel Hörde e.V." in page.text


def test_a_staff_change_through_one_server_shows_at_once_on_the_others_cached_page(servers, shared_redis):
    server_a, server_b = servers
    crisis = make_crisis(title="Erdbeben in der Provinz")
    staff = user_with_password(groups=[STAFF_GROUP], is_staff=True)
    visitor = Browser(server_b)
    assert "Erdbeben in der Provinz" in visitor.get(f"/krisen/{crisis.slug}/").text
    # Behind the servers' backs (no save signal, no version bump): B answers from the cache, so a
    # fresh page on B below is the bump's doing, not a page that was never stored.
    Crisis.objects.filter(pk=crisis.pk).update(title="Unbemerkt geändert")
    stored = visitor.get(f"/krisen/{crisis.slug}/").text
    assert "Erdbeben in der Provinz" in stored and "Unbemerkt geändert" not in stored
    assert shared_redis.keys("*public:page-gz:*")

    desk = Browser(server_a).login_with_password(staff.username, PASSWORD)
    rename_in_admin(desk, crisis, "Erdbeben in der Provinz Hatay")
    page = visitor.get(f"/krisen/{crisis.slug}/")

    assert page.status == 200
    assert "Erdbeben in der Provinz Hatay" in page.text


def test_without_a_shared_cache_the_other_server_keeps_the_stale_page(django_db_setup, tmp_path_factory):
    """The control: each server on its own in-process cache (REDIS_URL unset), one worker each, so
    the page B stored is the one B serves."""
    crisis = make_crisis(title="Überschwemmung am Fluss")
    staff = make_user(groups=[STAFF_GROUP], is_staff=True)
    with two_servers(tmp_path_factory, workers=1) as (server_a, server_b):
        visitor = Browser(server_b)
        assert "Überschwemmung am Fluss" in visitor.get(f"/krisen/{crisis.slug}/").text

        rename_in_admin(Browser(server_a).login_as(staff), crisis, "Überschwemmung am Fluss Kura")
        stale = visitor.get(f"/krisen/{crisis.slug}/").text
        fresh = Browser(server_a).get(f"/krisen/{crisis.slug}/").text

    assert "Überschwemmung am Fluss" in stale and "Überschwemmung am Fluss Kura" not in stale
    assert "Überschwemmung am Fluss Kura" in fresh
