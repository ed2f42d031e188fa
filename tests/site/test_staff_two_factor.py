"""Staff see personal data only in a session verified by the second factor (STAFF_REQUIRE_2FA).

A password alone sends the operator and city staff to the code step (or, without a device, to set
one up) from every staff page; association members keep two-factor login optional.
"""

from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dortmund_hilft.two_factor import new_recovery_codes, reset_two_factor
from tests.factories import make_user
from tests.security.matrix import EXPECTED
from tests.security.matrix_support import ROLES, build_world, routed_urls, url_kwargs

VERIFY = "/konto/zwei-faktor/code/"
SETUP = "/konto/zwei-faktor/"

# Every page that shows donors, offerers, members or the outbox and that only staff reach.
STAFF_PAGES = [
    ("GET", "dashboard"),
    ("POST", "dashboard-resend-mail"),
    ("GET", "site:personal-data"),
    ("GET", "site:personal-data-export"),
    ("POST", "site:personal-data-erase"),
    ("GET", "warehouse:operator-requests"),
    ("GET", "warehouse:operator-day"),
    ("GET", "warehouse:operator-blocks"),
    ("GET", "warehouse:operator-decline"),
    ("POST", "warehouse:operator-confirm"),
    ("GET", "stock:home"),
    ("GET", "stock:book-in"),
    ("GET", "stock:association"),
    ("GET", "stock:shipments"),
    ("GET", "stock:shipment"),
    ("GET", "stock:offer-receive"),
    ("GET", "stock:stocktakes"),
    ("GET", "donations:donation-receipt"),
    ("GET", "donations:packing-list-pdf"),
    ("GET", "donations:packing-list-csv"),
]


def _cases():
    """Each page with each staff role the authorisation matrix lets in."""
    for method, name in STAFF_PAGES:
        for role in ("operator", "staff"):
            if EXPECTED[name][method].split()[ROLES.index(role)] not in ("403", "404", "405"):
                yield pytest.param(method, name, role, id=f"{role}-{method}-{name}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix's world (demo data, each staff role with a confirmed app), once for this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_REQUIRE_2FA = True


def _path(name, objects):
    route = next(route for route in routed_urls() if route.name == name)
    path = reverse(name, kwargs=url_kwargs(route, objects))
    return path + "?email=a%40example.org" if name == "site:personal-data-export" else path


def _request(client, method, path):
    return client.get(path) if method == "GET" else client.post(path, {})


def _code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "role"), list(_cases()))
def test_a_password_alone_leads_to_the_code_step(client, world, method, name, role):
    cast, objects = world
    path = _path(name, objects)
    client.force_login(cast[role])
    response = _request(client, method, path)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?{urlencode({'next': path})}"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name", "role"), list(_cases()))
def test_after_the_code_step_the_page_opens(client, world, method, name, role):
    cast, objects = world
    path = _path(name, objects)
    device = TOTPDevice.objects.get(user=cast[role])
    client.force_login(cast[role])
    response = client.post(VERIFY, {"token": _code(device), "next": path})
    assert response["Location"] == path
    response = _request(client, method, path)
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # e.g. after a form; not back to the code step
        assert not response["Location"].startswith("/konto/")


