"""django-axes locks out an address or an account after repeated failed logins."""

import pytest
from axes.models import AccessAttempt

from tests.factories import make_user

ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _throttling_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def _fail(client, username, address="198.51.100.7"):
    return client.post(ADMIN_LOGIN, {"username": username, "password": "wrong-password"}, REMOTE_ADDR=address)


def test_failures_below_the_limit_show_the_ordinary_error(client, db):
    make_user("koordination", is_staff=True)
    response = _fail(client, "koordination")
    assert response.status_code == 200


def test_repeated_failures_lock_the_account_with_a_clear_german_message(client, db):
    make_user("koordination", is_staff=True, password="correct-pass-123")
    for _ in range(3):
        _fail(client, "koordination")
    response = client.post(
        ADMIN_LOGIN, {"username": "koordination", "password": "correct-pass-123"}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in body
    assert "15 Minuten" in body
    assert "_auth_user_id" not in client.session


def test_the_lock_follows_the_account_across_addresses(client, db):
    make_user("koordination", is_staff=True, password="correct-pass-123")
    for n in range(3):
        _fail(client, "koordination", address=f"203.0.113.{n + 1}")
    response = client.post(
        ADMIN_LOGIN, {"username": "koordination", "password": "correct-pass-123"}, REMOTE_ADDR="203.0.113.99"
    )
    assert response.status_code == 429


def test_the_lock_follows_the_address_across_accounts(client, db):
    make_user("someone-else", is_staff=True, password="correct-pass-123")
    for n in range(3):
        _fail(client, f"guess{n}", address="192.0.2.50")
    response = client.post(
        ADMIN_LOGIN, {"username": "someone-else", "password": "correct-pass-123"}, REMOTE_ADDR="192.0.2.50"
    )
    assert response.status_code == 429


def test_the_way_back_is_a_password_reset_and_the_cool_off(client, db, settings):
    for _ in range(3):
        _fail(client, "koordination")
    response = _fail(client, "koordination")
    assert 'href="/konto/passwort-vergessen/"' in response.content.decode()
    AccessAttempt.objects.all().delete()  # what the cool-off does after AXES_COOLOFF_MINUTES
    assert _fail(client, "koordination").status_code == 200


def test_a_successful_login_resets_the_failure_count(client, db):
    make_user("koordination", is_staff=True, password="correct-pass-123")
    _fail(client, "koordination")
    _fail(client, "koordination")
    ok = client.post(
        ADMIN_LOGIN, {"username": "koordination", "password": "correct-pass-123"}, REMOTE_ADDR="198.51.100.7"
    )
    assert ok.status_code == 302
    client.logout()
    _fail(client, "koordination")
    assert _fail(client, "koordination").status_code == 200
