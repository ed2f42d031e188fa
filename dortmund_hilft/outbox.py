"""The mail outbox: every e-mail is stored with the change that caused it and sent by a worker.

Apps keep using Django's mail API. EMAIL_BACKEND points at OutboxBackend, so `message.send()` stores
an OutboxMessage row in the caller's transaction and, once that commits, enqueues `deliver_email`
(Django's Tasks API through django-tasks, database backend). The worker (`manage.py db_worker`) sends
through OUTBOX_DELIVERY_BACKEND, tries again after each of OUTBOX_RETRY_DELAYS, and after the last try
marks the message failed, where staff see it (/intern/, admin) and send it again (`resend`).

So a rollback stores and sends nothing, no request waits on the mail server, and no mail is lost
while the server is down. Logs name messages by id only, never by address.
"""

import base64
import datetime
import logging
import re
from email import message_from_bytes
from email.message import Message
from email.mime.base import MIMEBase
from email.policy import compat32
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django_tasks import task

from dortmund_hilft.models import OutboxMessage

logger = logging.getLogger("dortmund_hilft.outbox")

ADDRESS = re.compile(r"[^\s<>\"',;:()\[\]]+@[^\s<>\"',;:()\[\]]+")


class OutboxBackend(BaseEmailBackend):
    """Django e-mail backend that stores instead of sending.

    Storing is part of the caller's transaction, so an error here is the caller's error: it is
    raised even with fail_silently, as the change it belongs to cannot be saved either.
    """

    def send_messages(self, email_messages):
        return len([store(message) for message in email_messages if message.recipients()])


def store(email_message):
    """Keep one message for the worker; it is enqueued when the current transaction commits."""
    row = OutboxMessage.objects.create(
        subject=str(email_message.subject)[:998],
        recipients=", ".join(email_message.recipients()),
        content=serialise(email_message),
        next_attempt_at=timezone.now(),
    )
    _enqueue_after_commit(row.pk)
    return row


def enqueue(message_id, run_after=None):
    job = deliver_email if run_after is None else deliver_email.using(run_after=run_after)
    return job.enqueue(message_id)


def _enqueue_after_commit(message_id):
    def enqueue_outbox_message():
        enqueue(message_id)

    # robust: if the task queue cannot take it, the change still stands; maintain_outbox finds the row.
    transaction.on_commit(enqueue_outbox_message, robust=True)


# --- turning an EmailMessage into JSON and back ---------------------------------------------------


def _pack(content):
    """Text or bytes as base64, remembering which it was (Django treats the two differently)."""
    is_text = isinstance(content, str)
    raw = content.encode() if is_text else bytes(content)
    return {"base64": base64.b64encode(raw).decode("ascii"), "text": is_text}


def _unpack(packed):
    raw = base64.b64decode(packed["base64"])
    return raw.decode() if packed["text"] else raw


def _serialise_attachment(attachment):
    if isinstance(attachment, MIMEBase):
        return {"mime": _pack(attachment.as_bytes())}
    filename, content, mimetype = attachment
    return {"filename": filename, "mimetype": mimetype, "content": _pack(content)}


class _RestoredPart(MIMEBase):
    """A MIME part parsed back from bytes; a MIMEBase, so Django attaches it as it is."""

    def __init__(self, policy=compat32):
        Message.__init__(self, policy=policy)  # not MIMEBase's: the parser sets every header itself


def _restore_attachment(message, data):
    if "mime" in data:
        message.attach(message_from_bytes(_unpack(data["mime"]), _class=_RestoredPart))
    else:
        message.attach(data["filename"], _unpack(data["content"]), data["mimetype"])


