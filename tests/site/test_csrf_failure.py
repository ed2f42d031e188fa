"""A form sent without a valid CSRF token gets our own German page with a way back."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def _post_without_token(client, **extra):
    return client.post("/konto/anmelden/", {"username": "x", "password": "y"}, **extra)


def test_it_explains_cookies_and_the_open_form_in_german(strict_client):
    response = _post_without_token(strict_client)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formular konnte nicht gesendet werden" in body
    assert "Cookies" in body
    assert "sehr lange geöffnet" in body
    assert "style=" not in body and "<style" not in body  # our CSP blocks inline style


def test_the_way_back_is_the_form_on_our_own_site(strict_client):
    response = _post_without_token(strict_client, HTTP_REFERER="http://testserver/konto/anmelden/")
    assert 'href="http://testserver/konto/anmelden/">Zurück zum Formular</a>' in response.content.decode()


def test_a_foreign_referer_leads_home_instead(strict_client):
    response = _post_without_token(strict_client, HTTP_REFERER="https://evil.example/phish")
    body = response.content.decode()
    assert "evil.example" not in body
    assert 'href="/">Zur Startseite</a>' in body
