"""django-axes locks one account from one address after repeated failed logins."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import make_user

ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _throttling_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def _fail(client, username, address="198.51.100.7", **extra):
    return client.post(ADMIN_LOGIN, {"username": username, "password": "wrong-password"}, REMOTE_ADDR=address, **extra)


def _login(client, username, address="198.51.100.7", **extra):
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": "correct-pass-123"}, REMOTE_ADDR=address, **extra
    )


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


def test_a_stranger_elsewhere_cannot_lock_the_account_out(client, db):
    make_user("koordination", is_staff=True, password="correct-pass-123")
    for _ in range(3):
        _fail(client, "koordination", address="203.0.113.66")
    assert _login(client, "koordination", address="198.51.100.7").status_code == 302


def test_one_address_cannot_lock_every_account(client, db):
    make_user("someone-else", is_staff=True, password="correct-pass-123")
    for _ in range(3):
        _fail(client, "koordination", address="192.0.2.50")
    assert _fail(client, "koordination", address="192.0.2.50").status_code == 429
    assert _login(client, "someone-else", address="192.0.2.50").status_code == 302


def test_behind_a_trusted_proxy_clients_are_told_apart(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("koordination", is_staff=True, password="correct-pass-123")
    proxy = "10.0.0.1"
    for _ in range(3):
        _fail(client, "koordination", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert _fail(client, "koordination", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66").status_code == 429
    assert _login(client, "koordination", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302


def test_behind_a_trusted_proxy_a_forged_header_entry_does_not_help(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        # The client writes its own X-Forwarded-For; the proxy appends the real address.
        _fail(client, "koordination", address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.66")
    response = _fail(client, "koordination", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.66")
    assert response.status_code == 429


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(client, db, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    for n in range(3):
        _fail(client, "koordination", address="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = _fail(client, "koordination", address="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert response.status_code == 429


def test_the_lockout_page_shows_the_minutes_still_to_wait(client, db, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(3):
        _fail(client, "koordination")
    time_machine.shift(datetime.timedelta(minutes=5))
    # The lockout page itself is no new failure, so the wait does not start over.
    body = _login(client, "koordination").content.decode()
    assert "noch 10 Minuten gesperrt" in body


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
