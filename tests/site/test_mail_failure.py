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
