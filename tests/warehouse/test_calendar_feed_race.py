"""The calendar page only reads; the feed is created by a POST that two members may send at once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Membership
from tests.factories import make_membership, make_user
from warehouse.models import CalendarFeed

CALENDAR = reverse("warehouse:calendar")
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.django_db
def test_the_calendar_page_writes_nothing(client, member_a, association_a):
    client.force_login(member_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CALENDAR)
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_renewing_a_feed_that_does_not_exist_yet_is_404(client, association_a):
    manager = make_user("chefin")
    make_membership(manager, association_a, role=Membership.Role.MANAGER)
    client.force_login(manager)
    assert client.post(reverse("warehouse:calendar-renew", args=[association_a.pk])).status_code == 404
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_only_members_of_the_association_create_its_feed(client, member_b, association_a):
    client.force_login(member_b)
    assert client.post(reverse("warehouse:calendar-create", args=[association_a.pk])).status_code == 404
    assert not CalendarFeed.objects.exists()


def _in_parallel(association, requests, send, role=Membership.Role.MEMBER):
    """Send `requests` requests at once, each from its own member of `association`; the responses."""
    clients = []
    for n in range(requests):
        user = make_user(f"mitglied{n}")
        make_membership(user, association, role=role)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(requests)
    results = []

    def request(client):
        try:
            barrier.wait(timeout=10)
            results.append(send(client).status_code)
        except Exception as error:  # noqa: BLE001 - any other failure must show in the assertion
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_first_visits_of_the_calendar_page_all_succeed(association_a):
    results = _in_parallel(association_a, 8, lambda client: client.get(CALENDAR))
    assert results == [200] * 8
    assert not CalendarFeed.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_clicks_on_create_make_one_feed(association_a):
    url = reverse("warehouse:calendar-create", args=[association_a.pk])
    results = _in_parallel(association_a, 8, lambda client: client.post(url))
    assert results == [302] * 8
    assert CalendarFeed.objects.filter(association=association_a).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_renewals_leave_one_working_address(client, association_a):
    old = CalendarFeed.objects.create(association=association_a).token
    url = reverse("warehouse:calendar-renew", args=[association_a.pk])
    results = _in_parallel(association_a, 6, lambda client: client.post(url), role=Membership.Role.MANAGER)
    assert results == [302] * 6
    feed = CalendarFeed.objects.get()
    assert feed.token != old
    assert client.get(reverse("warehouse:calendar-feed", args=[feed.token])).status_code == 200
