"""The iCalendar feed: parsed with icalendar, as a calendar app would."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from partners.models import Membership
from tests.factories import make_booking, make_membership, make_user
from warehouse.booking.services import cancel_booking
from warehouse.models import Booking, CalendarFeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(association_a):
    return CalendarFeed.objects.create(association=association_a)


def fetch(client, feed):
    response = client.get(reverse("warehouse:calendar-feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_feed_lists_the_association_s_bookings_only(client, feed, association_a, association_b, bay, at):
    make_booking(association=association_a, bay=bay, start=at(10), note="Zwei Paletten")
    make_booking(association=association_b, bay=bay, start=at(12))
    cal = fetch(client, feed)
    assert cal["METHOD"] == "PUBLISH"
    assert cal["X-WR-CALNAME"] == "Lagerhalle – Verein A e.V."
    events = cal.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event["DTSTART"].dt == at(10)
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(0)
    assert event.to_ical().decode().count("Z\r\n") >= 2  # UTC times, no TZID needed
    assert event["DTEND"].dt - event["DTSTART"].dt == datetime.timedelta(hours=1)
    assert event["STATUS"] == "TENTATIVE"
    assert "DTSTAMP" in event
    assert "Zwei Paletten" in event["DESCRIPTION"]


def test_a_cancellation_keeps_the_uid_and_raises_the_sequence(client, feed, association_a, bay, at, member_a):
    booking = make_booking(association=association_a, bay=bay, start=at(10))
    before = fetch(client, feed).walk("VEVENT")[0]
    cancel_booking(booking=booking, by=member_a)
    after = fetch(client, feed).walk("VEVENT")[0]
    assert after["UID"] == before["UID"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after["STATUS"] == "CANCELLED"
    assert after["DTSTAMP"].dt >= before["DTSTAMP"].dt


def test_an_unknown_token_is_404_and_post_is_refused(client, feed):
    assert client.get(reverse("warehouse:calendar-feed", args=["falsch"])).status_code == 404
    assert client.post(reverse("warehouse:calendar-feed", args=[feed.token])).status_code == 405


def test_the_calendar_page_offers_to_create_the_feed_and_then_shows_it(client, member_a, association_a):
    client.force_login(member_a)
    page = client.get(reverse("warehouse:calendar")).content.decode()
    create = reverse("warehouse:calendar-create", args=[association_a.pk])
    assert f'action="{create}"' in page and not CalendarFeed.objects.exists()
    assert client.get(create).status_code == 405
    assert client.post(create)["Location"] == reverse("warehouse:calendar")
    feed = CalendarFeed.objects.get(association=association_a)
    response = client.get(reverse("warehouse:calendar"))
    assert feed.token in response.content.decode() and create not in response.content.decode()
    assert response.context["rows"][0]["can_renew"] is False
    client.post(create)  # a second click keeps the address
    assert CalendarFeed.objects.get().token == feed.token


def test_a_manager_renews_and_the_old_address_stops_working(client, association_a, feed):
    manager = make_user("chefin")
    make_membership(manager, association_a, role=Membership.Role.MANAGER)
    old = feed.token
    client.force_login(manager)
    url = reverse("warehouse:calendar-renew", args=[association_a.pk])
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == reverse("warehouse:calendar")
    feed.refresh_from_db()
    assert feed.token != old
    assert client.get(reverse("warehouse:calendar-feed", args=[old])).status_code == 404


def test_a_plain_member_cannot_renew(client, member_a, association_a, feed):
    client.force_login(member_a)
    assert client.post(reverse("warehouse:calendar-renew", args=[association_a.pk])).status_code == 404


def test_a_manager_of_another_association_cannot_renew(client, association_b, association_a, feed):
    manager_b = make_user("chef_b")
    make_membership(manager_b, association_b, role=Membership.Role.MANAGER)
    client.force_login(manager_b)
    assert client.post(reverse("warehouse:calendar-renew", args=[association_a.pk])).status_code == 404


# The feed leaves out bookings long past, so the clock stands a few weeks before this DST change.
@time_machine.travel(datetime.datetime(2026, 10, 1, 10, 0, tzinfo=datetime.UTC))
def test_a_booking_across_the_dst_change_is_written_in_utc(client, feed, association_a, bay):
    start = datetime.datetime(2026, 10, 24, 23, 0, tzinfo=datetime.UTC)  # 01:00 CEST on 25 Oct
    make_booking(association=association_a, bay=bay, start=start, minutes=240, status=Booking.Status.CONFIRMED)
    response = client.get(reverse("warehouse:calendar-feed", args=[feed.token]))
    text = response.content.decode()
    assert "DTSTART:20261024T230000Z" in text
    assert "DTEND:20261025T030000Z" in text
    assert "STATUS:CONFIRMED" in text
