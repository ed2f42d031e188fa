"""E-mails about donation offers, in German plain text. The one place this app hands mail to Django.

The configured backend (the project's outbox) stores the message with the offer; a worker sends it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def _send(*, to, subject, template, context):
    body = render_to_string(template, {**context, "SITE_URL": settings.SITE_URL.rstrip("/"),
                                       "UNIT_EMAIL": settings.UNIT_EMAIL})
    message = EmailMessage(subject, body, to=[to], reply_to=[settings.UNIT_EMAIL])
    return message.send() == 1


def offer_received(offer, booking=None):
    """Confirm an offer to the person who made it, with its reference and the drop-off wish."""
    return _send(
        to=offer.email,
        subject=_("Ihr Spendenangebot %(reference)s ist angekommen") % {"reference": offer.reference},
        template="donations/email/offer_received.txt",
        context={"offer": offer, "booking": booking},
    )
