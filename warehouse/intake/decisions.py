"""Decisions on offers from the public, and what they do to the drop-off time and the person's inbox.

Every decision here locks what it changes (the drop-off bookings, then the offer: the order
`booking.services.decline_dropoffs` uses too), reads the status again under the lock and says in
German when it has moved on. The e-mail is stored by the outbox in the same transaction, so a
refused decision tells nobody anything.

Receiving the goods is `stock.services.receive_offer`, which books them in and sends the thanks.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from donations import emails as donation_emails
from donations.models import DonationOffer
from warehouse.booking import emails as booking_emails
from warehouse.booking.models import Booking


class OfferError(Exception):
    """An offer or its drop-off time cannot be decided as asked; the message is German, for the user."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _locked_dropoffs(offer):
    """The offer's drop-off bookings that still hold a bay, locked, in pk order."""
    return list(Booking.objects.select_for_update().active().filter(donation_offer=offer).order_by("pk"))


def accept_offer(*, offer, by):
    """Accept once, whoever clicks, and tell the person: with the time if it is confirmed already."""
    with transaction.atomic():
        bookings = _locked_dropoffs(offer)
        try:
            offer.accept(by=by)
        except ValidationError as error:
            raise OfferError(" ".join(error.messages)) from None
        confirmed = [b for b in bookings if b.status == Booking.Status.CONFIRMED]
        if confirmed:
            booking = Booking.objects.with_details().select_related("donation_offer").get(pk=confirmed[0].pk)
            booking_emails.dropoff_confirmed(booking, accepted=True)
        else:
            donation_emails.offer_accepted(offer, bookings[0] if bookings else None)
    return offer


def decline_offer(*, offer, by, reason_kind, reason=""):
    """Decline once, whoever clicks, with a reason; the drop-off time goes back to the hall at once.

    A wished time is declined, a confirmed one cancelled (and the operator told), both with the
    reason, in the same transaction as the offer: the bay is never held for goods nobody will take.
    """
    reason = (reason or "").strip()
    if reason_kind not in DonationOffer.DeclineReason.values:
        raise OfferError(_("Wählen Sie einen Grund."), "reason_kind")
    if reason_kind == DonationOffer.DeclineReason.OTHER and not reason:
        raise OfferError(_("Beschreiben Sie den Grund in ein paar Worten."), "reason")
    with transaction.atomic():
        bookings = _locked_dropoffs(offer)
        try:
            offer.decline(by=by, reason=reason, reason_kind=reason_kind)
        except ValidationError as error:
            raise OfferError(" ".join(error.messages)) from None
        note = _("Spendenangebot abgelehnt: %(reason)s") % {"reason": offer.decline_reason_text}
        for booking in bookings:
            booking._history_user = by
            if booking.status == Booking.Status.REQUESTED:
                booking.decline(by=by, reason=note)
            else:
                booking.cancel(by=by, reason=note)
                booking_emails.booking_cancelled(booking)
        donation_emails.offer_declined(offer, bookings)
    return offer


def cancel_dropoff_by_donor(*, booking):
    """The person cancels their drop-off time through the link: the bay is free at once, the operator told.

    `booking` is the version the link named; if the booking has changed since (another click, a
    decision by staff), nothing happens and the person is told.
    """
    with transaction.atomic():
        locked = Booking.objects.select_for_update().with_details().get(pk=booking.pk)
        if locked.sequence != booking.sequence or not locked.is_active:
            raise OfferError(_("Dieser Termin ist schon abgesagt oder wurde geändert."))
        if locked.has_started():
            raise OfferError(_("Dieser Termin hat schon begonnen. Bitte rufen Sie uns an."))
        locked.cancel(by=None, reason=_("Von der spendenden Person über den Link in der E-Mail abgesagt."))
        booking_emails.booking_cancelled(locked)
    return locked
