"""The one point where the warehouse hands e-mail to Django's mail API, in German plain text.

The configured backend stores each message in the outbox in the caller's transaction; a worker
sends it after the commit, so no request waits on the mail server and a rollback sends nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from partners.roles import OPERATOR_GROUP
from partners.site_url import absolute_url as site_url  # noqa: F401 - the name the warehouse's e-mails use


def send(subject, template, context, recipients, attachments=(), reply_to=()):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return False
    extra = {"SITE_URL": settings.SITE_URL.rstrip("/"), "UNIT_EMAIL": getattr(settings, "UNIT_EMAIL", "")}
    body = render_to_string(template, {**context, **extra})
    message = EmailMessage(subject, body, to=recipients[:1], bcc=recipients[1:], reply_to=list(reply_to))
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message.send() == 1


def association_recipients(association):
    """Members of the association with an address; the association's own address if it has none."""
    members = [
        user.email for user in get_user_model().objects.filter(
            memberships__association=association, is_active=True
        ).exclude(email="")
    ]
    return members or [association.email]


def operator_recipients(warehouse):
    staff = get_user_model().objects.filter(groups__name=OPERATOR_GROUP, is_active=True).exclude(email="")
    return [warehouse.notification_email, *(user.email for user in staff)]
