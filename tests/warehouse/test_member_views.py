"""The association area: each view for the wrong method, outsiders and the happy path."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import local_dt, make_association, make_booking, make_membership, make_user
from warehouse.booking.schedule import planning_week_start, week_start
from warehouse.models import Booking

pytestmark = pytest.mark.django_db

HOME = reverse("warehouse:home")
CREATE = reverse("warehouse:booking-create")
WEEK = reverse("warehouse:week")


@pytest.fixture
def booking_a(association_a, bay, at):
    return make_booking(association=association_a, bay=bay, start=at(10))


def login(client, user):
    client.force_login(user)
    return client


def detail_urls(booking):
    return [
        reverse("warehouse:booking-detail", args=[booking.pk]),
        reverse("warehouse:booking-edit", args=[booking.pk]),
        reverse("warehouse:booking-cancel", args=[booking.pk]),
    ]


class TestAccess:
    @pytest.mark.parametrize("name", ["home", "booking-create", "week", "calendar"])
    def test_anonymous_visitors_are_sent_to_the_login(self, client, name):
        url = reverse(f"warehouse:{name}")
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/konto/anmelden/?next={url}"

    def test_anonymous_visitors_cannot_open_a_booking(self, client, booking_a):
        for url in detail_urls(booking_a):
            assert client.get(url).status_code == 302

    def test_a_member_of_another_association_gets_404_everywhere(self, client, member_b, booking_a):
        login(client, member_b)
        for url in detail_urls(booking_a):
            assert client.get(url).status_code == 404
        for url in detail_urls(booking_a)[1:]:
            assert client.post(url, {"reason": "x"}).status_code == 404
        booking_a.refresh_from_db()
        assert booking_a.status == Booking.Status.REQUESTED

    def test_a_user_without_association_is_refused(self, client):
        login(client, make_user("nobody"))
        response = client.get(HOME)
        assert response.status_code == 403
        assert "noch zu keinem Verein" in response.content.decode()
        assert client.get(CREATE).status_code == 403

    def test_an_operator_without_association_goes_to_the_operator_pages(self, client, operator_user):
        login(client, operator_user)
        assert client.get(HOME)["Location"] == reverse("warehouse:operator-requests")

    @pytest.mark.parametrize("name", ["home", "week", "calendar"])
    def test_read_only_pages_refuse_post(self, client, member_a, name):
        login(client, member_a)
        assert client.post(reverse(f"warehouse:{name}")).status_code == 405

    def test_detail_refuses_post_and_create_refuses_put(self, client, member_a, booking_a):
        login(client, member_a)
        assert client.post(booking_a.get_absolute_url()).status_code == 405
        assert client.put(CREATE).status_code == 405


class TestHome:
    def test_it_lists_own_upcoming_and_past_bookings_only(self, client, member_a, association_a, association_b, bay,
                                                          at):
        make_booking(association=association_a, bay=bay, start=at(10), note="unsere Paletten")
        make_booking(
            association=association_a, bay=bay, start=timezone.now() - datetime.timedelta(days=2),
            purpose=Booking.Purpose.COLLECT,
        )
        make_booking(association=association_b, bay=bay, start=at(12), purpose=Booking.Purpose.SORT_PACK)
        response = login(client, member_a).get(HOME)
        assert [b.association for b in response.context["upcoming"]] == [association_a]
        assert [b.purpose for b in response.context["past"]] == ["collect"]
        assert "Sortieren und packen" not in response.content.decode()

    @pytest.mark.parametrize("rows", [5, 50])
    def test_its_query_count_does_not_grow(self, client, member_a, association_a, bay, day, rows,
                                           django_assert_num_queries):
        for n in range(rows):
            make_booking(association=association_a, bay=bay, start=local_dt(day, 7) + datetime.timedelta(hours=n))
        login(client, member_a)
        # session, user, groups, associations, the count of upcoming bookings (pages), a page of them, past ones,
        # whether the user manages an association
        with django_assert_num_queries(8):
            response = client.get(HOME)
        assert len(response.context["upcoming"]) == min(rows, 20)
        assert response.context["page"].paginator.count == rows


class TestBooking:
    def step1(self, bay, day):
        return {"bay": bay.pk, "week": week_start(day).isoformat()}

    def test_step_one_offers_free_starts_grouped_by_day(self, client, member_a, association_b, bay, day, at):
        make_booking(association=association_b, bay=bay, start=at(10), minutes=60)
        response = login(client, member_a).get(CREATE, self.step1(bay, day))
        assert response.status_code == 200
        form = response.context["form"]
        groups = dict(form.start_groups())
        starts = [w.data["value"] for w in groups[day]]
        assert at(9, 30).astimezone(datetime.UTC).isoformat() in starts
        assert at(10).astimezone(datetime.UTC).isoformat() not in starts
        assert at(10, 30).astimezone(datetime.UTC).isoformat() not in starts
        assert at(11).astimezone(datetime.UTC).isoformat() in starts
        assert 'type="radio" name="start_' in response.content.decode()

    def test_without_step_one_there_are_no_radios(self, client, member_a, bay):
        response = login(client, member_a).get(CREATE)
        assert response.context["form"] is None

    def test_a_valid_post_books_and_redirects(self, client, member_a, association_a, bay, day, at, mailoutbox):
        data = {**self.step1(bay, day), "start": at(10).isoformat(), "duration": 90, "purpose": "deliver",
                "note": "Zwei Paletten"}
        response = login(client, member_a).post(CREATE, data)
        booking = Booking.objects.get()
        assert response.status_code == 302
        assert response["Location"] == booking.get_absolute_url()
        assert (booking.association, booking.created_by, booking.duration) == (
            association_a, member_a, datetime.timedelta(minutes=90))
        assert booking.history.get().history_user == member_a
        assert any("Buchungsanfrage eingegangen" in m.subject for m in mailoutbox)

    def test_a_start_sent_under_its_days_name_books(self, client, member_a, bay, day, at):
        data = {**self.step1(bay, day), f"start_{day.isoformat()}": at(10).isoformat(), "duration": 60,
                "purpose": "deliver"}
        response = login(client, member_a).post(CREATE, data)
        assert response.status_code == 302
        assert Booking.objects.get().start == at(10)

    def test_starts_on_several_days_are_refused_and_shown_again_unticked(self, client, member_a, bay, day, at):
        other_day = day + datetime.timedelta(days=1)
        data = {**self.step1(bay, day), f"start_{day.isoformat()}": at(10).isoformat(),
                f"start_{other_day.isoformat()}": (at(10) + datetime.timedelta(days=1)).isoformat(),
                "duration": 60, "purpose": "deliver"}
        response = login(client, member_a).post(CREATE, data)
        assert response.status_code == 200
        assert response.context["form"].errors["start"] == [
            "Wählen Sie nur einen Beginn. Es war an mehr als einem Tag eine Zeit gewählt."]
        html = response.content.decode()
        assert 'name="start_' in html
        assert not re.search(r'name="start_[^"]*" value="[^"]*" id="[^"]*" checked', html)
        assert not Booking.objects.exists()

    def test_a_refusal_is_shown_next_to_the_field_keeping_the_input(self, client, member_a, association_b, bay,
                                                                      day, at):
        make_booking(association=association_b, bay=bay, start=at(11))
        data = {**self.step1(bay, day), "start": at(10).isoformat(), "duration": 120, "purpose": "collect",
                "note": "Bitte Hubwagen"}
        response = login(client, member_a).post(CREATE, data)
        assert response.status_code == 200
        form = response.context["form"]
        message = "Ab 11:00 ist die Ladezone schon belegt. Bitte wählen Sie eine kürzere Dauer."
        assert form.errors == {"duration": [message]}
        html = response.content.decode()
        assert "<title>Fehler: " in html
        assert "Es gibt ein Problem" in html
        assert "Bitte Hubwagen" in html
        assert 'value="collect" id="id_purpose_1" required checked' in html
        assert '<option value="120" selected>' in html
        assert 'aria-describedby="id_duration_helptext id_duration_error"' in html
        assert not Booking.objects.filter(association__memberships__user=member_a).exists()

    def test_missing_fields_get_their_own_messages(self, client, member_a, bay, day):
        response = login(client, member_a).post(CREATE, self.step1(bay, day))
        errors = response.context["form"].errors
        assert errors["start"] == ["Wählen Sie einen freien Beginn."]
        assert errors["purpose"] == ["Wählen Sie aus, wofür Sie die Ladezone brauchen."]

    def test_a_garbled_start_is_a_form_error_not_a_crash(self, client, member_a, bay, day):
        data = {**self.step1(bay, day), "start": "gestern", "duration": 60, "purpose": "other"}
        response = login(client, member_a).post(CREATE, data)
        assert response.status_code == 200
        assert "start" in response.context["form"].errors

    def test_a_bad_week_is_a_step_one_error(self, client, member_a, bay):
        response = login(client, member_a).get(CREATE, {"bay": bay.pk, "week": "1999-01-04"})
        assert response.context["choose"].errors["week"] == ["Wählen Sie eine Woche aus der Liste."]

    def test_a_member_of_two_associations_chooses_which_one_books(self, client, member_a, association_a, bay,
                                                                   day, at):
        other = make_association(name="Zweiter Verein")
        make_membership(member_a, other)
        login(client, member_a)
        response = client.get(CREATE, self.step1(bay, day))
        assert "association" in response.context["choose"].errors
        data = {**self.step1(bay, day), "association": other.pk, "start": at(10).isoformat(), "duration": 60,
                "purpose": "deliver"}
        client.post(CREATE, data)
        assert Booking.objects.get().association == other

    def test_a_member_cannot_book_for_a_foreign_association(self, client, member_a, association_a, association_b,
                                                             bay, day, at):
        make_membership(member_a, make_association(name="Zweiter Verein"))
        data = {**self.step1(bay, day), "association": association_b.pk, "start": at(10).isoformat(),
                "duration": 60, "purpose": "deliver"}
        response = login(client, member_a).post(CREATE, data)
        assert response.status_code == 200
        assert "association" in response.context["choose"].errors
        assert not Booking.objects.exists()


class TestDetailEditCancel:
    def test_detail_shows_the_booking_and_its_history(self, client, member_a, booking_a):
        response = login(client, member_a).get(booking_a.get_absolute_url())
        assert response.status_code == 200
        assert "Verlauf" in response.content.decode()
        assert len(response.context["history"]) == 1

    def test_edit_moves_a_requested_booking(self, client, member_a, booking_a, bay, day, at):
        url = reverse("warehouse:booking-edit", args=[booking_a.pk])
        login(client, member_a)
        response = client.get(url)
        assert response.context["form"]["start"].value() == booking_a.start.astimezone(datetime.UTC).isoformat()
        data = {"bay": bay.pk, "week": week_start(day).isoformat(), "start": at(14).isoformat(), "duration": 60,
                "purpose": "sort_pack"}
        assert client.post(url, data).status_code == 302
        booking_a.refresh_from_db()
        assert (timezone.localtime(booking_a.start).hour, booking_a.purpose, booking_a.sequence) == (14, "sort_pack", 1)

    def test_a_confirmed_booking_cannot_be_edited(self, client, member_a, booking_a):
        booking_a.status = Booking.Status.CONFIRMED
        booking_a.save()
        response = login(client, member_a).get(reverse("warehouse:booking-edit", args=[booking_a.pk]))
        assert response["Location"] == booking_a.get_absolute_url()

    def test_cancel_asks_first_then_cancels_on_post(self, client, member_a, booking_a, mailoutbox):
        url = reverse("warehouse:booking-cancel", args=[booking_a.pk])
        login(client, member_a)
        response = client.get(url)
        assert "Buchung absagen?" in response.content.decode()
        booking_a.refresh_from_db()
        assert booking_a.status == Booking.Status.REQUESTED
        assert client.post(url, {"reason": "Fahrer krank"})["Location"] == booking_a.get_absolute_url()
        booking_a.refresh_from_db()
        assert (booking_a.status, booking_a.cancelled_by) == (Booking.Status.CANCELLED, member_a)
        assert any("abgesagt" in m.subject for m in mailoutbox)

    def test_cancelling_sends_the_promised_mail_to_the_association_and_the_operator(
        self, client, member_a, operator_user, booking_a, mailoutbox
    ):
        url = reverse("warehouse:booking-cancel", args=[booking_a.pk])
        login(client, member_a)
        assert "Der Lagerbetrieb und Ihr Verein bekommen eine E-Mail." in client.get(url).content.decode()
        client.post(url, {"reason": "Fahrer krank"})
        (mail,) = [m for m in mailoutbox if m.subject.startswith("Buchung abgesagt")]
        assert {member_a.email, operator_user.email} <= {*mail.to, *mail.bcc}

    def test_a_started_booking_cannot_be_cancelled(self, client, member_a, association_a, bay):
        booking = make_booking(association=association_a, bay=bay, start=timezone.now() - datetime.timedelta(minutes=1),
                               status=Booking.Status.CONFIRMED)
        login(client, member_a).post(reverse("warehouse:booking-cancel", args=[booking.pk]))
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CONFIRMED


class TestWeek:
    def test_other_associations_show_only_as_taken(self, client, member_a, association_a, association_b, bay, day, at):
        make_booking(association=association_b, bay=bay, start=at(10), note="geheime Notiz")
        make_booking(association=association_a, bay=bay, start=at(12))
        response = login(client, member_a).get(WEEK, {"bay": bay.pk, "week": week_start(day).isoformat()})
        html = response.content.decode()
        assert response.status_code == 200
        assert "belegt" in html and "Ihre Buchung" in html and "frei" in html
        assert "Verein B" not in html and "geheime Notiz" not in html
        states = {cell.state for _time, cells in response.context["rows"] for cell in cells if cell}
        assert {"own", "taken", "free"} <= states
        taken = [c for _t, cells in response.context["rows"] for c in cells if c and c.state == "taken"]
        assert all(c.booking is None for c in taken)

    def test_without_parameters_it_shows_the_first_bay_in_the_planning_week(self, client, member_a, bay):
        response = login(client, member_a).get(WEEK)
        assert response.context["bay"] == bay
        assert response.context["monday"] == planning_week_start()


def test_week_view_marks_past_blocked_and_unbookable_slots(client, member_a, warehouse, bay, time_machine):
    from tests.factories import make_blocked_time

    # Wednesday 10:00 of this week: on a Sunday evening every slot of the week would be past.
    time_machine.move_to(local_dt(week_start(timezone.localdate()) + datetime.timedelta(days=2), 10))
    today = timezone.localdate()
    make_blocked_time(warehouse=warehouse, start=local_dt(today + datetime.timedelta(days=7), 8), reason="Inventur")
    response = login(client, member_a).get(WEEK, {"bay": bay.pk, "week": week_start(today).isoformat()})
    states = {cell.state for _t, cells in response.context["rows"] for cell in cells if cell}
    assert "unavailable" in states  # inside the 24-hour notice
    response = client.get(WEEK, {"bay": bay.pk, "week": week_start(today + datetime.timedelta(days=7)).isoformat()})
    assert "gesperrt" in response.content.decode() and "Inventur" in response.content.decode()


def test_a_free_cell_links_to_the_booking_form_with_the_start_chosen(client, member_a, bay, day, at):
    login(client, member_a)
    response = client.get(CREATE, {"bay": bay.pk, "week": week_start(day).isoformat(),
                                    "start": at(10).astimezone(datetime.UTC).isoformat()})
    assert response.context["form"]["start"].value() == at(10).astimezone(datetime.UTC).isoformat()
