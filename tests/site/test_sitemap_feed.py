import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_association, make_crisis, make_news_post, make_partner_city

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def site_url(settings):
    # Links name the public address whatever Host the request came with (here: testserver).
    settings.SITE_URL = "https://dortmund-hilft.example"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - our own server's answer, parsed to prove it is well-formed


# --- Atom feed ---

def test_the_feed_is_atom_with_the_published_news_newest_first(client):
    make_news_post(title="Älter", teaser="Erst das.", published_at=timezone.now() - datetime.timedelta(days=3))
    newer = make_news_post(title="Neuer", teaser="Dann das.", published_at=timezone.now() - datetime.timedelta(days=1))
    make_news_post(title="Entwurf", published_at=None)
    make_news_post(title="Geplant", published_at=timezone.now() + datetime.timedelta(days=1))

    response = client.get(reverse("news:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Aktuelles – Dortmund hilft"
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Neuer", "Älter"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"https://dortmund-hilft.example{newer.get_absolute_url()}"
    assert first.findtext(f"{ATOM}summary") == "Dann das."
    assert first.findtext(f"{ATOM}updated")


def test_the_feed_keeps_to_the_latest_twenty_posts(client):
    for days in range(1, 23):
        make_news_post(published_at=timezone.now() - datetime.timedelta(days=days))

    feed = parse_xml(client.get(reverse("news:feed")).content)

    assert len(feed.findall(f"{ATOM}entry")) == 20


def test_the_feed_escapes_markup_in_titles(client):
    make_news_post(title="<script>alert(1)</script> & mehr")

    response = client.get(reverse("news:feed"))

    assert b"<script>" not in response.content
    feed = parse_xml(response.content)
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "<script>alert(1)</script> & mehr"


# --- sitemap ---

def sitemap_locations(client):
    """Every address in every section the sitemap index at /sitemap.xml points to."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    assert index["Content-Type"].startswith("application/xml")
    root = parse_xml(index.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = set()
    for section in root.findall(f"{SITEMAP}sitemap"):
        response = client.get(section.findtext(f"{SITEMAP}loc").removeprefix("https://dortmund-hilft.example"))
        assert response.status_code == 200
        urlset = parse_xml(response.content)
        assert urlset.tag == f"{SITEMAP}urlset"
        locations |= {
            url.findtext(f"{SITEMAP}loc").removeprefix("https://dortmund-hilft.example")
            for url in urlset.findall(f"{SITEMAP}url")
        }
    return locations


def test_the_sitemap_lists_the_public_pages_and_content(client):
    crisis = make_crisis()
    city = make_partner_city()
    association = make_association()
    post = make_news_post()

    locations = sitemap_locations(client)

    for name in ["site:home", "crises:list", "partners:city-list", "partners:association-list", "news:list",
                 "site:contact", "site:imprint", "site:privacy", "site:accessibility", "site:easy-language"]:
        assert reverse(name) in locations, name
    for obj in [crisis, city, association, post]:
        assert obj.get_absolute_url() in locations


def test_the_sitemap_leaves_out_what_is_not_public(client):
    draft = make_news_post(published_at=None)
    scheduled = make_news_post(published_at=timezone.now() + datetime.timedelta(days=1))
    inactive = make_association(is_active=False)

    locations = sitemap_locations(client)

    assert draft.get_absolute_url() not in locations
    assert scheduled.get_absolute_url() not in locations
    assert inactive.get_absolute_url() not in locations


def test_every_sitemap_address_answers_200(client):
    make_crisis()
    make_partner_city()
    make_association()
    make_news_post()

    for location in sitemap_locations(client):
        assert client.get(location).status_code == 200, location


def test_the_shipment_section_is_split_into_pages(client, settings):
    from donations.models import Shipment
    from donations.sitemaps import ShipmentSitemap
    from tests.factories import make_shipment

    association = make_association()
    shipments = [
        make_shipment(source_association=association, status=Shipment.Status.IN_TRANSIT) for _ in range(3)
    ]
    # Four addresses a page: each shipment in German, English, Ukrainian and Turkish.
    ShipmentSitemap.limit, limit = 4, ShipmentSitemap.limit
    try:
        index = parse_xml(client.get(reverse("sitemap")).content)
        sections = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
        assert "https://dortmund-hilft.example/sitemap-shipments.xml" in sections
        assert "https://dortmund-hilft.example/sitemap-shipments.xml?p=3" in sections
        third = parse_xml(client.get("/sitemap-shipments.xml", {"p": 3}).content)
        path = shipments[2].get_absolute_url()
        assert [u.findtext(f"{SITEMAP}loc") for u in third.findall(f"{SITEMAP}url")] == [
            f"https://dortmund-hilft.example{prefix}{path}" for prefix in ("", "/en", "/uk", "/tr")
        ]
    finally:
        ShipmentSitemap.limit = limit


# --- robots.txt ---

def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client, settings):
    settings.SITE_URL = "https://dortmund-hilft.example"

    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /lager/" in lines
    assert "Sitemap: https://dortmund-hilft.example/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /krisen") or line == "Disallow: /" for line in lines)


def test_feed_and_sitemap_name_the_site_url_not_the_host_that_asked(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.7"]
    post = make_news_post(title="Neu", published_at=timezone.now() - datetime.timedelta(hours=1))

    feed = client.get(reverse("news:feed"), HTTP_HOST="10.0.0.7").content.decode()
    index = client.get(reverse("sitemap"), HTTP_HOST="10.0.0.7").content.decode()
    news = client.get(reverse("sitemap", kwargs={"section": "news"}), HTTP_HOST="10.0.0.7").content.decode()

    assert "10.0.0.7" not in feed + index + news
    assert f"https://dortmund-hilft.example{post.get_absolute_url()}" in feed
    assert "https://dortmund-hilft.example/sitemap-news.xml" in index
    assert f"https://dortmund-hilft.example{post.get_absolute_url()}" in news
