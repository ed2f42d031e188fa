import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from dortmund_hilft import outbox
from dortmund_hilft.models import OutboxMessage
from tests.factories import local_dt, make_booking, make_user
from tests.outbox_support import LOCMEM, run_worker, use_outbox
from warehouse.booking.calendar import booking_ics
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


def test_the_booking_mail_keeps_its_calendar_attachment_through_the_outbox(
    association_a, member_a, bay, at, settings, time_machine, django_capture_on_commit_callbacks
):
    use_outbox(settings)
    mail.outbox = []
    time_machine.move_to(timezone.now(), tick=False)  # the calendar file carries the time it was made
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_slot(association=association_a, bay=bay, start=at(10), end=at(11), purpose="deliver",
                            by=member_a)
    assert mail.outbox == []
    run_worker()
    to_members = next(message for message in mail.outbox if message.to == [member_a.email])
    (attachment,) = to_members.attachments
    # As Django's attach() keeps a text file: decoded to str.
    assert attachment == ("buchung.ics", booking_ics(booking).decode(), "text/calendar; charset=utf-8; method=PUBLISH")
    assert b"BEGIN:VCALENDAR" in to_members.message().as_bytes()


def test_a_failing_mail_server_does_not_break_booking(association_a, member_a, bay, at, settings, caplog,
                                                      django_capture_on_commit_callbacks):
    use_outbox(settings, deliver_with="tests.warehouse.test_emails_and_reminders.BrokenBackend")
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_slot(association=association_a, bay=bay, start=at(10), end=at(11), purpose="deliver",
                            by=member_a)
    assert Booking.objects.filter(pk=booking.pk).exists()
    run_worker()
    assert "e-mail not sent, will try again" in caplog.text
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.QUEUED}


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
    assert out.getvalue().splitlines() == [
        "1 Erinnerung(en) in den Postausgang gelegt.", "0 Erinnerung(en) in den Postausgang gelegt."
    ]


def test_a_reminder_the_mail_server_refuses_is_retried_by_the_outbox_and_sent_once(
    association_a, member_a, bay, settings, time_machine, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_booking(association=association_a, bay=bay, start=local_dt(tomorrow, 9), status=Booking.Status.CONFIRMED)
    use_outbox(settings, deliver_with="tests.warehouse.test_emails_and_reminders.BrokenBackend")
    mail.outbox = []
    time_machine.move_to(timezone.now(), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_booking_reminders", stdout=StringIO())
    run_worker()
    reminder = OutboxMessage.objects.get()
    assert reminder.status == OutboxMessage.Status.QUEUED and reminder.attempts == 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_booking_reminders", stdout=StringIO())  # the next run does not add a second one
    settings.OUTBOX_DELIVERY_BACKEND = LOCMEM  # the server is back
    time_machine.move_to(reminder.next_attempt_at)
    run_worker()
    assert [message.subject for message in mail.outbox] == [reminder.subject]


def test_a_reminder_that_could_not_be_stored_is_tried_again(association_a, member_a, bay, settings, monkeypatch):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    due = make_booking(association=association_a, bay=bay, start=local_dt(tomorrow, 9),
                       status=Booking.Status.CONFIRMED)
    use_outbox(settings)

    def database_gone(message):
        raise DatabaseError("outbox table unavailable")

    monkeypatch.setattr(outbox, "store", database_gone)
    with pytest.raises(DatabaseError):
        call_command("send_booking_reminders", stdout=StringIO())
    due.refresh_from_db()
    assert due.reminder_sent_at is None  # the claim went back with the failed transaction


def test_confirmation_mail_lists_the_details(association_a, member_a, operator_user, bay, at, mailoutbox):
    booking = make_booking(association=association_a, bay=bay, start=at(10), note="Stapler nötig")
    confirm_booking(booking=booking, by=operator_user)
    (mail,) = mailoutbox
    assert mail.subject.startswith("Buchung bestätigt")
    assert "Status: bestätigt" in mail.body and "Stapler nötig" in mail.body