@pytest.mark.django_db
def test_staff_without_a_device_are_sent_to_set_one_up(client, world):
    cast, _objects = world
    reset_two_factor(cast["operator"])
    client.force_login(cast["operator"])
    assert client.get("/lager/betrieb/")["Location"] == SETUP
    response = client.get(SETUP, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == "/konto/zwei-faktor/bestaetigen/"
    assert "Für Ihr Konto ist die Zwei-Faktor-Anmeldung Pflicht." in body


@pytest.mark.django_db
def test_association_members_need_no_second_factor(client, world):
    cast, _objects = world
    client.force_login(cast["member_a"])
    assert client.get("/lager/").status_code == 200


@pytest.mark.django_db
def test_with_the_setting_off_a_password_is_enough(client, world, settings):
    settings.STAFF_REQUIRE_2FA = False
    cast, _objects = world
    client.force_login(cast["operator"])
    assert client.get("/lager/betrieb/").status_code == 200


class TestCodeStep:
    @pytest.mark.django_db
    def test_a_wrong_code_is_refused(self, client, world):
        cast, _objects = world
        client.force_login(cast["staff"])
        response = client.post(VERIFY, {"token": "000000", "next": "/intern/"})
        assert response.status_code == 200
        assert "Der Code stimmt nicht" in response.content.decode()
        assert client.get("/intern/").status_code == 302

    @pytest.mark.django_db
    def test_a_recovery_code_works_once(self, client, world):
        cast, _objects = world
        code = new_recovery_codes(cast["staff"])[3]
        client.force_login(cast["staff"])
        response = client.post(VERIFY, {"token": code.upper(), "next": "/intern/"})
        assert response["Location"] == "/intern/"
        assert client.session[DEVICE_ID_SESSION_KEY] == StaticDevice.objects.get(user=cast["staff"]).persistent_id
        assert client.get("/intern/").status_code == 200
        client.logout()
        client.force_login(cast["staff"])
        assert client.post(VERIFY, {"token": code, "next": "/intern/"}).status_code == 200
        assert StaticDevice.objects.get(user=cast["staff"]).token_set.count() == 9

    @pytest.mark.django_db
    def test_it_goes_back_only_to_this_site(self, client, world):
        cast, _objects = world
        device = TOTPDevice.objects.get(user=cast["staff"])
        client.force_login(cast["staff"])
        response = client.post(VERIFY, {"token": _code(device), "next": "https://evil.example/"})
        assert response["Location"] == "/lager/"

    @pytest.mark.django_db
    def test_a_verified_session_goes_straight_on(self, client, world):
        cast, _objects = world
        device = TOTPDevice.objects.get(user=cast["staff"])
        client.force_login(cast["staff"])
        client.post(VERIFY, {"token": _code(device), "next": "/intern/"})
        assert client.get(VERIFY + "?next=/intern/")["Location"] == "/intern/"

    @pytest.mark.django_db
    def test_it_rejects_other_methods(self, client, world):
        cast, _objects = world
        client.force_login(cast["staff"])
        assert client.put(VERIFY).status_code == 405

    @pytest.mark.django_db
    def test_outsiders_are_sent_to_the_login(self, client, db):
        assert client.get(VERIFY)["Location"].startswith("/konto/anmelden/")

    @pytest.mark.django_db
    def test_without_a_device_it_leads_to_setting_one_up(self, client, world):
        cast, _objects = world
        client.force_login(cast["member_a"])
        assert client.get(VERIFY)["Location"] == SETUP


class TestAdminReset:
    CHANGELIST = "/admin/auth/user/"

    @pytest.fixture
    def admin_client(self, client, db):
        admin = make_user("admin", is_staff=True, is_superuser=True)
        device = TOTPDevice.objects.create(user=admin, name="App", confirmed=True)
        client.force_login(admin)
        client.post(VERIFY, {"token": _code(device), "next": "/admin/"})
        return client

    @pytest.mark.django_db
    def test_it_removes_the_app_and_the_recovery_codes(self, admin_client, world):
        cast, _objects = world
        operator = cast["operator"]
        new_recovery_codes(operator)
        response = admin_client.post(
            self.CHANGELIST, {"action": "reset_two_factor", "_selected_action": [operator.pk]}
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=operator).exists()
        assert not StaticDevice.objects.filter(user=operator).exists()

    @pytest.mark.django_db
    def test_the_owner_then_sets_it_up_afresh_with_password_and_mailed_code(self, admin_client, world):
        cast, _objects = world
        operator = cast["operator"]
        operator_client = type(admin_client)()
        operator_client.force_login(operator)
        operator_client.post(VERIFY, {"token": _code(TOTPDevice.objects.get(user=operator)), "next": "/"})
        assert operator_client.get("/lager/betrieb/").status_code == 200
        admin_client.post(self.CHANGELIST, {"action": "reset_two_factor", "_selected_action": [operator.pk]})
        assert operator_client.get("/lager/betrieb/")["Location"] == SETUP
        assert operator_client.get(SETUP)["Location"] == "/konto/zwei-faktor/bestaetigen/"

    @pytest.mark.django_db
    def test_staff_who_may_only_view_users_cannot_reset(self, client, world):
        cast, _objects = world
        staff = cast["staff"]
        client.force_login(staff)
        client.post(VERIFY, {"token": _code(TOTPDevice.objects.get(user=staff)), "next": "/"})
        operator = cast["operator"]
        response = client.post(self.CHANGELIST, {"action": "reset_two_factor", "_selected_action": [operator.pk]})
        assert response.status_code in (200, 302, 403)
        assert TOTPDevice.objects.filter(user=operator).exists()

