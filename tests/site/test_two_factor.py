"""Two-factor login (TOTP): required for staff outside development, optional for associations.

Setting up an authenticator needs the password again and a code mailed to the account's address;
the pages staff reach only with the second factor are tested in test_staff_two_factor.py.
"""

import re
import time
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dortmund_hilft.two_factor import new_recovery_codes
from tests.factories import make_user

SETUP = "/konto/zwei-faktor/"
IDENTITY = "/konto/zwei-faktor/bestaetigen/"
RECOVERY = "/konto/zwei-faktor/wiederherstellungscodes/"


def _code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.fixture
def staff(db):
    return make_user("koordination", is_staff=True, is_superuser=True, password="correct-pass-123")


def _confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


def _mailed_code():
    return re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)


def _confirm_identity(client, password="correct-pass-123"):
    """The step before setting up: password, then the code from the e-mail."""
    assert client.post(IDENTITY, {"password": password}).status_code == 302
    assert client.post(IDENTITY, {"code": _mailed_code()})["Location"] == SETUP


def test_setup_needs_a_login(client, db):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/")


def test_setup_shows_a_qr_code_and_the_key_without_inline_script(client, staff):
    client.force_login(staff)
    _confirm_identity(client)
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
    _confirm_identity(client)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "000000"})
    assert response.status_code == 200
    assert "Der Code stimmt nicht" in response.content.decode()
    assert response.content.decode().count("<title>Fehler: ") == 1
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_the_right_code_confirms_the_device_and_shows_recovery_codes_once(client, staff):
    client.force_login(staff)
    _confirm_identity(client)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"token": _code(device)})
    assert response["Location"] == RECOVERY
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id
    codes = set(StaticDevice.objects.get(user=staff).token_set.values_list("token", flat=True))
    assert len(codes) == 10
    body = client.get(RECOVERY).content.decode()
    assert all(code in body for code in codes)
    body = client.get(RECOVERY).content.decode()
    assert not any(code in body for code in codes)
    assert "noch 10 unbenutzte" in body


class TestSettingUpNeedsPasswordAndMailedCode:
    def test_without_them_there_is_no_qr_code(self, client, staff):
        client.force_login(staff)
        response = client.get(SETUP)
        assert response["Location"] == IDENTITY
        assert client.post(SETUP, {"token": "123456"})["Location"] == IDENTITY
        assert not TOTPDevice.objects.filter(user=staff).exists()

    def test_a_wrong_password_sends_no_mail(self, client, staff):
        client.force_login(staff)
        response = client.post(IDENTITY, {"password": "wrong-password-1"})
        assert response.status_code == 200
        assert "Das Passwort stimmt nicht." in response.content.decode()
        assert mail.outbox == []

    def test_the_password_alone_is_not_enough(self, client, staff):
        client.force_login(staff)
        client.post(IDENTITY, {"password": "correct-pass-123"})
        assert mail.outbox[0].to == ["koordination@example.org"]
        assert _mailed_code() not in str(dict(client.session))  # kept as a keyed hash only
        assert client.get(SETUP)["Location"] == IDENTITY

    def test_a_wrong_mailed_code_is_refused_and_five_tries_end_it(self, client, staff):
        client.force_login(staff)
        client.post(IDENTITY, {"password": "correct-pass-123"})
        code = _mailed_code()
        wrong = "000000" if code != "000000" else "111111"
        for _attempt in range(5):
            response = client.post(IDENTITY, {"code": wrong})
            assert "Der Code stimmt nicht oder ist abgelaufen." in response.content.decode()
        assert client.post(IDENTITY, {"code": code}).status_code == 200  # used up: ask for a new one
        assert client.get(SETUP)["Location"] == IDENTITY

    def test_the_mailed_code_expires(self, client, staff, time_machine):
        time_machine.move_to(time.time(), tick=False)
        client.force_login(staff)
        client.post(IDENTITY, {"password": "correct-pass-123"})
        time_machine.shift(11 * 60)
        assert client.post(IDENTITY, {"code": _mailed_code()}).status_code == 200
        assert client.get(SETUP)["Location"] == IDENTITY

    def test_the_code_works_only_in_the_session_that_asked_for_it(self, client, staff):
        client.force_login(staff)
        client.post(IDENTITY, {"password": "correct-pass-123"})
        other = type(client)()
        other.force_login(staff)
        assert other.post(IDENTITY, {"code": _mailed_code()}).status_code == 200
        assert other.get(SETUP)["Location"] == IDENTITY

    def test_an_account_without_address_is_told_whom_to_ask(self, client, db):
        user = make_user("ohne", email="", password="correct-pass-123")
        client.force_login(user)
        response = client.post(IDENTITY, {"password": "correct-pass-123"})
        assert "keine E-Mail-Adresse" in response.content.decode()
        assert mail.outbox == []

    def test_an_account_with_a_device_cannot_add_another(self, client, staff):
        _confirmed_device(staff)
        client.force_login(staff)
        assert client.post(IDENTITY, {"password": "correct-pass-123"})["Location"] == SETUP
        assert mail.outbox == []

    def test_it_rejects_other_methods(self, client, staff):
        client.force_login(staff)
        assert client.put(IDENTITY).status_code == 405

    def test_it_needs_a_login(self, client, db):
        assert client.get(IDENTITY)["Location"].startswith("/konto/anmelden/")


