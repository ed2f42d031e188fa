"""Booking workflows: every rule of the warehouse is checked here, inside one transaction.

Writers of one warehouse are serialised by locking its row (PostgreSQL) or by SQLite's
BEGIN IMMEDIATE, so the checks for overlaps, buffers, blocked times and the weekly quota see every
booking committed before them. On PostgreSQL the exclusion constraint on warehouse_booking is the
final word on overlaps.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from donations.models import DonationOffer
from warehouse.booking import emails
from warehouse.booking.models import UTC, BlockedTime, Booking, Warehouse
from warehouse.booking.schedule import (
    SLOT_TAKEN,
    BookingError,
    DropoffDayFull,
    check_booking,
    date_label,
    full_dropoff_days,
    time_label,
)

__all__ = [
    "BookingError", "DropoffDayFull", "SLOT_TAKEN", "block_time", "book_slot", "cancel_booking", "confirm_booking",
    "decline_booking", "decline_dropoffs", "request_dropoff", "update_booking",
]

DROPOFF_DECLINED = gettext_lazy("Der Lagerbetrieb hat diesen Abgabewunsch abgelehnt.")


def _lock(bay):
    """Serialise all booking writes of one warehouse (see the module docstring)."""
    Warehouse.objects.select_for_update().get(pk=bay.warehouse_id)


def _utc(moment):
    if timezone.is_naive(moment):
        raise ValueError("booking times must be aware")
    return moment.astimezone(UTC)


def _save_booking(booking):
    try:
        # A savepoint, so the outer transaction stays usable when the constraint refuses.
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        # Another request may have taken the slot since the form was shown; the exclusion
        # constraint is the final word.
        raise BookingError(str(SLOT_TAKEN), "start") from None


def book_slot(*, association, bay, start, end, purpose, note="", by, now=None):
    """Request a booking; a bay that confirms automatically confirms it at once."""
    start, end = _utc(start), _utc(end)
    with transaction.atomic():
        _lock(bay)
        check_booking(association=association, bay=bay, start=start, end=end, now=now)
        booking = Booking(
            association=association, bay=bay, start=start, end=end, purpose=purpose, note=note.strip(),
            created_by=by,
        )
        if bay.auto_confirm:
            booking.status = Booking.Status.CONFIRMED
            booking.decided_at = timezone.now()
        _save_booking(booking)
    if booking.status == Booking.Status.CONFIRMED:
        emails.booking_confirmed(booking)
    else:
        emails.booking_requested(booking)
    return booking


def request_dropoff(*, warehouse, offer, start, note, now=None):
    """A public drop-off wish: a requested booking of the operating association at the first bay free then.

    Anyone can send one, so it is never confirmed automatically and does not use up the operator's
    weekly hours until the operator confirms it; instead a day takes at most
    settings.DROPOFF_OPEN_REQUESTS_PER_DAY undecided wishes. Counted under the warehouse lock, so
    parallel submissions cannot pass the limit together. Raises DropoffDayFull or BookingError.
    """
    start = _utc(start)
    end = start + datetime.timedelta(minutes=warehouse.min_booking_minutes)
    day = timezone.localtime(start).date()
    with transaction.atomic():
        Warehouse.objects.select_for_update().get(pk=warehouse.pk)
        if day in full_dropoff_days(warehouse, day, day):
            raise DropoffDayFull
        last_error = None
        for bay in warehouse.bays.active().select_related("warehouse").order_by("name"):
            try:
                check_booking(association=warehouse.operator, bay=bay, start=start, end=end, now=now, quota=False)
            except BookingError as error:
                last_error = error
                continue
            booking = Booking(
                association=warehouse.operator, bay=bay, start=start, end=end,
                purpose=Booking.Purpose.DONATION_DROPOFF, note=note.strip(), donation_offer=offer,
            )
            _save_booking(booking)
            break
        else:
            raise last_error or BookingError(str(SLOT_TAKEN), "dropoff_slot")
    emails.booking_requested(booking)
    return booking


def update_booking(*, booking, bay, start, end, purpose, note="", by, now=None):
    """Change a booking that is still only requested; the same rules apply as for a new one."""
    start, end = _utc(start), _utc(end)
    with transaction.atomic():
        _lock(bay)
        if bay.warehouse_id != booking.bay.warehouse_id:
            _lock(booking.bay)
        booking = Booking.objects.select_for_update().select_related("association", "bay__warehouse").get(pk=booking.pk)
        if not booking.can_be_changed(now):
            raise BookingError(_("Diese Buchung kann nicht mehr geändert werden."))
        check_booking(association=booking.association, bay=bay, start=start, end=end, exclude_pk=booking.pk, now=now)
        booking.bay, booking.start, booking.end = bay, start, end
        booking.purpose, booking.note = purpose, note.strip()
        if bay.auto_confirm:
            booking.status = Booking.Status.CONFIRMED
            booking.decided_at = timezone.now()
        booking.sequence += 1
        booking._history_user = by
        _save_booking(booking)
    if booking.status == Booking.Status.CONFIRMED:
        emails.booking_confirmed(booking)
    else:
        emails.booking_changed(booking)
    return booking


def cancel_booking(*, booking, by, reason=""):
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if not booking.can_be_cancelled():
            raise BookingError(_("Diese Buchung hat schon begonnen oder ist nicht mehr aktiv."))
        booking._history_user = by
        booking.cancel(by=by, reason=reason)
    emails.booking_cancelled(booking)
    return booking


def confirm_booking(*, booking, by):
    # No quota check: confirming is the operator's own decision, also for a public drop-off wish
    # that starts to count towards the operator's weekly hours only now.
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.REQUESTED:
            raise BookingError(_("Diese Buchung ist nicht mehr offen."))
        booking._history_user = by
        booking.confirm(by=by)
    emails.booking_confirmed(booking)
    if booking.donation_offer_id:
        # A drop-off wish from the public form: the person who offered the goods learns the time is fixed.
        emails.dropoff_confirmed(booking)
    return booking


def decline_booking(*, booking, by, reason):
    if not reason.strip():
        raise BookingError(_("Bitte geben Sie einen Grund an."), "reason")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.REQUESTED:
            raise BookingError(_("Diese Buchung ist nicht mehr offen."))
        booking._history_user = by
        booking.decline(by=by, reason=reason)
    emails.booking_declined(booking)
    return booking


def decline_dropoffs(*, bookings, by, reason=DROPOFF_DECLINED):
    """Decline public drop-off wishes and their offers at once; returns (declined, skipped) bookings.

    Skipped are the ones decided since the list was shown. No e-mail goes out: the bookings belong
    to the operator, who is declining them, and a suspicious offer's address may not be the sender's.
    """
    declined, skipped = [], []
    with transaction.atomic():
        # Bookings, then offers, each in pk order: a confirm or an offer receipt at the same time waits.
        locked = list(
            Booking.objects.select_for_update().filter(pk__in=[b.pk for b in bookings], donation_offer__isnull=False)
            .order_by("pk")
        )
        offers = DonationOffer.objects.select_for_update().order_by("pk").in_bulk([b.donation_offer_id for b in locked])
        for booking in locked:
            booking.donation_offer = offer = offers[booking.donation_offer_id]
            if booking.status != Booking.Status.REQUESTED:
                skipped.append(booking)
                continue
            booking._history_user = by
            booking.decline(by=by, reason=str(reason))
            if offer.status in (DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED):
                offer.decline(by=by, reason=str(reason))
            declined.append(booking)
    return declined, skipped


def block_time(*, warehouse, bay=None, start, end, reason, by, release_bookings=False):
    """Block a bay (or, with bay=None, the whole warehouse) for a time.

    Bookings in that time are refused by default; with `release_bookings` the requested ones are
    declined and the confirmed ones cancelled, each with the reason, and the associations told by
    e-mail. Returns (block, released bookings).
    """
    start, end = _utc(start), _utc(end)
    if end <= start:
        raise BookingError(_("Das Ende muss nach dem Beginn liegen."), "end")
    if not reason.strip():
        raise BookingError(_("Bitte geben Sie einen Grund an."), "reason")
    released = []
    with transaction.atomic():
        Warehouse.objects.select_for_update().get(pk=warehouse.pk)
        affected = Booking.objects.active().filter(bay__warehouse=warehouse).overlapping(start, end)
        if bay is not None:
            affected = affected.filter(bay=bay)
        affected = list(affected.select_related("association", "bay").select_for_update(of=("self",)))
        if affected and not release_bookings:
            raise BookingError(
                ngettext(
                    "In dieser Zeit gibt es %(count)d Buchung (%(list)s). Wählen Sie „Buchungen freigeben“, "
                    "um sie abzusagen.",
                    "In dieser Zeit gibt es %(count)d Buchungen (%(list)s). Wählen Sie „Buchungen freigeben“, "
                    "um sie abzusagen.",
                    len(affected),
                )
                % {
                    "count": len(affected),
                    "list": "; ".join(
                        f"{b.bay}, {date_label(b.start)} {time_label(b.start)}, {b.association}" for b in affected
                    ),
                },
                "release_bookings",
            )
        block = BlockedTime.objects.create(
            warehouse=warehouse, bay=bay, start=start, end=end, reason=reason.strip(), created_by=by
        )
        for booking in affected:
            booking._history_user = by
            message = _("Die Ladezone ist gesperrt: %(reason)s") % {"reason": block.reason}
            if booking.status == Booking.Status.REQUESTED:
                booking.decline(by=by, reason=message)
            else:
                booking.cancel(by=by, reason=message)
            released.append(booking)
    for booking in released:
        if booking.status == Booking.Status.DECLINED:
            emails.booking_declined(booking)
        else:
            emails.booking_cancelled(booking)
    return block, released
