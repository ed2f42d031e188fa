"""A member's past bookings: the last ones on /lager/, all of them page by page (issue 11)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Membership
from tests.factories import make_booking, make_membership, make_user

pytestmark = pytest.mark.django_db

HOME = reverse("warehouse:home")
PAST = reverse("warehouse:past-bookings")


def make_past(association, bay, count, *, first=0):
    """`count` past bookings, two hours apart, from the `first`-th slot back: calls must not overlap."""
    start = timezone.now() - datetime.timedelta(days=1)
    return [make_booking(association=association, bay=bay, start=start - datetime.timedelta(hours=2 * n))
            for n in range(first, first + count)]


def test_the_url_is_german():
    assert PAST == "/lager/vergangene/"


def test_wrong_method(client, member_a):
    client.force_login(member_a)
    assert client.post(PAST).status_code == 405


def test_outsiders(client, association_a, bay):
    assert client.get(PAST)["Location"] == f"/konto/anmelden/?next={PAST}"
    client.force_login(make_user("nobody"))
    assert client.get(PAST).status_code == 403


def test_home_links_to_all_past_bookings_only_when_there_are_more(client, member_a, association_a, bay):
    client.force_login(member_a)
    make_past(association_a, bay, 10)
    assert PAST not in client.get(HOME).content.decode()
    make_past(association_a, bay, 1, first=10)
    assert f'href="{PAST}"' in client.get(HOME).content.decode()


def test_it_pages_through_the_associations_past_bookings_only(client, member_a, association_a, association_b, bay):
    mine = make_past(association_a, bay, 30)
    make_past(association_b, bay, 3, first=30)
    make_booking(association=association_a, bay=bay, start=timezone.now() + datetime.timedelta(days=3))
    client.force_login(member_a)
    first = client.get(PAST)
    assert first.status_code == 200
    assert list(first.context["bookings"]) == mine[:25]
    body = first.content.decode()
    assert "30 vergangene Buchungen" in body
    assert 'href="?seite=2"' in body
    second = client.get(PAST, {"seite": 2})
    assert list(second.context["bookings"]) == mine[25:]
    assert client.get(PAST, {"seite": "x"}).context["page"].number == 1


@pytest.mark.parametrize("rows", [5, 60])
def test_its_query_count_does_not_grow(client, member_a, association_a, bay, rows, django_assert_num_queries):
    make_past(association_a, bay, rows)
    client.force_login(member_a)
    # session, user, associations, the count, one page
    with django_assert_num_queries(5):
        response = client.get(PAST)
    assert len(response.context["bookings"]) == min(rows, 25)


def test_a_manager_finds_the_association_page_from_the_home_page(client, member_a, association_a):
    client.force_login(member_a)
    link = f'href="{reverse("warehouse:associations")}"'
    assert link not in client.get(HOME).content.decode()
    Membership.objects.filter(user=member_a).update(role=Membership.Role.MANAGER)
    body = client.get(HOME).content.decode()
    assert link in body and "Verein verwalten" in body
    assert client.get(reverse("warehouse:associations")).status_code == 200


def test_a_manager_of_another_association_only_sees_the_link_for_their_own(client, association_a, association_b):
    user = make_user("manager_b")
    make_membership(user, association_a)
    make_membership(user, association_b, role=Membership.Role.MANAGER)
    client.force_login(user)
    assert "Verein verwalten" in client.get(HOME).content.decode()
