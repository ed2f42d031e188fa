"""Every routed URL × every role × GET and POST, with the expected answer written down per cell.

The routes come from the URL resolver, so a new URL without a row in tests/security/matrix.py fails
`test_every_routed_url_has_a_row`. Staff and the operator log in with their second factor, as in
production.

The data every cell sees is built once per module (tests/security/conftest.py: `world`), and each
role logs in once per test. Each request
then runs in a savepoint that is rolled back, from a fresh client that carries only the role's
session cookie, so a POST in one cell (a cancellation, a logout) cannot change what the next cell
sees. A test walks every URL for one role and reports every cell that differs, not only the first.

To see what the app answers now (to add a row for a new URL), run
    MATRIX_RECORD=1 .venv/bin/pytest tests/security/test_authorisation_matrix.py -p no:xdist -s -k record
"""

import os

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from crises.models import Crisis
from tests.security.matrix import EXPECTED
from tests.security.matrix_support import (
    ADMIN_LOGIN,
    LOGIN,
    REDIRECT,
    ROLES,
    routed_urls,
    url_kwargs,
)

METHODS = ("GET", "POST")
# The admin's pages are most of the routes and the slowest to render for staff and the operator, so
# each role's walk is split in two; that also lets the two xdist workers share the work evenly.
PARTS = ("site", "admin")


@pytest.fixture(scope="module")
def routes(world, django_db_blocker):
    """Every routed URL with the path the cells request, filled with the world's objects."""
    _cast, objects = world
    with django_db_blocker.unblock():
        return [(route, _path(route, objects)) for route in sorted(routed_urls(), key=lambda route: route.name)]


def _session_cookie(user):
    """Log `user` in once (with the second factor for staff); the cookie that carries the session."""
    if user is None:
        return {}
    client = Client()
    client.force_login(user)
    if user.is_staff:
        device = TOTPDevice.objects.get(user=user, name="Matrix")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def _path(route, objects):
    if route.is_admin:
        return _admin_path(route)
    return reverse(route.name, kwargs=url_kwargs(route, objects))


def _admin_path(route):
    """Fill an admin route's arguments with a real row of its model."""
    pattern = route.pattern
    if route.name == "admin:view_on_site":
        crisis = Crisis.objects.first()
        return f"/admin/r/{ContentType.objects.get_for_model(Crisis).pk}/{crisis.pk}/"
    if route.name == "admin:app_list":
        return "/admin/partners/"
    if pattern.endswith("(?P<url>.*)$"):
        return "/admin/nowhere/"
    parts = pattern.split("/")
    if len(parts) > 3 and any(arg in pattern for arg in ("<path:object_id>", "<int:pk>", "<id>", "([^/]+)")):
        model = apps.get_model(parts[1], parts[2])
        row = model._default_manager.order_by("pk").first()
        assert row is not None, (
            f"{route.name} needs a row of {model._meta.label}: add one in "
            "tests/security/matrix_support.py (_one_row_for_every_admin_model)"
        )
        history_id = row.history.first().history_id if hasattr(row, "history") else 0
        pattern = (
            pattern.replace("<path:object_id>", str(row.pk)).replace("<int:pk>", str(row.pk))
            .replace("<id>", str(row.pk)).replace("^([^/]+)/history/([^/]+)/$", f"{row.pk}/history/{history_id}/")
        )
    return "/" + pattern


def _observe(cookie, method, path):
    """What one role gets for one request; whatever the request writes is rolled back."""
    client = Client()
    client.cookies.load(cookie)
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, {})
        transaction.set_rollback(True)
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/konto/anmelden/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        return REDIRECT
    return str(response.status_code)


def test_every_routed_url_has_a_row():
    missing = sorted({route.name for route in routed_urls()} - set(EXPECTED))
    assert missing == [], f"add these URLs to tests/security/matrix.py: {missing}"


def test_the_table_names_no_url_that_does_not_exist():
    assert sorted(set(EXPECTED) - {route.name for route in routed_urls()}) == []


@pytest.mark.django_db
@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("role", ROLES)
def test_every_cell_answers_as_written_down(world, routes, settings, role, part):
    settings.STAFF_REQUIRE_2FA = True
    cast, _objects = world
    cookie = _session_cookie(cast[role])
    column = ROLES.index(role)
    mismatches = []
    for route, path in routes:
        if route.is_admin != (part == "admin"):
            continue
        row = EXPECTED.get(route.name)
        if row is None:
            continue  # reported by test_every_routed_url_has_a_row
        for method in METHODS:
            expected = row[method].split()[column]
            got = _observe(cookie, method, path)
            if got != expected:
                mismatches.append(f"{role} {method} {path} ({route.name}): expected {expected}, got {got}")
    assert mismatches == [], "\n".join([f"{len(mismatches)} cells differ from tests/security/matrix.py:", *mismatches])


@pytest.mark.django_db
@pytest.mark.skipif(not os.environ.get("MATRIX_RECORD"), reason="set MATRIX_RECORD=1 to print the table as observed")
def test_record_what_every_role_gets(world, routes, settings):
    settings.STAFF_REQUIRE_2FA = True
    cast, _objects = world
    cookies = {role: _session_cookie(cast[role]) for role in ROLES}
    for route, path in routes:
        observed = {method: " ".join(_observe(cookies[role], method, path) for role in ROLES) for method in METHODS}
        print(f'    "{route.name}": {observed!r},  # /{route.pattern}')
