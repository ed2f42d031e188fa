"""Intake workflows: offers from the public with a drop-off wish, and applications to co-use the hall.

An offer's drop-off wish becomes a *requested* booking of the operating association with the purpose "donation
drop-off": the operator confirms it like any other booking, after staff have looked at the offer.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from donations import emails as donation_emails
from partners.models import Association, Membership
from partners.roles import MEMBER_GROUP
from partners.slugs import german_slugify
from warehouse.booking import data_version
from warehouse.booking.models import BlockedTime, Booking, LoadingBay, Warehouse
from warehouse.booking.schedule import BookingError, Schedule, full_dropoff_days, local_day_bounds
from warehouse.booking.services import request_dropoff
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
    """Drop-off starts on the full hour over the next `days` days that can be booked, as {day: [aware datetimes]}.

    The same rules as `request_dropoff`: a free bay for the shortest booking, and not on a day that
    already has as many undecided drop-off wishes as it takes.
    """
    if warehouse is None:
        return {}
    today = timezone.localdate(now)
    first, last = today, today + datetime.timedelta(days=days)
    full = full_dropoff_days(warehouse, first, last)
    starts = set()
    for day, schedule in _day_schedules(warehouse, first, last, skip=full):
        starts.update(s for s in schedule.free_starts(day, now) if timezone.localtime(s).minute == 0)
    slots = {}
    for start in sorted(starts):
        slots.setdefault(timezone.localtime(start).date(), []).append(start)
    return slots


def _day_schedules(warehouse, first, last, skip=()):
    """(day, Schedule of one bay for that day) for every active bay and day from `first` to `last`.

    What `Schedule.load` reads for each bay over the whole window, read once for all bays; each day's
    schedule holds only what touches that day, so checking a time does not walk two weeks of bookings.
    """
    bays = list(LoadingBay.objects.active().filter(warehouse=warehouse))
    if not bays:
        return
    start, end = local_day_bounds(first, last)
    margin = warehouse.buffer
    bookings = list(
        Booking.objects.active().filter(bay__in=bays).overlapping(start - margin, end + margin).order_by("start")
    )
    blocks = list(BlockedTime.objects.filter(warehouse=warehouse).overlapping(start, end).order_by("start"))
    closed = {c.date: c.reason for c in warehouse.closed_days.filter(date__range=(first, last))}
    opening_hours = list(warehouse.opening_hours.all())
    day = first
    while day <= last:
        if day not in skip:
            day_start, day_end = local_day_bounds(day, day)
            for bay in bays:
                bay.warehouse = warehouse
                on_day = [
                    b for b in bookings
                    if b.bay_id == bay.pk and b.start < day_end + margin and b.end > day_start - margin
                ]
                blocked = [
                    b for b in blocks
                    if b.bay_id in (None, bay.pk) and b.start < day_end and b.end > day_start
                ]
                yield day, Schedule(warehouse, bay, on_day, blocked, opening_hours, closed)
        day += datetime.timedelta(days=1)


def full_days_in_dropoff_window(warehouse, now=None, days=DROPOFF_DAYS):
    """Days of the drop-off window that take no further wish: a form picking one says so."""
    if warehouse is None:
        return set()
    today = timezone.localdate(now)
    return full_dropoff_days(warehouse, today, today + datetime.timedelta(days=days))


def dropoff_choices(warehouse, now=None):
    """(dropoff_slots, full_days_in_dropoff_window) for the offer form, computed once per hour and plan.

    The key holds the local hour: the window moves with the date and the notice period with the
    clock. Within the hour a stored list may offer a time that has just gone; the booking service
    checks again under its lock, and the form says the time is no longer free.
    """
    if warehouse is None:
        return {}, set()
    hour = timezone.localtime(now).strftime("%Y-%m-%dT%H")

    def compute():
        return dropoff_slots(warehouse, now), full_days_in_dropoff_window(warehouse, now)

    return data_version.cached("dropoff-choices", compute, warehouse.pk, hour)


def _dropoff_note(offer):
    return _("Sachspende %(reference)s: %(quantity)d %(unit)s – %(description)s") % {
        "reference": offer.reference, "quantity": offer.quantity, "unit": offer.get_unit_display(),
        "description": offer.description[:200],
    }


def submit_offer(*, form, dropoff_start=None):
    """Save the offer from a valid DonationOfferForm; book the drop-off wish; confirm by e-mail.

    Raises BookingError (field "dropoff_slot") when the wished time has been taken meanwhile, or
    DropoffDayFull when its day has filled up; then nothing is saved and the person can choose again.
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
            booking = request_dropoff(warehouse=warehouse, offer=offer, start=dropoff_start, note=_dropoff_note(offer))
    donation_emails.offer_received(offer, booking)
    return offer, booking


