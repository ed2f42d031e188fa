"""A mail server that refuses never breaks a request: the mail waits in the outbox, nothing is lost."""

import logging

import pytest
from django.conf import settings
from django.core.mail import send_mail

from dortmund_hilft.models import OutboxMessage
from tests.outbox_support import SMTP, run_worker, use_outbox, use_smtp
from tests.refusing_smtp import RefusingSMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusing_smtp(settings):
    with RefusingSMTPServer() as server:
        use_outbox(settings)
        use_smtp(settings, server.port)
        yield server


def test_a_refused_delivery_is_logged_without_addresses_and_kept(refusing_smtp, caplog,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_mail("Betreff", "Text", "from@example.org", ["to@example.org"]) == 1
    with caplog.at_level(logging.WARNING, logger="dortmund_hilft.outbox"):
        run_worker()
    assert refusing_smtp.sessions == 1
    assert "e-mail not sent, will try again" in caplog.text
    assert "to@example.org" not in caplog.text  # no personal data in the log
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.QUEUED and message.next_attempt_at is not None
    assert "554" in message.last_error


def test_without_the_outbox_the_same_server_would_raise(refusing_smtp, settings):
    settings.EMAIL_BACKEND = SMTP
    with pytest.raises(Exception):  # noqa: B017 - smtplib raises several kinds here
        send_mail("Betreff", "Text", "from@example.org", ["to@example.org"])


def test_feedback_is_saved_and_thanked_for_while_the_mail_server_refuses(refusing_smtp, client,
                                                                        django_capture_on_commit_callbacks):
    from dortmund_hilft.models import AccessibilityFeedback

    data = {"name": "Erika Muster", "email": "erika@example.org", "wants_reply": "on",
            "page_url": "/vereine/", "message": "Der Kontrast der Links ist zu schwach."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/barrierefreiheit/", data)
    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/danke/"
    assert AccessibilityFeedback.objects.filter(email="erika@example.org").exists()
    assert refusing_smtp.sessions == 0  # the request only stored the mail
    run_worker()
    assert refusing_smtp.sessions == 2  # to the unit and the confirmation, each refused ...
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.QUEUED}  # ... kept


def test_a_co_use_application_goes_through_while_the_mail_server_refuses(refusing_smtp, client,
                                                                        django_capture_on_commit_callbacks):
    from warehouse.models import CoUseApplication

    data = {"association_name": "Neuer Verein e.V.", "contact_name": "Ali Yilmaz", "email": "ali@example.org",
            "goods": "Decken und Zelte", "frequency": CoUseApplication.Frequency.choices[0][0],
            "storage_need": "4 Paletten"}
    check = client.post("/lager/mitnutzung/", data)
    assert check.status_code == 302, check.content.decode()[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/lager/mitnutzung/pruefen/", {"senden": "1"})
    assert response.status_code == 302
    assert CoUseApplication.objects.filter(email="ali@example.org").exists()
    run_worker()
    # The confirmation and the note to the coordination unit both wait for the server.
    messages = OutboxMessage.objects.order_by("pk")
    assert [m.recipient_list() for m in messages] == [["ali@example.org"], [settings.UNIT_EMAIL]]
    assert {m.status for m in messages} == {OutboxMessage.Status.QUEUED}
