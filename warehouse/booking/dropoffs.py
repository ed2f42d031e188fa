"""Open public drop-off wishes as the operator reviews them, with hints at which ones bots sent.

Nothing here writes; `services.decline_dropoffs` declines the ones the operator picks. The hints only
point: the operator decides.
"""

import bisect
import datetime
from collections import Counter
from dataclasses import dataclass, field

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
