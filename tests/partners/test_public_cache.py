"""The cache of public pages (partners/public_cache.py): stored for anonymous visitors, dropped on the
next request after staff change data, and the version that decides it kept in the shared cache."""

import gzip
import socket
import uuid

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from donations.models import Shipment
from partners import public_cache
from tests.factories import make_association, make_crisis, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db

REDIS_LOCATION = "redis://127.0.0.1:6379/0"


def test_a_page_comes_from_the_cache_the_second_time(client, django_assert_num_queries):
    crisis = make_crisis(title="Erdbeben")
    assert client.get(crisis.get_absolute_url()).status_code == 200

    with django_assert_num_queries(0):
        response = client.get(crisis.get_absolute_url())

    assert "Erdbeben" in response.content.decode()


def test_a_staff_change_shows_on_the_next_request(client):
    crisis = make_crisis(title="Erdbeben")
    client.get(crisis.get_absolute_url())
    client.get(reverse("crises:list"))

    crisis.title = "Erdbeben in der Türkei und in Syrien"
    crisis.save()

    assert "Erdbeben in der Türkei und in Syrien" in client.get(crisis.get_absolute_url()).content.decode()
    assert "Erdbeben in der Türkei und in Syrien" in client.get(reverse("crises:list")).content.decode()


def test_a_deletion_and_an_m2m_change_show_on_the_next_request(client):
    city = make_partner_city(name="Schytomyr")
    association = make_association(name="Blau-Gelbes-Herz e.V.")
    shipment = make_shipment(source_association=make_association(), destination_city=city,
                             status=Shipment.Status.IN_TRANSIT)
    url = shipment.get_absolute_url()
    assert association.name not in client.get(url).content.decode()

    shipment.organisers.add(association)
    assert association.name in client.get(url).content.decode()

    client.get(city.get_absolute_url())
    shipment.lines.all().delete()
    shipment.delete()
    assert shipment.title not in client.get(city.get_absolute_url()).content.decode()


def test_logged_in_users_never_get_a_stored_page(client, staff_user):
    client.get(reverse("site:home"))

    client.force_login(staff_user)
    logged_in = client.get(reverse("site:home")).content.decode()
    client.logout()
    anonymous = client.get(reverse("site:home")).content.decode()

    assert "Abmelden" in logged_in
    assert "Abmelden" not in anonymous


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, django_assert_num_queries):
    make_crisis()
    client.get(reverse("crises:list"))
    client.cookies["sessionid"] = "x"

    response = client.get(reverse("crises:list"))

    assert response.context is not None  # rendered, not stored


def test_unknown_query_parameters_are_rendered_but_not_stored(client):
    client.get(reverse("crises:list"), {"utm_source": "x"})

    response = client.get(reverse("crises:list"), {"utm_source": "x"})

    assert response.context is not None


def test_the_query_string_and_the_path_are_part_of_the_key(client):
    make_crisis(title="Aktive Krise", status="active")
    make_crisis(title="Beendete Krise", status="closed")
    client.get(reverse("crises:list"))

    closed = client.get(reverse("crises:list"), {"status": "closed"}).content.decode()

    assert "Beendete Krise" in closed and "Aktive Krise" not in closed


def test_a_page_that_used_a_csrf_token_is_never_stored():
    calls = []

    @public_cache.cache_page()
    def view(request):
        calls.append(request)
        return HttpResponse(get_token(request))

    view(RequestFactory().get("/formular/"))
    view(RequestFactory().get("/formular/"))

    assert len(calls) == 2


def test_stored_pages_keep_the_view_headers(client):
    client.get(reverse("sitemap"))

    response = client.get(reverse("sitemap"))

    assert response["Content-Type"].startswith("application/xml")
    assert response["X-Robots-Tag"]


def test_the_version_lives_in_the_shared_cache_not_in_the_process():
    before = public_cache.version()

    public_cache.bump()

    # A new connection to the cache, as another app server would open, sees the bump; nothing in
    # this process remembers the version (the module reads it from the cache on every call).
    other_server = caches.create_connection("default")
    assert other_server.get(public_cache.VERSION_KEY) == before + 1
    other_server.incr(public_cache.VERSION_KEY)
    assert public_cache.version() == before + 2


def test_a_flushed_cache_never_goes_back_to_an_old_version():
    public_cache.bump()
    old = public_cache.version()
    caches["default"].clear()

    assert public_cache.version() > old


def _redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_a_change_on_one_app_server_shows_on_another_through_redis(client, settings):
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_LOCATION,
                    "KEY_PREFIX": prefix}
    }
    second_server = RedisCache(REDIS_LOCATION, {"KEY_PREFIX": prefix})
    try:
        crisis = make_crisis(title="Hochwasser")
        client.get(crisis.get_absolute_url())
        version = second_server.get(public_cache.VERSION_KEY)

        crisis.title = "Hochwasser an der Ahr"
        crisis.save()  # on "this" server

        assert second_server.get(public_cache.VERSION_KEY) > version
        assert "Hochwasser an der Ahr" in client.get(crisis.get_absolute_url()).content.decode()
    finally:
        # Never clear(): that empties the whole Redis database, which others may be using. Only this
        # test's keys, which all carry its prefix.
        connection = redis.Redis.from_url(REDIS_LOCATION)
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)


def test_html_is_compressed_for_clients_that_accept_gzip(client):
    response = client.get(reverse("site:home"), headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    assert b"Dortmund hilft" in gzip.decompress(response.content)


def test_a_stored_page_is_served_compressed_as_stored_and_plain_to_others(client, monkeypatch):
    url = make_crisis(title="Erdbeben").get_absolute_url()
    first = client.get(url, headers={"accept-encoding": "gzip"})  # rendered, compressed by the middleware
    plain_page = gzip.decompress(first.content)

    compressions = []
    monkeypatch.setattr("django.middleware.gzip.compress_string", lambda s, **kw: compressions.append(s) or s)
    again = client.get(url, headers={"accept-encoding": "gzip"})
    assert again["Content-Encoding"] == "gzip" and "Accept-Encoding" in again["Vary"]
    assert gzip.decompress(again.content) == plain_page
    assert compressions == []  # the stored copy, not compressed again

    other = client.get(url)
    assert not other.has_header("Content-Encoding") and other.content == plain_page
