"""Pages behind a login are never kept in the browser's cache (Back after logout on a shared PC)."""

import pytest
from django.urls import reverse

from warehouse.models import CalendarFeed

pytestmark = pytest.mark.django_db


def _cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("path", ["/lager/", "/lager/belegung/", "/lager/kalender/", "/konto/zwei-faktor/bestaetigen/"])
def test_member_pages_are_no_store_private(client, member_a, path):
    client.force_login(member_a)
    response = client.get(path)
    assert response.status_code == 200
    assert {"no-store", "private"} <= _cache_control(response)


@pytest.mark.parametrize("path", ["/intern/", "/admin/", "/lager/betrieb/"])
def test_staff_and_operator_pages_are_no_store_private(client, staff_user, operator_user, path):
    client.force_login(operator_user if path.startswith("/lager/") else staff_user)
    response = client.get(path)
    assert response.status_code == 200
    assert {"no-store", "private"} <= _cache_control(response)


@pytest.mark.parametrize("path", ["/konto/anmelden/", "/admin/login/"])
def test_login_pages_are_not_stored(client, path):
    assert "no-store" in _cache_control(client.get(path))


def test_public_pages_for_visitors_stay_cacheable(client):
    assert "no-store" not in _cache_control(client.get("/"))


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, member_a, association_a):
    feed = CalendarFeed.objects.create(association=association_a)
    client.force_login(member_a)
    response = client.get(reverse("warehouse:calendar-feed", args=[feed.token]))
    assert response["Cache-Control"] == "private, max-age=300"
