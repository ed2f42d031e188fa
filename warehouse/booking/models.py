"""The harbour warehouse: its rules, loading bays, bookings, blocked times and calendar feeds.

All times are aware datetimes; the database stores UTC and the rules (opening hours, days, weeks)
are read in Europe/Berlin. Arithmetic on durations is done in UTC so a booking across a change to
or from summer time has its real length.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Association

UTC = datetime.UTC


class Warehouse(models.Model):
    name = models.CharField(_("Name"), max_length=150)
    address = models.TextField(_("Adresse"))
    operator = models.ForeignKey(
        Association, on_delete=models.PROTECT, null=True, blank=True, related_name="operated_warehouses",
        verbose_name=_("Betreiber"),
    )
    notification_email = models.EmailField(
        _("E-Mail für neue Anfragen"), blank=True,
        help_text=_("Hierhin gehen neue Buchungsanfragen, zusätzlich an alle Personen der Gruppe Lagerbetrieb."),
    )
    demo_values = models.BooleanField(
        _("Demowerte"), default=False,
        help_text=_("Adresse, Tore und Zeiten sind Beispielwerte und müssen noch geprüft werden."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("Zeitraster (Minuten)"), default=30, help_text=_("Buchungen beginnen und enden in diesem Raster.")
    )
    min_booking_minutes = models.PositiveSmallIntegerField(_("kürzeste Buchung (Minuten)"), default=30)
    max_booking_minutes = models.PositiveSmallIntegerField(_("längste Buchung (Minuten)"), default=240)
    booking_horizon_days = models.PositiveSmallIntegerField(
        _("so weit im Voraus buchbar (Tage)"), default=28
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("Vorlauf mindestens (Stunden)"), default=24,
        help_text=_("So viele Stunden vor Beginn muss eine Buchung spätestens eingehen."),
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("Pause zwischen zwei Buchungen eines Tores (Minuten)"), default=0
    )
    weekly_quota_hours = models.PositiveSmallIntegerField(
        _("Stunden pro Verein und Woche"), null=True, blank=True,
        help_text=_(
            "Leer lassen für keine Grenze. Es zählen angefragte und bestätigte Buchungen; "
            "Abgabewünsche aus dem Spendenformular erst, wenn sie bestätigt sind."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Lagerhalle")
        verbose_name_plural = _("Lagerhallen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.slot_minutes == 0:
            raise ValidationError({"slot_minutes": _("Das Zeitraster muss mindestens eine Minute lang sein.")})
        errors = {}
        for field in ("min_booking_minutes", "max_booking_minutes"):
            if getattr(self, field) % self.slot_minutes:
                errors[field] = _("Bitte ein Vielfaches des Zeitrasters angeben.")
        if self.min_booking_minutes > self.max_booking_minutes:
            errors["max_booking_minutes"] = _("Die längste Buchung darf nicht kürzer als die kürzeste sein.")
        if errors:
            raise ValidationError(errors)

    @property
    def slot(self):
        return datetime.timedelta(minutes=self.slot_minutes)

    @property
    def buffer(self):
        return datetime.timedelta(minutes=self.buffer_minutes)

    def duration_choices(self):
        """Lengths a booking may have, as minutes."""
        return list(range(self.min_booking_minutes, self.max_booking_minutes + 1, self.slot_minutes))

    def opening_periods(self, day, opening_hours=None):
        """The day's opening periods as (start, end) in UTC, or [] on a closed day or weekday.

        `opening_hours` may be passed in (prefetched rows) to avoid a query per day.
        """
        rows = opening_hours if opening_hours is not None else list(self.opening_hours.all())
        tz = timezone.get_default_timezone()
        periods = []
        for row in rows:
            if row.weekday != day.weekday():
                continue
            opens = datetime.datetime.combine(day, row.opens, tzinfo=tz).astimezone(UTC)
            closes = datetime.datetime.combine(day, row.closes, tzinfo=tz).astimezone(UTC)
            periods.append((opens, closes))
        return sorted(periods)


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Montag")
        TUESDAY = 1, _("Dienstag")
        WEDNESDAY = 2, _("Mittwoch")
        THURSDAY = 3, _("Donnerstag")
        FRIDAY = 4, _("Freitag")
        SATURDAY = 5, _("Samstag")
        SUNDAY = 6, _("Sonntag")

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    opens = models.TimeField(_("öffnet um"))
    closes = models.TimeField(_("schließt um"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="opening_hours_closes_after_opens"),
        ]

    def __str__(self):
        opens, closes = time_format(self.opens, "TIME_FORMAT"), time_format(self.closes, "TIME_FORMAT")
        return f"{self.get_weekday_display()} {opens}–{closes}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("Die Halle muss nach dem Öffnen schließen.")})


class ClosedDay(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField(_("Datum"))
    reason = models.CharField(_("Grund"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Schließtag")
        verbose_name_plural = _("Schließtage")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "date"], name="unique_closed_day")]

    def __str__(self):
        return f"{date_format(self.date, 'SHORT_DATE_FORMAT')}: {self.reason}"


class LoadingBayQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class LoadingBay(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="bays")
    name = models.CharField(_("Name"), max_length=100)
    description = models.CharField(_("Beschreibung"), max_length=200, blank=True)
    auto_confirm = models.BooleanField(
        _("bestätigt automatisch"), default=False,
        help_text=_("Buchungen an diesem Tor sind sofort bestätigt, wenn sie alle Regeln einhalten."),
    )
    is_active = models.BooleanField(_("buchbar"), default=True)
    history = HistoricalRecords()

    objects = LoadingBayQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ladezone")
        verbose_name_plural = _("Ladezonen")
        ordering = ["warehouse", "name"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "name"], name="unique_bay_name")]

    def __str__(self):
        return self.name


class BookingQuerySet(models.QuerySet):
    def active(self):
        """Bookings that hold their time: requested or confirmed."""
        return self.filter(status__in=Booking.ACTIVE_STATUSES)

    def for_associations(self, associations):
        return self.filter(association__in=associations)

    def open_public_dropoffs(self):
        """Drop-off wishes from the public offer form that the operator has not decided yet."""
        return self.filter(status=Booking.Status.REQUESTED, donation_offer__isnull=False)

    def counting_towards_quota(self):
        """Bookings that use up an association's weekly hours: active ones, but not an undecided
        public drop-off wish, which anyone can send and so must not spend the operator's hours."""
        return self.active().exclude(status=Booking.Status.REQUESTED, donation_offer__isnull=False)

    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lte=now or timezone.now()).order_by("-start")

    def to_decide(self):
        """Requests waiting for the operator, the soonest booked time first: it must be decided first,
        however late it was asked for."""
        return self.filter(status=Booking.Status.REQUESTED).order_by("start", "pk")

    def overlapping(self, start, end):
        return self.filter(start__lt=end, end__gt=start)

    def with_details(self):
        return self.select_related("association", "bay", "bay__warehouse")


