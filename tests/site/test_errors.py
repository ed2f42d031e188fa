"""The 404 and 500 pages are in the site's layout; the 500 page works without the database."""

import pytest
from django.test import Client
from django.urls import path

from dortmund_hilft import urls as site_urls


def broken_view(request):
    raise RuntimeError("something broke")


# A URLconf with one broken route on top of the real ones, to reach the 500 handler. The real ones
# are copied in, not included: their language patterns must sit in a root URLconf.
urlpatterns = [path("kaputt/", broken_view), *site_urls.urlpatterns]
handler404 = "dortmund_hilft.views.page_not_found"
handler500 = "dortmund_hilft.views.server_error"


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    return settings


def test_the_404_page_uses_the_layout(client, db, production_like):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<title>Seite nicht gefunden – Dortmund hilft</title>" in body
    assert 'class="skip-link"' in body and 'aria-label="Hauptnavigation"' in body and "</footer>" in body
    assert 'href="/"' in body and 'href="/kontakt/"' in body
    assert production_like.UNIT_EMAIL in body


def test_the_500_page_renders_in_the_layout_without_the_database(production_like):
    # No `db` fixture: pytest-django refuses every query, so a page that needed one would fail here.
    production_like.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/kaputt/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<title>Ein Fehler ist aufgetreten – Dortmund hilft</title>" in body
    assert 'class="skip-link"' in body and "</footer>" in body
    assert production_like.UNIT_PHONE in body


def test_the_403_page_uses_the_site_layout(client, member_a):
    client.force_login(member_a)
    response = client.get("/lager/betrieb/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Kein Zugriff – Dortmund hilft" in body
    assert 'id="inhalt"' in body


def test_the_header_offers_associations_a_way_in(client, db):
    body = client.get("/").content.decode()
    assert 'href="/konto/anmelden/"' in body
    assert 'href="/lager/mitnutzung/"' in body


def test_logged_in_people_see_their_area_and_a_logout_button(client, member_a):
    client.force_login(member_a)
    body = client.get("/").content.decode()
    assert 'href="/lager/"' in body
    assert 'action="/konto/abmelden/"' in body
