import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_goes_to_the_warehouse_area(client, member_a):
    page = client.get(reverse("account:login"))
    assert page.status_code == 200
    assert "Anmelden für Vereine" in page.content.decode()
    response = client.post(reverse("account:login"), {"username": "member_a", "password": "test-pass-123"})
    assert response["Location"] == "/lager/"


def test_a_wrong_password_is_explained(client, member_a):
    response = client.post(reverse("account:login"), {"username": "member_a", "password": "falsch"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fehler: " in html and "Es gibt ein Problem" in html


def test_logout_is_post_only(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("account:logout")).status_code == 405
    assert client.post(reverse("account:logout")).status_code == 302
    assert client.get(reverse("warehouse:home")).status_code == 302


def test_password_change(client, member_a):
    client.force_login(member_a)
    url = reverse("account:password_change")
    assert client.get(url).status_code == 200
    response = client.post(url, {"old_password": "test-pass-123", "new_password1": "Neues-Passwort-77",
                                 "new_password2": "Neues-Passwort-77"})
    assert response["Location"] == reverse("account:password_change_done")
    member_a.refresh_from_db()
    assert member_a.check_password("Neues-Passwort-77")


def test_password_reset_by_mail(client, member_a, mailoutbox):
    assert client.get(reverse("account:password_reset")).status_code == 200
    response = client.post(reverse("account:password_reset"), {"email": member_a.email})
    assert response["Location"] == reverse("account:password_reset_done")
    (mail,) = mailoutbox
    assert mail.subject == "Dortmund hilft: Passwort festlegen"
    path = re.search(r"/konto/passwort-neu/\S+/", mail.body).group(0)
    page = client.get(path, follow=True)
    assert page.context["validlink"]
    client.post(page.redirect_chain[-1][0], {"new_password1": "Wieder-neu-2026", "new_password2": "Wieder-neu-2026"})
    member_a.refresh_from_db()
    assert member_a.check_password("Wieder-neu-2026")


def test_an_invalid_reset_link_says_so(client):
    page = client.get("/konto/passwort-neu/MQ/falsch-token/")
    assert "Dieser Link gilt nicht mehr" in page.content.decode()