def _unique_slug(name):
    base = german_slugify(name, max_length=40) or "verein"
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


def submit_co_use(*, form):
    """Save the application from a valid CoUseApplicationForm; confirm to the applicant, tell the unit."""
    with transaction.atomic():
        application = form.save()
        co_use_emails.co_use_received(application)
        co_use_emails.co_use_to_unit(application)
    return application


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("account:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


class CoUseError(Exception):
    """A co-use application cannot be decided as asked; the message is for staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _lock_new_application(application):
    """The application, locked and read again, if it still waits for a decision; CoUseError otherwise."""
    current = CoUseApplication.objects.select_for_update().get(pk=application.pk)
    if current.status == CoUseApplication.Status.APPROVED:
        raise CoUseError(_("Dieser Antrag wurde inzwischen angenommen."))
    if current.status == CoUseApplication.Status.DECLINED:
        raise CoUseError(_("Dieser Antrag wurde inzwischen abgelehnt."))
    return current


def _name_key(name):
    return " ".join(name.split()).casefold()


def _association_named(name):
    # Compared in Python: SQLite's iexact folds ASCII letters only ("Ü" ≠ "ü"), and the table is small.
    key = _name_key(name)
    return next((a for a in Association.objects.only("name") if _name_key(a.name) == key), None)


def _new_co_user_association(application):
    existing = _association_named(application.association_name)
    if existing is not None:
        raise CoUseError(_(
            "Einen Verein „%(name)s“ gibt es schon. Wählen Sie ihn unter „einem bestehenden Verein zuordnen“, "
            "wenn die Person zu ihm gehört, oder ändern Sie den Namen im Antrag."
        ) % {"name": existing.name})
    try:
        with transaction.atomic():
            # The applicant's own details and what they want to store stay internal; the public page gets
            # only the contact details they agreed to publish. Their manager writes the summary later.
            return Association.objects.create(
                name=application.association_name, slug=_unique_slug(application.association_name),
                contact_name=application.contact_name, email=application.email, phone=application.phone,
                warehouse_role=Association.WarehouseRole.CO_USER, **application.public_details(),
            )
    except IntegrityError:
        # Another request created a Verein of that name since the check above.
        raise CoUseError(_(
            "Einen Verein „%(name)s“ gibt es inzwischen. Bitte prüfen Sie den Antrag noch einmal."
        ) % {"name": application.association_name}) from None


def _existing_co_user_association(association):
    association = Association.objects.select_for_update().get(pk=association.pk)
    if association.warehouse_role == Association.WarehouseRole.NONE:
        association.warehouse_role = Association.WarehouseRole.CO_USER
        association.save(update_fields=["warehouse_role"])
    return association


def account_for(email, name=""):
    """The user with this address, or a new one without a password in the group Verein; (user, is_new)."""
    user = get_user_model().objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user, False
    user = get_user_model().objects.create_user(username=_unique_username(email), email=email, first_name=name[:150])
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=MEMBER_GROUP)[0])
    return user, True


def approve_co_use(application, *, by):
    """Approve once, whoever clicks: a Verein as co-user, an account for the contact person, one e-mail.

    Without a choice by staff a new Verein is created and the applicant manages it; a name that
    already exists is refused, as the applicant might only claim it. When staff chose an existing
    Verein (`join_association`), the applicant joins it as a plain member. An existing membership
    keeps its role. A new user gets a link to set a password; an existing one is told to log in.
    Raises CoUseError when the application has moved on or the name is taken.
    """
    with transaction.atomic():
        application = _lock_new_application(application)
        if application.join_association_id is None:
            association, role = _new_co_user_association(application), Membership.Role.MANAGER
        else:
            association, role = _existing_co_user_association(application.join_association), Membership.Role.MEMBER
        user, new_user = account_for(application.email, application.contact_name)
        Membership.objects.get_or_create(user=user, association=association, defaults={"role": role})
        application.status = CoUseApplication.Status.APPROVED
        application.association = association
        application.decided_by = by
        application.decided_at = timezone.now()
        application._history_user = by
        application.save(update_fields=["status", "association", "decided_by", "decided_at"])
        # In the transaction: the mail outbox stores it with the approval, or not at all.
        co_use_emails.co_use_approved(
            application, user=user, set_password_url=set_password_url(user) if new_user else ""
        )
    return application


def decline_co_use(application, *, by):
    """Decline once, whoever clicks, and tell the applicant; CoUseError when it has moved on."""
    with transaction.atomic():
        application = _lock_new_application(application)
        application.status = CoUseApplication.Status.DECLINED
        application.decided_by = by
        application.decided_at = timezone.now()
        application._history_user = by
        application.save(update_fields=["status", "decided_by", "decided_at"])
        co_use_emails.co_use_declined(application)
    return application