class Booking(models.Model):
    class Purpose(models.TextChoices):
        DELIVER = "deliver", _("Waren anliefern")
        COLLECT = "collect", _("Waren abholen")
        LOAD_SHIPMENT = "load_shipment", _("Hilfslieferung verladen")
        SORT_PACK = "sort_pack", _("Sortieren und packen")
        DONATION_DROPOFF = "donation_dropoff", _("Sachspende abgeben")
        OTHER = "other", _("Sonstiges")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("angefragt")
        CONFIRMED = "confirmed", _("bestätigt")
        DECLINED = "declined", _("abgelehnt")
        CANCELLED = "cancelled", _("abgesagt")

    ACTIVE_STATUSES = (Status.REQUESTED, Status.CONFIRMED)

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("Verein")
    )
    bay = models.ForeignKey(LoadingBay, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("Ladezone"))
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    purpose = models.CharField(_("Zweck"), max_length=20, choices=Purpose.choices)
    note = models.TextField(_("Hinweis"), blank=True)
    donation_offer = models.ForeignKey(
        "donations.DonationOffer", on_delete=models.SET_NULL, null=True, blank=True, related_name="dropoff_bookings",
        verbose_name=_("Spendenangebot"), help_text=_("Bei einer Sachspende-Abgabe: das Angebot dazu."),
    )
    action = models.ForeignKey(
        "crises.AidAction", on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings",
        verbose_name=_("Hilfsaktion"), help_text=_("Zum Beispiel der Ladetag einer Hilfsaktion."),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    decline_reason = models.TextField(_("Grund der Ablehnung oder Absage"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("gebucht von"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("abgesagt von"),
    )
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung verschickt am"), null=True, blank=True)
    # iCalendar SEQUENCE: calendar apps replace an event only when this number grows.
    sequence = models.PositiveIntegerField(_("Version"), default=0, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["bay", "start"]),
            models.Index(fields=["status", "created_at"]),
            # The admin list and its date hierarchy, ordered by start.
            models.Index(fields=["start"], name="booking_start_idx"),
            # An association's bookings by start (its area, its calendar feed) and the admin filtered by it.
            models.Index(fields=["association", "start"], name="booking_association_start_idx"),
            # A bay's bookings overlapping a week (Schedule.load): "ends after the week starts" is the
            # selective side once years of bookings lie in the past; (bay, start) reads all of them.
            models.Index(fields=["bay", "end"], name="booking_bay_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="booking_ends_after_start"),
        ]
        # On PostgreSQL an exclusion constraint (migration 0002) keeps active bookings of a bay apart.

    def __str__(self):
        return f"{self.bay} {date_format(timezone.localtime(self.start), 'SHORT_DATETIME_FORMAT')}, {self.association}"

    def get_absolute_url(self):
        return reverse("warehouse:booking-detail", args=[self.pk])

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def duration(self):
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    def has_started(self, now=None):
        return self.start <= (now or timezone.now())

    def can_be_cancelled(self, now=None):
        return self.is_active and not self.has_started(now)

    def can_be_changed(self, now=None):
        return self.status == self.Status.REQUESTED and not self.has_started(now)

    def can_be_decided(self, now=None):
        return self.status == self.Status.REQUESTED and not self.has_started(now)

    def confirm(self, *, by):
        if self.status != self.Status.REQUESTED:
            raise ValidationError(_("Nur angefragte Buchungen können bestätigt werden."))
        self.status = self.Status.CONFIRMED
        self._decided(by)

    def decline(self, *, by, reason):
        if self.status != self.Status.REQUESTED:
            raise ValidationError(_("Nur angefragte Buchungen können abgelehnt werden."))
        if not reason.strip():
            raise ValidationError({"reason": _("Bitte geben Sie einen Grund an.")})
        self.status = self.Status.DECLINED
        self.decline_reason = reason.strip()
        self._decided(by)

    def cancel(self, *, by, reason=""):
        # Whether a member may still cancel (not after the start) is the service's rule; the
        # operator may release a running booking when blocking its bay.
        if not self.is_active:
            raise ValidationError(_("Diese Buchung ist nicht mehr aktiv."))
        self.status = self.Status.CANCELLED
        self.decline_reason = reason.strip()
        self.cancelled_by = by
        self.cancelled_at = timezone.now()
        self.sequence += 1
        self.save()

    def _decided(self, by):
        self.decided_by = by
        self.decided_at = timezone.now()
        self.sequence += 1
        self.save()


class BlockedTimeQuerySet(models.QuerySet):
    def for_bay(self, bay):
        """Blocks of this bay and of the whole warehouse it belongs to."""
        return self.filter(warehouse_id=bay.warehouse_id).filter(Q(bay__isnull=True) | Q(bay=bay))

    def overlapping(self, start, end):
        return self.filter(start__lt=end, end__gt=start)

    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now()).order_by("start")


class BlockedTime(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="blocked_times")
    bay = models.ForeignKey(
        LoadingBay, on_delete=models.CASCADE, null=True, blank=True, related_name="blocked_times",
        verbose_name=_("Ladezone"), help_text=_("Leer lassen, um die ganze Halle zu sperren."),
    )
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    reason = models.CharField(_("Grund"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    history = HistoricalRecords()

    objects = BlockedTimeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sperrzeit")
        verbose_name_plural = _("Sperrzeiten")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="blocked_time_ends_after_start"),
        ]

    def __str__(self):
        start = date_format(timezone.localtime(self.start), "SHORT_DATETIME_FORMAT")
        return f"{self.scope_label}: {start}, {self.reason}"

    @property
    def scope_label(self):
        return str(self.bay) if self.bay_id else _("ganze Halle")


def _new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of an association's booking calendar; renewing it locks out the old one."""

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("Verein")
    )
    token = models.CharField(_("Schlüssel"), max_length=64, unique=True, default=_new_token)
    renewed_at = models.DateTimeField(_("erneuert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self):
        return str(self.association)

    def get_absolute_url(self):
        return reverse("warehouse:calendar-feed", args=[self.token])

    @classmethod
    def create_for(cls, association):
        """The association's feed, created if it has none: (feed, created).

        Two members may press the button at once; get_or_create takes the row the other request
        created when the unique association refuses a second one.
        """
        return cls.objects.get_or_create(association=association)

    def renew(self):
        """A new secret address; the row is locked, so parallel renewals end with the token saved last."""
        with transaction.atomic():
            feed = CalendarFeed.objects.select_for_update().get(pk=self.pk)
            feed.token = _new_token()
            feed.renewed_at = timezone.now()
            feed.save(update_fields=["token", "renewed_at"])
        self.token, self.renewed_at = feed.token, feed.renewed_at
