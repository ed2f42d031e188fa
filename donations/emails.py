"""E-mails about donation offers, in plain text. The one place this app hands mail to Django.

Each mail is written in the language of the page the offer was sent from (`offer.language`).

The configured backend (the project's outbox) stores the message with the offer; a worker sends it.
"""

import functools

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from donations import pdf


def _send(*, to, subject, template, context, attachments=()):
    body = render_to_string(template, {**context, "SITE_URL": settings.SITE_URL.rstrip("/"),
                                       "UNIT_EMAIL": settings.UNIT_EMAIL})
    message = EmailMessage(subject, body, to=[to], reply_to=[settings.UNIT_EMAIL])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message.send() == 1


def _in_offer_language(mail):
    @functools.wraps(mail)
    def in_language(offer, *args, **kwargs):
        with translation.override(offer.language):
            return mail(offer, *args, **kwargs)
    return in_language


@_in_offer_language
def offer_received(offer, booking=None):
    """Confirm an offer to the person who made it, with its reference and the drop-off wish."""
    return _send(
        to=offer.email,
        subject=_("Ihr Spendenangebot %(reference)s ist angekommen") % {"reference": offer.reference},
        template="donations/email/offer_received.txt",
        context={"offer": offer, "booking": booking},
    )


@_in_offer_language
def offer_accepted(offer, booking=None):
    """The offer is accepted, but no drop-off time is fixed yet (`booking`: a wish still to confirm).

    An accepted offer with a confirmed time gets the appointment mail of the warehouse instead.
    """
    return _send(
        to=offer.email,
        subject=_("Ihr Spendenangebot %(reference)s: Wir nehmen es gern an") % {"reference": offer.reference},
        template="donations/email/offer_accepted.txt",
        context={"offer": offer, "booking": booking},
    )


@_in_offer_language
def offer_declined(offer, released_bookings=()):
    """The offer is declined, with the reason; a drop-off time it had is free again."""
    return _send(
        to=offer.email,
        subject=_("Ihr Spendenangebot %(reference)s") % {"reference": offer.reference},
        template="donations/email/offer_declined.txt",
        context={"offer": offer, "released_bookings": list(released_bookings)},
    )


@_in_offer_language
def goods_received(offer, donation):
    """Thank the person for the goods that came in, with the receipt as a PDF."""
    receipt = (f"empfangsbestaetigung-{donation.reference}.pdf", pdf.donation_receipt(donation), "application/pdf")
    return _send(
        to=offer.email,
        subject=_("Danke für Ihre Sachspende %(reference)s") % {"reference": offer.reference},
        template="donations/email/goods_received.txt",
        context={"offer": offer, "donation": donation, "lines": list(donation.lines.select_related("item"))},
        attachments=[receipt],
    )
