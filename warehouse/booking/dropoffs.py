"""Open public drop-off wishes as the operator reviews them, with hints at which ones bots sent; and the
signed link with which the person who offered the goods sees or cancels a drop-off time.

Nothing here writes; `services.decline_dropoffs` declines the ones the operator picks. The hints only
point: the operator decides.
"""

import bisect
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from warehouse.booking.models import Booking

# Many wishes within a short time look like a script rather than people.
BURST_WINDOW = datetime.timedelta(minutes=10)
BURST_SIZE = 5


@dataclass
class DropoffRequest:
    booking: Booking
    flags: list = field(default_factory=list)

    @property
    def offer(self):
        return self.booking.donation_offer

    @property
    def email_domain(self):
        return self.offer.email.rpartition("@")[2]


def _text_key(text):
    return " ".join(text.split()).casefold()


def _burst_sizes(times):
    """For each time, how many of `times` (sorted) lie in the BURST_WINDOW around it."""
    half = BURST_WINDOW / 2
    return [bisect.bisect_right(times, t + half) - bisect.bisect_left(times, t - half) for t in times]


def open_dropoff_requests():
    """Undecided public drop-off wishes, oldest first, each with its hints (one query)."""
    bookings = list(
        Booking.objects.open_public_dropoffs().select_related("donation_offer", "bay").order_by("created_at", "pk")
    )
    rows = [DropoffRequest(booking) for booking in bookings]
    emails = Counter(row.offer.email.casefold() for row in rows)
    descriptions = Counter(_text_key(row.offer.description) for row in rows)
    times = sorted(row.offer.created_at for row in rows)
    bursts = dict(zip(times, _burst_sizes(times), strict=True))
    for row in rows:
        others = emails[row.offer.email.casefold()] - 1
        if others:
            row.flags.append(ngettext(
                "Gleiche E-Mail-Adresse wie %(n)d andere offene Anfrage",
                "Gleiche E-Mail-Adresse wie %(n)d andere offene Anfragen", others,
            ) % {"n": others})
        others = descriptions[_text_key(row.offer.description)] - 1
        if others:
            row.flags.append(ngettext(
                "Gleiche Beschreibung wie %(n)d andere offene Anfrage",
                "Gleiche Beschreibung wie %(n)d andere offene Anfragen", others,
            ) % {"n": others})
        burst = bursts[row.offer.created_at]
        if burst >= BURST_SIZE:
            row.flags.append(_("%(n)d Anfragen innerhalb von %(minutes)d Minuten") % {
                "n": burst, "minutes": BURST_WINDOW.seconds // 60})
    return rows


# --- the signed link in the e-mail to the person who offered the goods -----------------------------

LINK_SALT = "warehouse.dropoff-appointment"
# Drop-off times lie at most two weeks ahead; a month covers a confirmation made early.
LINK_MAX_AGE = datetime.timedelta(days=30)


class DropoffLinkError(Exception):
    """A link that does not (or no longer) lead to an appointment; the message is for the person."""

    def __init__(self, message, *, forged=False):
        super().__init__(message)
        self.message = message
        self.forged = forged


def dropoff_link_token(booking):
    """The token for the person's link. It names the booking's version, so a change or cancellation
    makes every older link stale: a link works until the appointment moves on."""
    return signing.dumps({"b": booking.pk, "v": booking.sequence}, salt=LINK_SALT)


def booking_for_link(token, *, max_age=LINK_MAX_AGE):
    """The drop-off booking a link names, as it still is; DropoffLinkError otherwise."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise DropoffLinkError(_("Dieser Link ist abgelaufen. Bitte antworten Sie auf unsere E-Mail, "
                                 "wenn Sie Ihren Termin ändern möchten.")) from None
    except signing.BadSignature:
        raise DropoffLinkError(_("Diesen Link kennen wir nicht. Bitte prüfen Sie, ob er vollständig ist."),
                               forged=True) from None
    booking = (
        Booking.objects.with_details().select_related("donation_offer")
        .filter(pk=data.get("b"), donation_offer__isnull=False).first()
    )
    if booking is None:
        raise DropoffLinkError(_("Diesen Termin gibt es nicht mehr."), forged=True)
    if booking.sequence != data.get("v") or not booking.is_active:
        raise DropoffLinkError(_("Dieser Link gilt nicht mehr: Der Termin wurde inzwischen geändert oder "
                                 "abgesagt. Die aktuelle Nachricht steht in Ihrer neuesten E-Mail von uns."))
    return booking
