"""The mail outbox: stored with the change, sent by the worker, retried, failed visibly, resent.

Mail servers are real sockets on loopback (tests/refusing_smtp.py): a port where nothing listens
(connection refused), a server that answers 554, and one that accepts and never says a word.
"""

import datetime
import logging
import threading
import time
from email.mime.base import MIMEBase
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dortmund_hilft import outbox
from dortmund_hilft.models import OutboxMessage
from tests.outbox_support import run_worker, use_outbox, use_smtp
from tests.refusing_smtp import FakeSMTPServer, HangingSMTPServer, RefusingSMTPServer, closed_port

pytestmark = pytest.mark.django_db

FEEDBACK = {"page_url": "/vereine/", "message": "Der Kontrast der Links ist zu schwach."}


@pytest.fixture
def outbox_on(settings):
    use_outbox(settings)
    mail.outbox = []
    return settings


def _send_one(subject="Betreff", to="person@example.org"):
    return send_mail(subject, "Text", "portal@example.org", [to])


# --- stored with the change, sent after the commit --------------------------------------------------


def test_it_stores_the_message_and_sends_it_only_after_the_commit(outbox_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _send_one() == 1
        assert DBTaskResult.objects.count() == 0  # nothing enqueued while the transaction is open
    assert len(callbacks) == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.QUEUED and message.recipients == "person@example.org"
    assert mail.outbox == []  # stored, not sent: the request never talks to the mail server

    run_worker()

    (sent,) = mail.outbox
    assert sent.subject == "Betreff" and sent.to == ["person@example.org"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1
    assert message.sent_at is not None
    assert message.content == {}  # the text is not kept once it went out


def test_a_rolled_back_transaction_stores_and_sends_nothing(outbox_on, django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        _send_one()
        raise RuntimeError("the change that wanted this mail failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
    run_worker()
    assert mail.outbox == []


def test_the_message_arrives_as_it_was_written():
    message = EmailMultiAlternatives(
        "Grüße aus Dortmund", "Text mit Umlauten: äöü", "Portal <portal@example.org>", ["a@example.org"],
        bcc=["b@example.org"], cc=["c@example.org"], reply_to=["antwort@example.org"],
        headers={"X-Referenz": "BF-2026-000001"},
    )
    message.attach_alternative("<p>Text</p>", "text/html")
    message.attach("buchung.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; charset=utf-8")
    message.attach("bild.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    part = MIMEBase("application", "pdf")
    part.set_payload(b"%PDF-1.7")
    message.attach(part)

    restored = outbox.deserialise(outbox.serialise(message))

    for field in ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to", "alternatives"):
        assert getattr(restored, field) == getattr(message, field), field
    assert restored.attachments[:2] == message.attachments[:2]
    assert restored.attachments[2].as_bytes() == part.as_bytes()
    assert restored.extra_headers["X-Referenz"] == "BF-2026-000001"
    # Date and Message-ID are fixed when the message is stored, so every retry sends the same mail.
    assert {"Date", "Message-ID"} <= set(restored.extra_headers)
    assert b"BEGIN:VCALENDAR" in restored.message().as_bytes()


# --- SMTP refusing or hanging loses nothing ----------------------------------------------------------


@pytest.fixture(params=["connection refused", "554 refused", "hanging"])
def broken_smtp(request, settings):
    """A mail server that does not take mail, in each of the ways one fails."""
    if request.param == "connection refused":
        use_smtp(settings, closed_port())
        yield None
        return
    server_class = RefusingSMTPServer if request.param == "554 refused" else HangingSMTPServer
    with server_class() as server:
        use_smtp(settings, server.port)
        yield server


def _post_feedback(client, capture):
    """Send the accessibility feedback form; returns the response and the seconds it took."""
    client.get("/barrierefreiheit/")  # templates compiled and caches warm: time the mail part, not those
    started = time.monotonic()
    with capture(execute=True):
        response = client.post("/barrierefreiheit/", FEEDBACK)
    return response, time.monotonic() - started


def test_a_broken_mail_server_loses_nothing(
    outbox_on, broken_smtp, client, staff_user, django_capture_on_commit_callbacks, time_machine, caplog
):
    outbox_on.OUTBOX_RETRY_DELAYS = [60]  # two tries: enough to see the retry; the schedule is tested below
    time_machine.move_to(timezone.now(), tick=True)

    response, seconds = _post_feedback(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert seconds < 0.5, f"the feedback form took {seconds:.2f} s"  # nobody waits on the mail server
    assert broken_smtp is None or broken_smtp.sessions == 0
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.QUEUED

    with caplog.at_level(logging.INFO, logger="dortmund_hilft.outbox"):
        run_worker()  # first try fails
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.QUEUED and message.attempts == 1
        assert message.last_error
        retry_at = message.next_attempt_at
        assert retry_at - timezone.now() > datetime.timedelta(seconds=55)

        run_worker()  # the retry is not due yet
        message.refresh_from_db()
        assert message.attempts == 1

        time_machine.move_to(retry_at + datetime.timedelta(seconds=1), tick=True)
        run_worker()  # second and last try fails
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 2
    logged = [record for record in caplog.records if record.name == "dortmund_hilft.outbox"]
    assert [record.getMessage() for record in logged] == ["e-mail not sent, will try again",
                                                          "e-mail failed after the last try"]
    assert all("@" not in str(vars(record)) for record in logged)  # ids in the log, never addresses

    client.force_login(staff_user)
    dashboard = client.get("/intern/").content.decode()
    assert "1 E-Mail nicht zugestellt" in dashboard and message.subject in dashboard
    admin_list = client.get("/admin/dortmund_hilft/outboxmessage/?status__exact=failed").content.decode()
    assert message.subject in admin_list

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard-resend-mail"), {"message": message.pk})
    assert response.status_code == 302
    with FakeSMTPServer() as working:
        use_smtp(outbox_on, working.port)
        run_worker()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    ((sender, recipients, data),) = working.messages
    assert recipients == [outbox_on.UNIT_EMAIL] and b"Kontrast der Links" in data


def test_retries_follow_the_backoff_and_stop_after_the_last(outbox_on, settings, time_machine,
                                                           django_capture_on_commit_callbacks):
    settings.OUTBOX_RETRY_DELAYS = [60, 300, 1800, 7200, 21600]
    use_smtp(settings, closed_port())
    time_machine.move_to(timezone.now(), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        _send_one()
    message = OutboxMessage.objects.get()
    waited = []
    for _ in range(6):
        run_worker()
        message.refresh_from_db()
        if message.status == OutboxMessage.Status.FAILED:
            break
        waited.append(int((message.next_attempt_at - timezone.now()).total_seconds()))
        time_machine.move_to(message.next_attempt_at)
    assert waited == [60, 300, 1800, 7200, 21600]
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 6
    assert "ConnectionRefusedError" in message.last_error


def test_a_form_returns_at_once_while_the_mail_host_hangs(outbox_on, settings, client,
                                                        django_capture_on_commit_callbacks):
    with HangingSMTPServer() as hanging:
        use_smtp(settings, hanging.port)
        response, seconds = _post_feedback(client, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        assert seconds < 0.5, f"the feedback form took {seconds:.2f} s"
        assert hanging.sessions == 0
        started = time.monotonic()
        run_worker()  # the worker, not the request, waits out EMAIL_TIMEOUT
        assert time.monotonic() - started >= 0.9
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.QUEUED and message.attempts == 1
    assert "timed out" in message.last_error


def test_a_change_stands_even_when_the_task_queue_is_down(outbox_on, client, monkeypatch, time_machine,
                                                        django_capture_on_commit_callbacks):
    def queue_down(*args, **kwargs):
        raise ConnectionError("task queue unavailable")

    monkeypatch.setattr(outbox, "enqueue", queue_down)
    response, _ = _post_feedback(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.QUEUED
    assert not DBTaskResult.objects.exists()

    monkeypatch.undo()
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=10))
    call_command("maintain_outbox", stdout=StringIO())
    run_worker()
    assert len(mail.outbox) == 1


# --- one message, sent once ---------------------------------------------------------------------------


class ReenteringBackend:
    """Delivers to locmem, but first lets a second worker try the same message, mid-send."""

    second_try = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        ReenteringBackend.second_try.append(outbox.deliver(OutboxMessage.objects.get().pk))
        mail.outbox.extend(messages)
        return len(messages)


def test_a_message_being_sent_cannot_be_claimed_again(outbox_on, settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_DELIVERY_BACKEND = "tests.site.test_outbox.ReenteringBackend"
    ReenteringBackend.second_try = []
    with django_capture_on_commit_callbacks(execute=True):
        _send_one()
    assert outbox.deliver(OutboxMessage.objects.get().pk) == "sent"
    assert ReenteringBackend.second_try == ["skipped"]
    assert len(mail.outbox) == 1


def test_a_message_enqueued_twice_goes_out_once(outbox_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send_one()
    outbox.enqueue(OutboxMessage.objects.get().pk)
    run_worker()
    assert len(mail.outbox) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == ["sent", "skipped"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_a_message_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent connections need PostgreSQL")
    use_outbox(settings)
    mail.outbox = []
    message_ids = [outbox.store(EmailMessage("Betreff", "Text", to=[f"p{n}@example.org"])).pk for n in range(20)]
    barrier = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            barrier.wait(timeout=10)
            outcomes.extend(outbox.deliver(pk) for pk in message_ids)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("sent") == 20 and outcomes.count("skipped") == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{n}@example.org" for n in range(20))


def test_a_message_stuck_in_sending_is_taken_over_only_after_the_timeout(outbox_on, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    message = outbox.store(EmailMessage("Betreff", "Text", to=["person@example.org"]))
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=1, claimed_at=timezone.now()
    )
    time_machine.move_to(timezone.now() + settings.OUTBOX_SENDING_TIMEOUT - datetime.timedelta(seconds=1))
    assert outbox.deliver(message.pk) == "skipped"  # its worker may still be at it
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=2))
    assert outbox.deliver(message.pk) == "sent"  # its worker died
    message.refresh_from_db()
    assert message.attempts == 2 and len(mail.outbox) == 1


# --- the daily job ---------------------------------------------------------------------------------------


def _stored(status, **fields):
    message = outbox.store(EmailMessage("Betreff", "Text", to=["person@example.org"]))
    OutboxMessage.objects.filter(pk=message.pk).update(status=status, **fields)
    return message.pk


def test_maintain_outbox_requeues_lost_messages_and_prunes_old_sent_ones(outbox_on, settings):
    now = timezone.now()
    lost = _stored(OutboxMessage.Status.QUEUED, next_attempt_at=now - datetime.timedelta(hours=1))
    just_queued = _stored(OutboxMessage.Status.QUEUED, next_attempt_at=now)
    old_sent = _stored(OutboxMessage.Status.SENT, sent_at=now - datetime.timedelta(days=31))
    recent_sent = _stored(OutboxMessage.Status.SENT, sent_at=now - datetime.timedelta(days=29))
    old_failed = _stored(OutboxMessage.Status.FAILED, created_at=now - datetime.timedelta(days=60))
    out = StringIO()

    call_command("maintain_outbox", stdout=out)

    assert out.getvalue() == "1 E-Mail(s) neu eingereiht, 1 gesendete E-Mail(s) gelöscht.\n"
    assert [task.args_kwargs["args"] for task in DBTaskResult.objects.all()] == [[lost]]
    remaining = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert remaining == {lost, just_queued, recent_sent, old_failed} and old_sent not in remaining
    run_worker()
    assert OutboxMessage.objects.get(pk=lost).status == OutboxMessage.Status.SENT


# --- what staff see and do ----------------------------------------------------------------------------


def _failed_message(subject="Ihre Buchung", to="person@example.org"):
    message = outbox.store(EmailMessage(subject, "Text", to=[to]))
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED, attempts=3, last_error="SMTPConnectError: (554, 'not available')"
    )
    return message


@pytest.mark.parametrize("user", ["staff_user", "operator_user"])
def test_the_dashboard_shows_failed_mail_and_how_long_mail_waits(outbox_on, client, request, user, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _failed_message("Buchung bestätigt: 01.12.")
    outbox.store(EmailMessage("Wartet noch", "Text", to=["x@example.org"]))
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=7))
    client.force_login(request.getfixturevalue(user))
    content = client.get("/intern/").content.decode()
    assert "1 E-Mail nicht zugestellt" in content
    assert "Buchung bestätigt: 01.12." in content and "Wartet noch" not in content
    assert "wartet seit 7\xa0Minuten auf den Versand" in content
    assert "554" in content and "Erneut senden" in content


def test_the_dashboard_says_when_no_mail_waits(client, staff_user):
    client.force_login(staff_user)
    assert "Im Postausgang wartet keine E-Mail." in client.get("/intern/").content.decode()


def test_resend_from_the_dashboard_queues_once_however_often_it_is_clicked(
    outbox_on, client, operator_user, django_capture_on_commit_callbacks
):
    message = _failed_message()
    client.force_login(operator_user)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("dashboard-resend-mail"), {"message": message.pk}, follow=True)
        second = client.post(reverse("dashboard-resend-mail"), {"message": message.pk}, follow=True)
    assert "Die E-Mail wird erneut gesendet." in first.content.decode()
    assert "nicht (mehr) fehlgeschlagen" in second.content.decode()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED and message.attempts == 0
    assert DBTaskResult.objects.count() == 1  # one resend, however many clicks
    run_worker()
    assert len(mail.outbox) == 1


def test_resend_needs_post_csrf_and_the_role(outbox_on, client, member_a, staff_user):
    message = _failed_message()
    url = reverse("dashboard-resend-mail")
    assert client.post(url, {"message": message.pk})["Location"].startswith("/konto/anmelden/")
    client.force_login(member_a)
    assert client.post(url, {"message": message.pk}).status_code == 403
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(staff_user)
    assert csrf_client.post(url, {"message": message.pk}).status_code == 403
    client.force_login(staff_user)
    assert client.get(url).status_code == 405
    assert client.post(url, {"message": "kein"}).status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED


def test_the_admin_lists_searches_and_resends_but_never_edits(outbox_on, client, staff_user,
                                                             django_capture_on_commit_callbacks):
    failed = _failed_message("Gescheitert", to="gesucht@example.org")
    sent = outbox.store(EmailMessage("Schon gesendet", "Geheimer Link", to=["andere@example.org"]))
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxMessage.Status.SENT)
    client.force_login(staff_user)
    changelist = "/admin/dortmund_hilft/outboxmessage/"

    found = client.get(changelist, {"q": "gesucht@example.org"}).content.decode()
    assert "Gescheitert" in found and "Schon gesendet" not in found
    assert "Schon gesendet" not in client.get(changelist, {"status__exact": "failed"}).content.decode()
    change = client.get(f"{changelist}{failed.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert "Geheimer Link" not in client.get(f"{changelist}{sent.pk}/change/").content.decode()
    assert client.post(f"{changelist}{failed.pk}/change/", {}).status_code == 403
    assert client.get(f"{changelist}add/").status_code == 403
    assert client.get(f"{changelist}{failed.pk}/delete/").status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
                               follow=True)
    content = response.content.decode()
    assert "1 E-Mail wird erneut gesendet." in content and "1 ausgewählte E-Mail war nicht fehlgeschlagen" in content
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == OutboxMessage.Status.QUEUED and sent.status == OutboxMessage.Status.SENT


def test_the_operator_has_no_outbox_in_the_admin(client, operator_user):
    client.force_login(operator_user)
    assert client.get("/admin/dortmund_hilft/outboxmessage/").status_code == 403


def test_healthz_tells_how_long_the_oldest_mail_waits_and_stays_up(outbox_on, client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    outbox.store(EmailMessage("Betreff", "Text", to=["person@example.org"]))
    _failed_message()
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=42))
    response = client.get("/healthz")
    assert response.status_code == 200
    # The failed message is no longer waiting; the queued one is, and the site is up all the same.
    assert response.content == b"ok\noutbox_oldest_queued_seconds 42\noutbox_failed 1\n"


# --- personal data ------------------------------------------------------------------------------------


def test_the_daily_job_keeps_what_the_privacy_notice_says_about_sent_mail(outbox_on, client):
    outbox_on.OUTBOX_KEEP_SENT_DAYS = 21
    assert "Auch diese Angaben löschen wir nach 21 Tagen." in client.get("/datenschutz/").content.decode()
    now = timezone.now()
    kept = _stored(OutboxMessage.Status.SENT, sent_at=now - datetime.timedelta(days=20))
    _stored(OutboxMessage.Status.SENT, sent_at=now - datetime.timedelta(days=22))
    call_command("maintain_outbox", stdout=StringIO())
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [kept]



def test_personal_data_finds_exports_and_erases_mail_to_the_address(outbox_on, staff_user):
    from dortmund_hilft import personal_data

    mine = outbox.store(EmailMessage("Passwort", "Link: /konto/passwort-neu/geheim/", to=["Erika@example.org"],
                                     bcc=["lager@example.org"]))
    outbox.store(EmailMessage("Nicht meine", "Text", to=["berika@example.org"]))

    found = dict(personal_data.find("erika@example.org"))
    assert [row.pk for rows in found.values() for row in rows] == [mine.pk]
    document = personal_data.export("erika@example.org")
    assert "Passwort" in document and "geheim" not in document  # the envelope, not a password link
    personal_data.erase("erika@example.org", by=staff_user)
    assert list(OutboxMessage.objects.values_list("subject", flat=True)) == ["Nicht meine"]