class TestRecoveryCodes:
    def test_making_new_ones_needs_a_verified_session(self, client, staff):
        device = _confirmed_device(staff)
        old = set(new_recovery_codes(staff))
        client.force_login(staff)
        response = client.post(RECOVERY)
        assert response["Location"].startswith("/konto/zwei-faktor/code/")
        assert set(StaticDevice.objects.get(user=staff).token_set.values_list("token", flat=True)) == old
        client.post("/konto/zwei-faktor/code/", {"token": _code(device)})
        assert client.post(RECOVERY)["Location"] == RECOVERY
        new = set(StaticDevice.objects.get(user=staff).token_set.values_list("token", flat=True))
        assert len(new) == 10 and not new & old

    def test_without_an_app_there_are_none(self, client, staff):
        client.force_login(staff)
        assert client.get(RECOVERY)["Location"] == SETUP

    def test_it_rejects_other_methods(self, client, staff):
        client.force_login(staff)
        assert client.put(RECOVERY).status_code == 405


def test_the_identity_step_is_remembered_only_for_a_while(client, staff, time_machine):
    time_machine.move_to(time.time(), tick=False)
    client.force_login(staff)
    _confirm_identity(client)
    time_machine.shift(16 * 60)
    assert client.get(SETUP)["Location"] == IDENTITY


def test_switching_off_accepts_a_recovery_code(client, staff):
    _confirmed_device(staff)
    code = new_recovery_codes(staff)[0]
    client.force_login(staff)
    client.post("/konto/zwei-faktor/ausschalten/", {"token": code.upper()})
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()


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
        settings.STAFF_REQUIRE_2FA = True

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

    def test_a_recovery_code_opens_the_admin_once(self, client, staff):
        _confirmed_device(staff)
        code = new_recovery_codes(staff)[0]
        recovery = StaticDevice.objects.get(user=staff)
        login = {"username": "koordination", "password": "correct-pass-123", "otp_device": recovery.persistent_id,
                 "otp_token": code}
        assert client.post("/admin/login/", login).status_code == 302
        assert client.get("/admin/").status_code == 200
        client.logout()
        assert client.post("/admin/login/", login).status_code == 200
        assert client.get("/admin/").status_code == 302

    def test_a_session_without_verification_is_sent_to_the_login(self, client, staff):
        client.force_login(staff)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_in_development_the_demo_users_need_no_second_factor(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
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

    def test_a_recovery_code_works_once(self, client, member_a):
        _confirmed_device(member_a)
        code = new_recovery_codes(member_a)[0]
        login = {"username": "member_a", "password": "test-pass-123", "otp_token": code}
        assert client.post(self.LOGIN, login).status_code == 302
        assert client.session["otp_device_id"] == StaticDevice.objects.get(user=member_a).persistent_id
        client.logout()
        assert "Der Code stimmt nicht" in client.post(self.LOGIN, login).content.decode()
