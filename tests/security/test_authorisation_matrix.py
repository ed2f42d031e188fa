"""Every routed URL × every role × GET and POST, with the expected answer written down per cell.

The routes come from the URL resolver, so a new URL without a row in tests/security/matrix.py fails
`test_every_routed_url_has_a_row`. Each request runs in a transaction that is rolled back, so a POST
in one cell (a cancellation, say) cannot change what the next cell sees. Staff and the operator log
in with their second factor, as in production.

To see what the app answers now (to add a row for a new URL), run
    MATRIX_RECORD=1 .venv/bin/pytest tests/security/test_authorisation_matrix.py -p no:xdist -s
"""

import os

import pytest
from django.apps import apps
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
    build_world,
    routed_urls,
    url_kwargs,
)

METHODS = ("GET", "POST")


@pytest.fixture
def world(db, settings):
    settings.ADMIN_REQUIRE_2FA = True
    return build_world()


def _client_for(user):
    client = Client()
    if user is None:
        return client
    client.force_login(user)
    if user.is_staff:
        device = TOTPDevice.objects.get(user=user, name="Matrix")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


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
        history_id = row.history.first().history_id if hasattr(row, "history") else 0
        pattern = (
            pattern.replace("<path:object_id>", str(row.pk)).replace("<int:pk>", str(row.pk))
            .replace("<id>", str(row.pk)).replace("^([^/]+)/history/([^/]+)/$", f"{row.pk}/history/{history_id}/")
        )
    return "/" + pattern


def _observe(client, method, path):
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


def _observed_row(route, cast, objects):
    path = _path(route, objects)
    return path, {
        method: " ".join(_observe(_client_for(cast[role]), method, path) for role in ROLES) for method in METHODS
    }


def test_every_routed_url_has_a_row():
    missing = sorted({route.name for route in routed_urls()} - set(EXPECTED))
    assert missing == [], f"add these URLs to tests/security/matrix.py: {missing}"


def test_the_table_names_no_url_that_does_not_exist():
    assert sorted(set(EXPECTED) - {route.name for route in routed_urls()}) == []


@pytest.mark.parametrize("chunk", range(4))
def test_every_cell_answers_as_written_down(world, chunk):
    cast, objects = world
    routes = sorted(routed_urls(), key=lambda route: route.name)[chunk::4]
    mismatches = []
    for route in routes:
        path, observed = _observed_row(route, cast, objects)
        if os.environ.get("MATRIX_RECORD"):
            print(f'    "{route.name}": {observed!r},  # /{route.pattern}')
            continue
        expected = EXPECTED.get(route.name)
        for method in METHODS:
            if expected is None or expected[method] != observed[method]:
                mismatches.append(f"{route.name} {method} {path}: expected {expected and expected[method]}, "
                                  f"got {observed[method]} (roles: {' '.join(ROLES)})")
    assert mismatches == []
