"""After login each role lands on its own start page; the header offers one way out."""

import pytest
from django.urls import reverse

from partners.models import Membership
from tests.factories import make_association

pytestmark = pytest.mark.django_db

LOGIN = "/konto/anmelden/"


def _login(client, username, **extra):
    return client.post(LOGIN, {"username": username, "password": "test-pass-123", **extra})


@pytest.mark.parametrize(("cast", "start"), [
    ("staff_user", "/intern/"), ("operator_user", "/lager/betrieb/"), ("member_a", "/lager/"),
])
def test_each_role_lands_on_its_own_start_page(client, request, cast, start):
    user = request.getfixturevalue(cast)
    assert _login(client, user.username)["Location"] == start


def test_a_safe_next_still_wins(client, staff_user):
    response = _login(client, "staff", next="/lager/bestand/")
    assert response["Location"] == "/lager/bestand/"


def test_a_next_to_another_site_is_ignored(client, operator_user):
    response = _login(client, "operator", next="https://boese.example/")
    assert response["Location"] == "/lager/betrieb/"


def test_a_logged_in_visitor_of_the_login_page_goes_to_the_start_page(client, staff_user):
    client.force_login(staff_user)
    assert client.get(LOGIN)["Location"] == "/intern/"


@pytest.mark.parametrize(("cast", "path"), [
    ("member_a", "/lager/"), ("operator_user", "/lager/betrieb/"), ("staff_user", "/intern/"), ("member_a", "/"),
])
def test_the_page_offers_abmelden_once(client, request, cast, path):
    user = request.getfixturevalue(cast)
    if cast == "operator_user":
        Membership.objects.create(user=user, association=make_association(name="Betreiber", slug="betreiber"))
    client.force_login(user)
    body = client.get(path).content.decode()
    assert body.count(f'action="{reverse("account:logout")}"') == 1
    assert body.count(">Abmelden<") == 1
