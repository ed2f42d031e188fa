"""An offer from the public, with an optional wish for a drop-off time at the warehouse.

The wish becomes a *requested* booking of the operating association with the purpose "donation
drop-off": the operator confirms it like any other booking, after staff have looked at the offer.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations import emails as donation_emails
from partners.models import Association
from warehouse.models import Booking, LoadingBay, Warehouse
from warehouse.services import BookingError, Schedule, book_slot

DROPOFF_DAYS = 14


def dropoff_warehouse():
    """The hall that takes donations: the one run by the operating association."""
    return (
        Warehouse.objects.filter(operator__warehouse_role=Association.WarehouseRole.OPERATOR, operator__is_active=True)
        .select_related("operator").order_by("pk").first()
    )


def dropoff_slots(warehouse, now=None, days=DROPOFF_DAYS):
    """Free drop-off starts on the full hour over the next `days` days, as {day: [aware datetimes]}."""
    if warehouse is None:
        return {}
    today = timezone.localdate(now)
    first, last = today, today + datetime.timedelta(days=days)
    starts = set()
    for bay in LoadingBay.objects.active().filter(warehouse=warehouse).select_related("warehouse"):
        schedule = Schedule.load(bay, first, last)
        day = first
        while day <= last:
            starts.update(s for s in schedule.free_starts(day, now) if timezone.localtime(s).minute == 0)
            day += datetime.timedelta(days=1)
    slots = {}
    for start in sorted(starts):
        slots.setdefault(timezone.localtime(start).date(), []).append(start)
    return slots


def _book_dropoff(*, warehouse, offer, start):
    length = datetime.timedelta(minutes=warehouse.min_booking_minutes)
    note = _("Sachspende %(reference)s: %(quantity)d %(unit)s – %(description)s") % {
        "reference": offer.reference, "quantity": offer.quantity, "unit": offer.get_unit_display(),
        "description": offer.description[:200],
    }
    last_error = None
    for bay in LoadingBay.objects.active().filter(warehouse=warehouse).select_related("warehouse").order_by("name"):
        try:
            booking = book_slot(
                association=warehouse.operator, bay=bay, start=start, end=start + length,
                purpose=Booking.Purpose.DONATION_DROPOFF, note=note, by=None,
            )
        except BookingError as error:
            last_error = error
            continue
        return booking
    raise last_error or BookingError("no bay", "dropoff_slot")


def submit_offer(*, form, dropoff_start=None):
    """Save the offer from a valid DonationOfferForm; book the drop-off wish; confirm by e-mail.

    Raises BookingError (field "dropoff_slot") when the wished time has been taken meanwhile;
    then nothing is saved and the person can choose another time.
    """
    booking = None
    with transaction.atomic():
        offer = form.save(commit=False)
        offer.dropoff_wish = dropoff_start
        offer.save()
        if dropoff_start is not None:
            warehouse = dropoff_warehouse()
            if warehouse is None:
                raise BookingError("no warehouse", "dropoff_slot")
            booking = _book_dropoff(warehouse=warehouse, offer=offer, start=dropoff_start)
            booking.donation_offer = offer
            booking.save(update_fields=["donation_offer"])
    donation_emails.offer_received(offer, booking)
    return offer, booking
