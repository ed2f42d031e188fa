"""A mail server that refuses is logged, and never raised into a request."""

import logging

import pytest
from django.core.mail import send_mail

from tests.refusing_smtp import RefusingSMTPServer


@pytest.fixture
def refusing_smtp(settings):
    with RefusingSMTPServer() as server:
        settings.EMAIL_BACKEND = "dortmund_hilft.mail_backend.ResilientSMTPBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        yield server


def test_a_refused_send_is_logged_not_raised(refusing_smtp, caplog):
    with caplog.at_level(logging.ERROR, logger="dortmund_hilft.mail"):
        sent = send_mail("Betreff", "Text", "from@example.org", ["to@example.org"])
    assert sent == 0
    assert refusing_smtp.sessions == 1
    assert "sending e-mail failed" in caplog.text
    assert "to@example.org" not in caplog.text  # no personal data in the log


def test_without_the_guard_the_same_server_would_raise(refusing_smtp, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with pytest.raises(Exception):  # noqa: B017 - smtplib raises several kinds here
        send_mail("Betreff", "Text", "from@example.org", ["to@example.org"])


def test_feedback_is_saved_and_thanked_for_while_the_mail_server_refuses(refusing_smtp, client, db, caplog):
    from dortmund_hilft.models import AccessibilityFeedback

    data = {"name": "Erika Muster", "email": "erika@example.org", "wants_reply": "on",
            "page_url": "/vereine/", "message": "Der Kontrast der Links ist zu schwach."}
    with caplog.at_level(logging.ERROR, logger="dortmund_hilft.mail"):
        response = client.post("/barrierefreiheit/", data)
    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/danke/"
    assert AccessibilityFeedback.objects.filter(email="erika@example.org").exists()
    assert refusing_smtp.sessions >= 1
    assert "sending e-mail failed" in caplog.text


def test_a_co_use_application_goes_through_while_the_mail_server_refuses(refusing_smtp, client, db):
    from warehouse.models import CoUseApplication

    data = {"association_name": "Neuer Verein e.V.", "contact_name": "Ali Yilmaz", "email": "ali@example.org",
            "goods": "Decken und Zelte", "frequency": CoUseApplication.Frequency.choices[0][0],
            "storage_need": "4 Paletten"}
    check = client.post("/lager/mitnutzung/", data)
    assert check.status_code == 302, check.content.decode()[:2000]
    response = client.post("/lager/mitnutzung/pruefen/", {"senden": "1"})
    assert response.status_code == 302
    assert CoUseApplication.objects.filter(email="ali@example.org").exists()
