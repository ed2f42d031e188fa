"""Two-factor login (TOTP): required for the admin outside development, optional for associations."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user

SETUP = "/konto/zwei-faktor/"


def _code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.fixture
def staff(db):
    return make_user("koordination", is_staff=True, is_superuser=True, password="correct-pass-123")


def _confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


def test_setup_needs_a_login(client, db):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/")


def test_setup_shows_a_qr_code_and_the_key_without_inline_script(client, staff):
    client.force_login(staff)
    response = client.get(SETUP)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<svg' in body and 'role="img"' in body and "<title id=\"qr-title\">" in body
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7=]+)</code>', body).group(1)
    assert b32decode(secret) == device.bin_key
    assert "<script" not in body and "style=" not in body


def test_a_wrong_code_keeps_the_device_unconfirmed_and_says_why(client, staff):
    client.force_login(staff)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "000000"})
    assert response.status_code == 200
    assert "Der Code stimmt nicht" in response.content.decode()
    assert response.content.decode().count("<title>Fehler: ") == 1
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_the_right_code_confirms_the_device(client, staff):
    client.force_login(staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_switching_off_needs_a_valid_code(client, staff):
    device = _confirmed_device(staff)
    client.force_login(staff)
    assert client.post("/konto/zwei-faktor/ausschalten/", {"token": "123"}).status_code == 200
    assert TOTPDevice.objects.filter(user=staff).exists()
    client.post("/konto/zwei-faktor/ausschalten/", {"token": _code(device)})
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_switching_off_rejects_get(client, staff):
    client.force_login(staff)
    assert client.get("/konto/zwei-faktor/ausschalten/").status_code == 405


class TestAdminRequiresTwoFactor:
    @pytest.fixture(autouse=True)
    def _required(self, settings):
        settings.ADMIN_REQUIRE_2FA = True

    def test_a_password_alone_does_not_open_the_admin(self, client, staff):
        _confirmed_device(staff)
        response = client.post("/admin/login/", {"username": "koordination", "password": "correct-pass-123"})
        assert response.status_code == 200  # the form again, asking for the code
        assert client.get("/admin/").status_code == 302

    def test_password_and_code_open_the_admin(self, client, staff):
        device = _confirmed_device(staff)
        response = client.post(
            "/admin/login/",
            {"username": "koordination", "password": "correct-pass-123", "otp_device": device.persistent_id,
             "otp_token": _code(device)},
        )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_a_session_without_verification_is_sent_to_the_login(self, client, staff):
        client.force_login(staff)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_in_development_the_demo_users_need_no_second_factor(client, staff, settings):
    settings.ADMIN_REQUIRE_2FA = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


class TestAssociationLogin:
    """Optional for association members: asked for only when they set it up."""

    LOGIN = "/konto/anmelden/"

    def test_without_a_device_the_password_is_enough(self, client, member_a):
        response = client.post(self.LOGIN, {"username": "member_a", "password": "test-pass-123"})
        assert response.status_code == 302
        assert response["Location"] == "/lager/"

    def test_with_a_device_the_code_is_required(self, client, member_a):
        _confirmed_device(member_a)
        response = client.post(self.LOGIN, {"username": "member_a", "password": "test-pass-123"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Bitte geben Sie den Code aus Ihrer Authenticator-App ein." in body
        assert 'value="member_a"' in body  # what was typed stays
        assert "_auth_user_id" not in client.session

    def test_a_wrong_code_is_refused(self, client, member_a):
        _confirmed_device(member_a)
        response = client.post(self.LOGIN, {"username": "member_a", "password": "test-pass-123", "otp_token": "000000"})
        assert "Der Code stimmt nicht" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_password_and_code_log_in_with_a_verified_session(self, client, member_a):
        device = _confirmed_device(member_a)
        response = client.post(
            self.LOGIN, {"username": "member_a", "password": "test-pass-123", "otp_token": _code(device)}
        )
        assert response.status_code == 302
        assert client.session["otp_device_id"] == device.persistent_id
