"""The operator's pages: only the operator and staff, each action tested."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import local_dt, make_bay, make_blocked_time, make_booking
from warehouse.models import BlockedTime, Booking

pytestmark = pytest.mark.django_db

REQUESTS = reverse("warehouse:operator-requests")
DAY = reverse("warehouse:operator-day")
BLOCKS = reverse("warehouse:operator-blocks")


@pytest.fixture
def booking_a(association_a, bay, at):
    return make_booking(association=association_a, bay=bay, start=at(10))


def operator_urls(booking, block):
    return [
        ("get", REQUESTS), ("get", DAY), ("get", BLOCKS), ("post", BLOCKS),
        ("post", reverse("warehouse:operator-confirm", args=[booking.pk])),
        ("get", reverse("warehouse:operator-decline", args=[booking.pk])),
        ("post", reverse("warehouse:operator-decline", args=[booking.pk])),
        ("post", reverse("warehouse:operator-block-delete", args=[block.pk])),
    ]


@pytest.fixture
def block(warehouse, at):
    return make_blocked_time(warehouse=warehouse, start=at(16))


def test_members_are_refused_on_every_operator_page(client, member_a, booking_a, block):
    client.force_login(member_a)
    for method, url in operator_urls(booking_a, block):
        assert getattr(client, method)(url, {"reason": "x"}).status_code == 403, url
    booking_a.refresh_from_db()
    assert booking_a.status == Booking.Status.REQUESTED
    assert BlockedTime.objects.filter(pk=block.pk).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, booking_a, block):
    for method, url in operator_urls(booking_a, block):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/anmelden/")


def test_wrong_methods_are_refused(client, operator_user, booking_a, block):
    client.force_login(operator_user)
    assert client.post(REQUESTS).status_code == 405
    assert client.post(DAY).status_code == 405
    assert client.get(reverse("warehouse:operator-confirm", args=[booking_a.pk])).status_code == 405
    assert client.get(reverse("warehouse:operator-block-delete", args=[block.pk])).status_code == 405


def test_unknown_objects_are_404(client, operator_user):
    client.force_login(operator_user)
    assert client.post(reverse("warehouse:operator-confirm", args=[999])).status_code == 404
    assert client.post(reverse("warehouse:operator-block-delete", args=[999])).status_code == 404


def test_requests_are_listed_by_booked_time_not_by_when_requested(
    client, operator_user, association_a, association_b, bay, at
):
    asked_first_for_later = make_booking(association=association_b, bay=bay, start=at(14))
    asked_later_for_sooner = make_booking(association=association_a, bay=bay, start=at(10))
    make_booking(association=association_a, bay=bay, start=at(16), status=Booking.Status.CONFIRMED)
    client.force_login(operator_user)
    response = client.get(REQUESTS)
    assert list(response.context["bookings"]) == [asked_later_for_sooner, asked_first_for_later]
    assert "frühesten Termin" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_request_list_query_count_does_not_grow(client, operator_user, association_a, bay, day, rows,
                                                    django_assert_num_queries):
    for n in range(rows):
        make_booking(association=association_a, bay=bay, start=local_dt(day, 7) + datetime.timedelta(minutes=10 * n),
                     minutes=10, created_by=operator_user)
    client.force_login(operator_user)
    # session, user, the user's role groups, the count of requests (pages), one page of them
    with django_assert_num_queries(5):
        response = client.get(REQUESTS)
    assert len(response.context["bookings"]) == min(rows, 25)
    assert response.context["page"].paginator.count == rows


def test_staff_may_confirm(client, staff_user, booking_a, mailoutbox, member_a):
    client.force_login(staff_user)
    response = client.post(reverse("warehouse:operator-confirm", args=[booking_a.pk]))
    assert response["Location"] == REQUESTS
    booking_a.refresh_from_db()
    assert (booking_a.status, booking_a.decided_by) == (Booking.Status.CONFIRMED, staff_user)
    assert booking_a.history.first().history_user == staff_user
    assert [m.subject[:17] for m in mailoutbox] == ["Buchung bestätigt"]
    assert mailoutbox[0].to == [member_a.email]


def test_decline_needs_a_reason(client, operator_user, booking_a):
    client.force_login(operator_user)
    url = reverse("warehouse:operator-decline", args=[booking_a.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Geben Sie einen Grund an."]}
    assert "<title>Fehler: " in response.content.decode()
    assert client.post(url, {"reason": "Halle wird gereinigt"})["Location"] == REQUESTS
    booking_a.refresh_from_db()
    assert (booking_a.status, booking_a.decline_reason) == ("declined", "Halle wird gereinigt")


def test_a_decided_booking_cannot_be_declined_again(client, operator_user, booking_a):
    booking_a.status = Booking.Status.CONFIRMED
    booking_a.save()
    client.force_login(operator_user)
    client.post(reverse("warehouse:operator-decline", args=[booking_a.pk]), {"reason": "doch nicht"})
    booking_a.refresh_from_db()
    assert booking_a.status == Booking.Status.CONFIRMED


def test_the_day_view_shows_who_booked_what(client, operator_user, association_a, warehouse, bay, day, at):
    make_booking(association=association_a, bay=bay, start=at(10), note="Kühlware")
    make_blocked_time(warehouse=warehouse, start=at(15), reason="Rolltor")
    client.force_login(operator_user)
    html = client.get(DAY, {"date": day.isoformat()}).content.decode()
    assert "Verein A e.V." in html and "Kühlware" in html and "Rolltor" in html


def test_the_day_view_defaults_to_today_and_rejects_garbage(client, operator_user, bay):
    client.force_login(operator_user)
    assert client.get(DAY).context["chosen"] == timezone.localdate()
    response = client.get(DAY, {"date": "kein Datum"})
    assert response.status_code == 200
    assert "date" in response.context["form"].errors


def block_data(bay, day, start="09:00", end="11:00", **extra):
    return {"bay": bay.pk if bay else "", "start_date": day.isoformat(), "start_time": start,
            "end_date": day.isoformat(), "end_time": end, "reason": "Wartung", **extra}


def test_blocking_a_bay(client, operator_user, bay, day):
    client.force_login(operator_user)
    assert client.post(BLOCKS, block_data(bay, day)).status_code == 302
    block = BlockedTime.objects.get()
    assert (block.bay, timezone.localtime(block.start).hour, block.created_by) == (bay, 9, operator_user)


def test_blocking_the_whole_warehouse(client, operator_user, warehouse, bay, day):
    client.force_login(operator_user)
    client.post(BLOCKS, block_data(None, day))
    assert BlockedTime.objects.get().bay is None


def test_blocking_over_bookings_is_refused_unless_they_are_released(client, operator_user, association_a, bay, day,
                                                                    at, mailoutbox):
    requested = make_booking(association=association_a, bay=bay, start=at(9))
    confirmed = make_booking(association=association_a, bay=bay, start=at(10), status=Booking.Status.CONFIRMED)
    client.force_login(operator_user)
    response = client.post(BLOCKS, block_data(bay, day))
    assert "2 Buchungen" in response.context["form"].errors["release_bookings"][0]
    assert not BlockedTime.objects.exists()
    client.post(BLOCKS, block_data(bay, day, release_bookings="on"))
    requested.refresh_from_db()
    confirmed.refresh_from_db()
    assert (requested.status, confirmed.status) == ("declined", "cancelled")
    assert "Wartung" in confirmed.decline_reason
    assert len(mailoutbox) == 2


def test_releasing_bookings_mails_each_association_and_tells_the_operator(
    client, operator_user, association_a, association_b, member_a, member_b, bay, day, at, mailoutbox
):
    make_booking(association=association_a, bay=bay, start=at(9), status=Booking.Status.CONFIRMED)
    make_booking(association=association_b, bay=bay, start=at(10))
    client.force_login(operator_user)
    response = client.post(BLOCKS, block_data(bay, day, release_bookings="on"), follow=True)
    text = response.content.decode()
    assert "2 Buchungen sind abgesagt" in text
    assert "Per E-Mail benachrichtigt: Verein A e.V., Verein B e.V." in text
    to_members = {address for mail in mailoutbox for address in [*mail.to, *mail.bcc]}
    assert {member_a.email, member_b.email} <= to_members
    assert any("Wartung" in mail.body for mail in mailoutbox)


def test_a_block_without_bookings_says_only_that_it_is_set(client, operator_user, bay, day, mailoutbox):
    client.force_login(operator_user)
    response = client.post(BLOCKS, block_data(bay, day), follow=True)
    assert "Die Zeit ist gesperrt." in response.content.decode()
    assert "abgesagt" not in response.content.decode()
    assert mailoutbox == []


def test_a_block_ending_before_it_starts_is_refused(client, operator_user, bay, day):
    client.force_login(operator_user)
    response = client.post(BLOCKS, block_data(bay, day, start="11:00", end="09:00"))
    assert response.context["form"].errors["end_time"] == ["Das Ende muss nach dem Beginn liegen."]


def test_missing_block_fields_are_named(client, operator_user, bay):
    client.force_login(operator_user)
    errors = client.post(BLOCKS, {"bay": bay.pk}).context["form"].errors
    assert errors["start_date"] == ["Geben Sie den Tag des Beginns ein."]
    assert errors["reason"] == ["Geben Sie einen Grund an."]


def test_lifting_a_block(client, operator_user, block):
    client.force_login(operator_user)
    assert client.post(reverse("warehouse:operator-block-delete", args=[block.pk]))["Location"] == BLOCKS
    assert not BlockedTime.objects.exists()


def test_the_blocks_page_lists_upcoming_blocks(client, operator_user, warehouse, block):
    make_blocked_time(warehouse=warehouse, start=timezone.now() - datetime.timedelta(days=3), reason="vorbei")
    client.force_login(operator_user)
    assert list(client.get(BLOCKS).context["blocks"]) == [block]


def test_an_operator_group_member_without_staff_flag_gets_in(client, bay):
    from tests.factories import make_user

    client.force_login(make_user("lagerbetrieb", groups=["Lagerbetrieb"]))
    assert client.get(REQUESTS).status_code == 200


def test_a_second_bay_is_listed_in_the_day_view(client, operator_user, warehouse, bay):
    make_bay(warehouse, name="Tor 2")
    client.force_login(operator_user)
    assert [b.name for b in client.get(DAY).context["bays"]] == ["Tor 1", "Tor 2"]
