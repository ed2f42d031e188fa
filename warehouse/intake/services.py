"""Intake workflows: offers from the public with a drop-off wish, and applications to co-use the hall.

An offer's drop-off wish becomes a *requested* booking of the operating association with the purpose "donation
drop-off": the operator confirms it like any other booking, after staff have looked at the offer.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from donations import emails as donation_emails
from partners.models import Association, Membership
from partners.roles import MEMBER_GROUP
from warehouse.booking.models import Booking, LoadingBay, Warehouse
from warehouse.booking.schedule import BookingError, Schedule
from warehouse.booking.services import book_slot
from warehouse.intake import emails as co_use_emails
from warehouse.intake.models import CoUseApplication

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


def _unique_slug(name):
    base = slugify(name)[:40] or "verein"
    slug, n = base, 2
    while Association.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _unique_username(email):
    User = get_user_model()
    base = email.split("@")[0][:100] or "verein"
    name, n = base, 2
    while User.objects.filter(username=name).exists():
        name, n = f"{base}{n}", n + 1
    return name


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("account:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def approve_co_use(application, *, by):
    """Create or update the association as co-user, give the contact person an account as manager.

    Returns the application. A new user gets a link to set a password; an existing one is told to
    log in as before.
    """
    if application.status != CoUseApplication.Status.NEW:
        return application
    User = get_user_model()
    with transaction.atomic():
        association = Association.objects.filter(name__iexact=application.association_name).first()
        if association is None:
            association = Association.objects.create(
                name=application.association_name, slug=_unique_slug(application.association_name),
                summary=application.goods[:300], contact_name=application.contact_name, email=application.email,
                phone=application.phone, warehouse_role=Association.WarehouseRole.CO_USER,
            )
        elif association.warehouse_role == Association.WarehouseRole.NONE:
            association.warehouse_role = Association.WarehouseRole.CO_USER
            association.save(update_fields=["warehouse_role"])
        user = User.objects.filter(email__iexact=application.email).first()
        new_user = user is None
        if new_user:
            user = User.objects.create_user(
                username=_unique_username(application.email), email=application.email,
                first_name=application.contact_name[:150],
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get_or_create(name=MEMBER_GROUP)[0])
        Membership.objects.update_or_create(
            user=user, association=association, defaults={"role": Membership.Role.MANAGER}
        )
        application.status = CoUseApplication.Status.APPROVED
        application.association = association
        application.decided_by = by
        application.decided_at = timezone.now()
        application.save()
    co_use_emails.co_use_approved(application, set_password_url(user) if new_user else "")
    return application


def decline_co_use(application, *, by):
    if application.status != CoUseApplication.Status.NEW:
        return application
    application.status = CoUseApplication.Status.DECLINED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    co_use_emails.co_use_declined(application)
    return application