def _fixed_headers(email_message):
    """The sender's headers plus a Date and Message-ID fixed now, so every retry sends the same mail."""
    headers = {str(name): str(value) for name, value in email_message.extra_headers.items()}
    names = {name.lower() for name in headers}
    if "date" not in names:
        headers["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
    if "message-id" not in names:
        # The site's host name rather than this machine's: no DNS lookup on the request path.
        headers["Message-ID"] = make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")
    return headers


def serialise(email_message):
    """Everything Django's message() builds the mail from, as JSON."""
    return {
        "subject": str(email_message.subject),
        "body": str(email_message.body),
        "from_email": str(email_message.from_email),
        "to": [str(address) for address in email_message.to],
        "cc": [str(address) for address in email_message.cc],
        "bcc": [str(address) for address in email_message.bcc],
        "reply_to": [str(address) for address in email_message.reply_to],
        "headers": _fixed_headers(email_message),
        "encoding": str(email_message.encoding) if email_message.encoding else None,
        "content_subtype": email_message.content_subtype,
        "mixed_subtype": email_message.mixed_subtype,
        "alternatives": [
            {"content": _pack(content), "mimetype": mimetype}
            for content, mimetype in getattr(email_message, "alternatives", ())
        ],
        "attachments": [_serialise_attachment(attachment) for attachment in email_message.attachments],
    }


def deserialise(data):
    message_class = EmailMultiAlternatives if data["alternatives"] else EmailMessage
    message = message_class(
        subject=data["subject"], body=data["body"], from_email=data["from_email"], to=data["to"],
        cc=data["cc"], bcc=data["bcc"], reply_to=data["reply_to"], headers=data["headers"],
    )
    message.encoding = data["encoding"]
    message.content_subtype = data["content_subtype"]
    message.mixed_subtype = data["mixed_subtype"]
    for alternative in data["alternatives"]:
        message.attach_alternative(_unpack(alternative["content"]), alternative["mimetype"])
    for attachment in data["attachments"]:
        _restore_attachment(message, attachment)
    return message


# --- the worker's side -----------------------------------------------------------------------------


@task()
def deliver_email(message_id):
    """The task the worker runs for each message; see deliver()."""
    return deliver(message_id)


class NotAccepted(Exception):
    """The delivery backend returned without sending and without saying why."""


def deliver(message_id):
    """Try to send one stored message once; returns what happened ("sent", "retry", "failed", "skipped").

    The conditional update claims the message: of two workers (or a task enqueued twice) only one
    gets the row, so nobody sends it twice.
    """
    now = timezone.now()
    claimed = OutboxMessage.objects.claimable(now).filter(pk=message_id).update(
        status=OutboxMessage.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now, next_attempt_at=None
    )
    if not claimed:
        return "skipped"  # already sent, failed, erased, not due yet, or another worker has it
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except Exception as error:
        return _record_failure(message, error)
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error="", content={}
    )
    logger.info("e-mail sent", extra={"event": {"outbox_message": message_id, "attempt": message.attempts}})
    return "sent"


def _send(message):
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    if connection.send_messages([deserialise(message.content)]) != 1:
        raise NotAccepted("Der Mailserver hat die Nachricht nicht angenommen.")


def describe(error):
    """What went wrong, for staff: the kind of error and the server's words, with addresses blanked."""
    text = str(error).strip()
    described = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return ADDRESS.sub("<Adresse>", described)[:1000]


def _record_failure(message, error):
    delays = settings.OUTBOX_RETRY_DELAYS
    event = {"outbox_message": message.pk, "attempt": message.attempts, "error": type(error).__name__}
    if message.attempts > len(delays):
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.FAILED, last_error=describe(error)
        )
        logger.error("e-mail failed after the last try", extra={"event": event})
        return "failed"
    retry_at = timezone.now() + datetime.timedelta(seconds=delays[message.attempts - 1])
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.QUEUED, next_attempt_at=retry_at, last_error=describe(error)
        )
        # With the database task backend the retry's task is written in the same transaction.
        # A backend that cannot run tasks later leaves the row for maintain_outbox.
        if deliver_email.get_backend().supports_defer:
            enqueue(message.pk, run_after=retry_at)
    logger.warning("e-mail not sent, will try again", extra={"event": {**event, "retry_at": retry_at.isoformat()}})
    return "retry"


# --- what staff and the daily job do ----------------------------------------------------------------


def resend(message_ids):
    """Give failed messages a fresh set of tries; returns how many were queued again.

    Only failed messages: a message that is queued or sent already (say, resent by someone else a
    moment ago) is left alone, so a double click sends nothing twice.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update().failed().filter(pk__in=list(message_ids))
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxMessage.Status.QUEUED, attempts=0, next_attempt_at=now
        )
        for message_id in ids:
            _enqueue_after_commit(message_id)
    if ids:
        logger.info("e-mail queued again", extra={"event": {"outbox_messages": ids}})
    return len(ids)


def requeue_lost(now=None):
    """Enqueue messages whose task went missing (lost on enqueue, or its worker died while sending).

    A task enqueued twice is harmless: deliver() claims the row, so the message goes out once.
    """
    ids = list(OutboxMessage.objects.lost(now or timezone.now()).values_list("pk", flat=True))
    for message_id in ids:
        enqueue(message_id)
    return len(ids)


def prune_sent(now=None):
    """Delete sent messages after OUTBOX_KEEP_SENT_DAYS: they still name their recipients."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    deleted, _ = OutboxMessage.objects.sent_before(cutoff).delete()
    return deleted


def oldest_waiting_since():
    """When the oldest message that is not delivered yet was written, or None."""
    return OutboxMessage.objects.undelivered().aggregate(oldest=Min("created_at"))["oldest"]
