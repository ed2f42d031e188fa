"""Links that leave the request behind name SITE_URL, never the Host header a request came with."""

import pytest
from django.urls import reverse

from warehouse.booking.models import CalendarFeed

pytestmark = pytest.mark.django_db

SITE = "https://dortmund-hilft.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.7"]


def test_robots_txt_names_the_site_url(client):
    body = client.get("/robots.txt", HTTP_HOST="10.0.0.7").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body and "10.0.0.7" not in body


def test_the_calendar_page_gives_the_feed_address_on_the_site_url(client, member_a, association_a):
    feed, _created = CalendarFeed.create_for(association_a)
    client.force_login(member_a)
    page = client.get(reverse("warehouse:calendar"), HTTP_HOST="10.0.0.7").content.decode()
    assert f"{SITE}{feed.get_absolute_url()}" in page
    assert "10.0.0.7" not in page


def test_warehouse_mail_links_use_the_site_url():
    from warehouse.mail import site_url

    assert site_url("/lager/") == f"{SITE}/lager/"
