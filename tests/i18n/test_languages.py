"""Languages in the address: German at the root, /en/, /uk/, /tr/; the switcher and the reader's choice."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_each_language_has_its_own_address_and_lang_attribute(client):
    for prefix, language in (("", "de"), ("/en", "en"), ("/uk", "uk"), ("/tr", "tr")):
        response = client.get(f"{prefix}/krisen/")
        assert response.status_code == 200
        assert response["Content-Language"] == language
        assert f'<html lang="{language}">' in response.content.decode()


def test_pages_are_translated(client):
    assert ">Crises<" in client.get("/en/").content.decode()
    assert ">Кризи<" in client.get("/uk/").content.decode()
    assert ">Krizler<" in client.get("/tr/").content.decode()


def test_reverse_follows_the_active_language():
    with translation.override("uk"):
        assert reverse("crises:list") == "/uk/krisen/"
    with translation.override("de"):
        assert reverse("crises:list") == "/krisen/"


def test_every_page_names_its_versions_for_search_engines(client):
    body = client.get("/en/krisen/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))
    site = settings.SITE_URL.rstrip("/")
    assert alternates == {
        "de": f"{site}/krisen/", "x-default": f"{site}/krisen/", "en": f"{site}/en/krisen/",
        "uk": f"{site}/uk/krisen/", "tr": f"{site}/tr/krisen/",
    }


def test_the_switcher_names_each_language_in_itself_and_keeps_the_page(client):
    body = client.get("/uk/krisen/").content.decode()
    links = re.findall(r'<a class="language-switcher__link" href="([^"]+)" lang="(\w+)"[^>]*>([^<]+)</a>', body)
    assert [(language, name) for _href, language, name in links] == [
        ("de", "Deutsch"), ("en", "English"), ("uk", "Українська"), ("tr", "Türkçe"),
    ]
    assert links[0][0] == "/sprache/de/?next=/uk/krisen/"
    assert 'lang="uk" hreflang="uk" rel="nofollow" aria-current="true"' in body


def test_switching_remembers_the_choice_and_shows_the_same_page(client):
    response = client.get("/sprache/tr/", {"next": "/krisen/?seite=2"})
    assert response.status_code == 302
    assert response["Location"] == "/tr/krisen/?seite=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tr"
    # Later, a German address leads to the Turkish page; choosing German again stays German.
    assert client.get("/hilfsgueter/")["Location"] == "/tr/hilfsgueter/"
    assert client.get("/sprache/de/", {"next": "/tr/hilfsgueter/"})["Location"] == "/hilfsgueter/"
    assert client.get("/hilfsgueter/").status_code == 200


def test_switching_goes_nowhere_but_this_site(client):
    assert client.get("/sprache/en/", {"next": "https://example.org/"})["Location"] == "/en/"
    assert client.get("/sprache/en/", {"next": "//example.org/krisen/"})["Location"] == "/en/"
    response = client.get("/sprache/xx/", {"next": "/krisen/"})
    assert response["Location"] == "/krisen/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert client.post("/sprache/en/").status_code == 405


def test_a_browser_asking_for_another_of_our_languages_gets_it(client):
    response = client.get("/krisen/", HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/uk/krisen/"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_german_stays_german_and_caches_know_it_varies(client):
    response = client.get("/krisen/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.8")
    assert response.status_code == 200
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert client.get("/krisen/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").status_code == 200  # not one of ours


def test_machines_and_forms_are_not_redirected(client):
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en").status_code in (200, 503)
    assert client.get("/robots.txt", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    # A form sent to the German address is answered there, not redirected and lost.
    assert client.post("/kontakt/", {}, HTTP_ACCEPT_LANGUAGE="en").status_code != 302


def test_the_sitemap_lists_every_language_with_its_alternates(client):
    body = client.get("/sitemap-pages.xml").content.decode()
    site = settings.SITE_URL.rstrip("/")
    for prefix in ("", "/en", "/uk", "/tr"):
        assert f"<loc>{site}{prefix}/krisen/</loc>" in body
    assert f'hreflang="uk" href="{site}/uk/krisen/"' in body
    assert f'hreflang="x-default" href="{site}/krisen/"' in body


def test_robots_keep_the_private_areas_of_every_language_out(client):
    body = client.get("/robots.txt").content.decode()
    for prefix in ("", "/en", "/uk", "/tr"):
        assert f"Disallow: {prefix}/lager/" in body


def test_pages_with_one_address_for_all_languages_have_no_switcher(client):
    """Partners' personal links follow the contact's language; their token must not travel in a
    switcher's query string."""
    from django.urls import reverse

    from tests.donations.partner_support import needs_link

    link = needs_link()
    body = client.get(reverse("partner:home", args=[link.token])).content.decode()
    assert "language-switcher" not in body and "/sprache/" not in body
    assert "language-switcher" in client.get("/").content.decode()
