"""Run the real task worker inside a test, and switch the mail set-up to the production one.

Django's test runner replaces EMAIL_BACKEND with locmem; tests of the outbox put the outbox back in
front and choose what it delivers to.
"""

import signal
from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

OUTBOX_BACKEND = "dortmund_hilft.outbox.OutboxBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"

_WORKER_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


def use_outbox(settings, *, deliver_with=LOCMEM, retry_delays=(60, 300)):
    settings.EMAIL_BACKEND = OUTBOX_BACKEND
    settings.OUTBOX_DELIVERY_BACKEND = deliver_with
    settings.OUTBOX_RETRY_DELAYS = list(retry_delays)


def use_smtp(settings, port):
    """Deliver through real SMTP to a server on this machine, giving up after one silent second."""
    settings.OUTBOX_DELIVERY_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1


def run_worker():
    """`manage.py db_worker --batch`: work off every task that is due now, then return.

    Two things are held back: the worker's closing of old connections, which would end the test's
    transaction, and its signal handlers, which would outlive it in the test process.
    """
    saved = {number: signal.getsignal(number) for number in _WORKER_SIGNALS}
    try:
        with mock.patch.object(db_worker, "close_old_connections"):
            call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
