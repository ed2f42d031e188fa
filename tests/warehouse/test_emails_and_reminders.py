import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import local_dt, make_booking, make_user
from warehouse.booking.services import book_slot, confirm_booking
from warehouse.models import Booking

pytestmark = pytest.mark.django_db


def test_a_new_request_mails_the_members_and_the_operator(association_a, member_a, bay, at, mailoutbox):
    operator = make_user("betrieb", groups=["Lagerbetrieb"])
    bay.warehouse.notification_email = "lager@example.org"
    bay.warehouse.save()
    book_slot(association=association_a, bay=bay, start=at(10), end=at(11), purpose="deliver", by=member_a)
    to_members, to_operator = mailoutbox
    assert to_members.to == [member_a.email]
    assert "Buchungsanfrage eingegangen" in to_members.subject
    assert "Tor 1" in to_members.body and "10:00–11:00" in to_members.body
    assert "/lager/kalender/" in to_members.body
    assert to_members.attachments[0][0] == "buchung.ics"
    assert sorted([*to_operator.to, *to_operator.bcc]) == sorted(["lager@example.org", operator.email])
    assert "Neue Buchungsanfrage" in to_operator.subject


def test_a_failing_mail_server_does_not_break_booking(association_a, member_a, bay, at, settings, caplog):
    settings.EMAIL_BACKEND = "tests.warehouse.test_emails_and_reminders.BrokenBackend"
    booking = book_slot(association=association_a, bay=bay, start=at(10), end=at(11), purpose="deliver", by=member_a)
    assert Booking.objects.filter(pk=booking.pk).exists()
    assert "sending e-mail failed" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_the_reminder_goes_out_once(association_a, member_a, bay, mailoutbox):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    due = make_booking(association=association_a, bay=bay, start=local_dt(tomorrow, 9),
                       status=Booking.Status.CONFIRMED)
    make_booking(association=association_a, bay=bay, start=local_dt(tomorrow, 12))  # only requested
    make_booking(association=association_a, bay=bay, start=local_dt(tomorrow + datetime.timedelta(days=1), 9),
                 status=Booking.Status.CONFIRMED)
    out = StringIO()
    call_command("send_booking_reminders", stdout=out)
    call_command("send_booking_reminders", stdout=out)
    assert [m.subject for m in mailoutbox] == [f"Erinnerung: morgen Lagerhalle, {tomorrow:%d.%m.%Y}, 09:00–10:00"]
    due.refresh_from_db()
    assert due.reminder_sent_at is not None
    assert out.getvalue().splitlines() == ["1 Erinnerung(en) verschickt.", "0 Erinnerung(en) verschickt."]


def test_a_failed_reminder_is_tried_again(association_a, member_a, bay, settings):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    due = make_booking(association=association_a, bay=bay, start=local_dt(tomorrow, 9),
                       status=Booking.Status.CONFIRMED)
    settings.EMAIL_BACKEND = "tests.warehouse.test_emails_and_reminders.BrokenBackend"
    call_command("send_booking_reminders", stdout=StringIO())
    due.refresh_from_db()
    assert due.reminder_sent_at is None


def test_confirmation_mail_lists_the_details(association_a, member_a, operator_user, bay, at, mailoutbox):
    booking = make_booking(association=association_a, bay=bay, start=at(10), note="Stapler nötig")
    confirm_booking(booking=booking, by=operator_user)
    (mail,) = mailoutbox
    assert mail.subject.startswith("Buchung bestätigt")
    assert "Status: bestätigt" in mail.body and "Stapler nötig" in mail.body
