import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.languages import language_field
from partners.models import Association, PartnerCity

glide_validator = RegexValidator(
    r"^[A-Z]{2}-\d{4}-\d{6}-[A-Z]{3}$",
    _("Eine GLIDE-Nummer sieht so aus: EQ-2023-000015-TUR."),
)


class CrisisQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Crisis.Status.ACTIVE)

    def current(self):
        """Crises the unit still works on or watches, newest first."""
        return self.exclude(status=Crisis.Status.CLOSED).order_by("-started_on")


class Crisis(models.Model):
    class Category(models.TextChoices):
        MAN_MADE = "man_made", _("Von Menschen verursacht")
        NATURAL = "natural", _("Naturgefahr")
        COMPLEX = "complex", _("Komplexe Notlage")

    class HazardType(models.TextChoices):
        ACCIDENT = "accident", _("Unglück (Zug, Bus, Flugzeug)")
        CYBER_ATTACK = "cyber_attack", _("Cyberangriff")
        ARMED_CONFLICT = "armed_conflict", _("Krieg oder bewaffneter Konflikt")
        FLOOD = "flood", _("Hochwasser")
        STORM = "storm", _("Sturm")
        WILDFIRE = "wildfire", _("Vegetationsbrand")
        EARTHQUAKE = "earthquake", _("Erdbeben")
        DISPLACEMENT = "displacement", _("Vertreibung im eigenen Land")
        OTHER = "other", _("Sonstiges")

    class Status(models.TextChoices):
        ACTIVE = "active", _("aktiv")
        MONITORING = "monitoring", _("beobachtet")
        CLOSED = "closed", _("abgeschlossen")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname für die Adresse"), unique=True)
    summary = models.CharField(_("Kurzfassung"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=_("Markdown ist erlaubt."))
    category = models.CharField(_("Kategorie"), max_length=20, choices=Category.choices)
    hazard_type = models.CharField(_("Art der Gefahr"), max_length=20, choices=HazardType.choices)
    countries = CountryField(_("Länder"), multiple=True)
    affected_partner_cities = models.ManyToManyField(
        PartnerCity, through="AffectedPartnerCity", related_name="crises", blank=True,
        verbose_name=_("betroffene Partnerstädte"),
    )
    residents_origin = models.BooleanField(
        _("Herkunftsregion vieler Dortmunder*innen"), default=False,
        help_text=_("Viele Menschen in Dortmund stammen aus der betroffenen Region."),
    )
    direct_impact = models.BooleanField(
        _("Dortmund direkt betroffen"), default=False, help_text=_("Das Ereignis betrifft Dortmund unmittelbar.")
    )
    dortmund_link = models.TextField(
        _("Bezug zu Dortmund"), blank=True, help_text=_("Warum Dortmund hilft, in ein bis drei Sätzen.")
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField(_("Beginn"))
    ended_on = models.DateField(_("Ende"), null=True, blank=True)
    glide_number = models.CharField(
        _("GLIDE-Nummer"), max_length=20, blank=True, validators=[glide_validator],
        help_text=_("Optional, z. B. EQ-2023-000015-TUR"),
    )
    history = HistoricalRecords()

    objects = CrisisQuerySet.as_manager()

    class Meta:
        verbose_name = _("Krise")
        verbose_name_plural = _("Krisen")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="crisis_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("crises:detail", args=[self.slug])

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("Das Ende darf nicht vor dem Beginn liegen.")})


class AffectedPartnerCity(models.Model):
    crisis = models.ForeignKey(Crisis, on_delete=models.CASCADE, verbose_name=_("Krise"))
    partner_city = models.ForeignKey(PartnerCity, on_delete=models.PROTECT, verbose_name=_("Partnerstadt"))
    note = models.CharField(_("Wie ist die Stadt betroffen?"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("betroffene Partnerstadt")
        verbose_name_plural = _("betroffene Partnerstädte")
        constraints = [
            models.UniqueConstraint(fields=["crisis", "partner_city"], name="unique_affected_partner_city")
        ]

    def __str__(self):
        return f"{self.partner_city} ({self.crisis})"


MAX_PHOTO_BYTES = 5 * 1024 * 1024


def validate_photo_size(photo):
    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("Das Foto darf höchstens 5 MB groß sein."))


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now()).order_by("-published_at")


class NewsPost(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname für die Adresse"), unique=True)
    teaser = models.CharField(_("Anrisstext"), max_length=300)
    body = models.TextField(_("Text"), help_text=_("Markdown ist erlaubt."))
    crisis = models.ForeignKey(
        Crisis, on_delete=models.SET_NULL, null=True, blank=True, related_name="news", verbose_name=_("Krise")
    )
    published_at = models.DateTimeField(
        _("veröffentlicht am"), null=True, blank=True, help_text=_("Leer lassen für einen Entwurf.")
    )
    photo = models.ImageField(
        _("Foto"), upload_to="news/%Y/", blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"]), validate_photo_size],
        help_text=_("JPEG, PNG oder WebP, höchstens 5 MB."),
    )
    photo_alt = models.CharField(
        _("Alternativtext zum Foto"), max_length=250, blank=True,
        help_text=_("Beschreibt, was auf dem Foto zu sehen ist. Pflicht, wenn ein Foto hochgeladen wird."),
    )
    history = HistoricalRecords()

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", args=[self.slug])

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("Bitte beschreiben Sie das Foto für Menschen, die es nicht sehen.")})


# --- Aid actions -----------------------------------------------------------------------------
# An action answers a crisis. Needs, shipments, procurement (donations) and warehouse bookings point
# down to it from the apps above; this app never imports them.

DEMO_HELP = _("Beispielwerte für die Vorführung. Vor dem echten Betrieb prüfen oder löschen.")


def scrub_history(row, fields):
    """Give every old version of `row` the row's current values of `fields` (after anonymising it)."""
    row.history.all().update(**{name: getattr(row, name) for name in fields})


class StateMoved(ValidationError):
    """A transition was refused because the row has moved on since the page was shown."""


class AidActionQuerySet(models.QuerySet):
    def public(self):
        """Actions citizens see: running or completed (planned ones are not announced yet)."""
        return self.filter(status__in=AidAction.PUBLIC_STATUSES)

    def for_association(self, associations):
        return self.filter(participants__association__in=associations).distinct()


class AidAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("läuft")
        COMPLETED = "completed", _("abgeschlossen")
        CANCELLED = "cancelled", _("abgesagt")

    PUBLIC_STATUSES = (Status.RUNNING, Status.COMPLETED)
    TRANSITIONS = {
        Status.PLANNED: (Status.RUNNING, Status.CANCELLED),
        Status.RUNNING: (Status.COMPLETED, Status.CANCELLED),
        Status.COMPLETED: (),
        Status.CANCELLED: (),
    }

    crisis = models.ForeignKey(Crisis, on_delete=models.PROTECT, related_name="actions", verbose_name=_("Krise"))
    partner_cities = models.ManyToManyField(
        PartnerCity, related_name="aid_actions", blank=True, verbose_name=_("Partnerstädte")
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname für die Adresse"), unique=True)
    summary = models.CharField(_("Kurzfassung"), max_length=300, help_text=_("Öffentlich: worum es geht."))
    goal = models.TextField(
        _("Ziel"), blank=True, help_text=_("Öffentlich: warum und was die Aktion erreichen soll. Markdown ist erlaubt.")
    )
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_aid_actions",
        limit_choices_to={"is_staff": True}, verbose_name=_("Leitung"),
    )
    budget = models.DecimalField(
        _("Budget (Euro)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    status_changed_at = models.DateTimeField(_("Status geändert am"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("Demodaten"), default=False, help_text=DEMO_HELP)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[partner_cities])

    objects = AidActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hilfsaktion")
        verbose_name_plural = _("Hilfsaktionen")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["status", "-starts_on"], name="aid_action_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="aid_action_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.slug])

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})

    def can_become(self, status):
        return status in self.TRANSITIONS[self.status]

    def next_statuses(self):
        return [(value, self.Status(value).label) for value in self.TRANSITIONS[self.status]]


class Participant(models.Model):
    """Who takes part: a city department, an association, a partner institution abroad or a company."""

    class Kind(models.TextChoices):
        CITY_DEPARTMENT = "city_department", _("Amt der Stadt")
        ASSOCIATION = "association", _("Verein")
        PARTNER_INSTITUTION = "partner_institution", _("Partnereinrichtung im Ausland")
        COMPANY = "company", _("Unternehmen")

    action = models.ForeignKey(AidAction, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, null=True, blank=True, related_name="aid_action_participations",
        verbose_name=_("Verein im Portal"), help_text=_("Nur bei einem Verein: seine Mitglieder sehen die Aktion."),
    )
    name = models.CharField(
        _("Name"), max_length=200, blank=True, help_text=_("Leer lassen, um den Vereinsnamen zu nehmen."),
    )
    role = models.CharField(_("Aufgabe in der Aktion"), max_length=200)
    contact_person = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beteiligte")
        verbose_name_plural = _("Beteiligte")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(association__isnull=False) | ~Q(name=""), name="participant_has_name"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name or (self.association.name if self.association_id else "")

    def clean(self):
        if not self.association_id and not self.name.strip():
            raise ValidationError({"name": _("Bitte geben Sie einen Namen an oder wählen Sie einen Verein.")})
        if self.association_id and self.kind and self.kind != self.Kind.ASSOCIATION:
            raise ValidationError({"association": _("Einen Verein im Portal gibt es nur bei der Art „Verein“.")})


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Task.Status.DONE)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def with_details(self):
        return self.select_related("action", "owner", "participant__association")


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("in Arbeit")
        DONE = "done", _("erledigt")

    action = models.ForeignKey(AidAction, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("Hilfsaktion"))
    title = models.CharField(_("Aufgabe"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="aid_tasks",
        verbose_name=_("zuständig"),
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks",
        verbose_name=_("übernimmt (Beteiligte)"),
        help_text=_("Ein beteiligter Verein sieht seine Aufgaben und kann sie als erledigt melden."),
    )
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(_("Notizen"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("erledigt von"),
    )
    history = HistoricalRecords()

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["due_on", "position", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="aid_task_owner_idx"),
            models.Index(fields=["status", "due_on"], name="aid_task_due_idx"),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        return self.status != self.Status.DONE and self.due_on is not None and self.due_on < (
            today or timezone.localdate()
        )

    def clean(self):
        if self.participant_id and self.action_id and self.participant.action_id != self.action_id:
            raise ValidationError({"participant": _("Diese Beteiligten gehören zu einer anderen Aktion.")})


class ChecklistTemplate(models.Model):
    """A list of tasks for a kind of action (e.g. relief convoy) that staff copy into a new action."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    description = models.CharField(_("Wofür?"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Checklisten-Vorlage")
        verbose_name_plural = _("Checklisten-Vorlagen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("Aufgabe"), max_length=200)
    notes = models.TextField(_("Hinweise"), blank=True)
    due_days = models.SmallIntegerField(
        _("fällig (Tage nach Beginn)"), null=True, blank=True,
        help_text=_("Negativ für Tage vor dem Beginn der Aktion; leer für kein Datum."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Punkt der Vorlage")
        verbose_name_plural = _("Punkte der Vorlage")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class AppealQuerySet(models.QuerySet):
    def open(self, today=None):
        return self.filter(status=Appeal.Status.OPEN, wanted_until__gte=today or timezone.localdate())

    def public(self):
        return self.filter(status__in=(Appeal.Status.OPEN, Appeal.Status.CLOSED))


class Appeal(models.Model):
    """The public side of an action: which goods are wanted, until when, how to hand them in."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        OPEN = "open", _("läuft")
        CLOSED = "closed", _("beendet")

    TRANSITIONS = {Status.DRAFT: (Status.OPEN,), Status.OPEN: (Status.CLOSED,), Status.CLOSED: ()}

    action = models.ForeignKey(
        AidAction, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("Hilfsaktion"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname für die Adresse"), unique=True)
    text = models.TextField(_("Aufruf"), help_text=_("Öffentlich. Markdown ist erlaubt."))
    wanted_until = models.DateField(_("gesucht bis"))
    hand_in = models.TextField(
        _("So geben Sie die Sachen ab"), help_text=_("Öffentlich: wo, wann und wie die Sachen abgegeben werden.")
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(_("gestartet am"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("beendet am"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("Spendenaufruf")
        verbose_name_plural = _("Spendenaufrufe")
        ordering = ["-wanted_until", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.action.slug]) + "#aufruf"

    def is_open(self, today=None):
        return self.status == self.Status.OPEN and self.wanted_until >= (today or timezone.localdate())


class VolunteerShiftQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(is_published=True, starts_at__gt=now or timezone.now()).order_by("starts_at")

    def with_taken(self):
        return self.annotate(
            taken=models.Count("signups", filter=Q(signups__cancelled_at__isnull=True), distinct=True)
        )


class VolunteerShift(models.Model):
    class Kind(models.TextChoices):
        LOADING = "loading", _("Verladen")
        SORTING = "sorting", _("Sortieren und packen")
        OTHER = "other", _("Sonstiges")

    action = models.ForeignKey(
        AidAction, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("Hilfsaktion"),
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200)
    description = models.TextField(_("Was ist zu tun?"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("Plätze"), validators=[MinValueValidator(1)])
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    history = HistoricalRecords()

    objects = VolunteerShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("Helfer-Schicht")
        verbose_name_plural = _("Helfer-Schichten")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="shift_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.title} {date_format(timezone.localtime(self.starts_at), 'SHORT_DATETIME_FORMAT')}"

    def get_absolute_url(self):
        return reverse("actions:shift-signup", args=[self.action.slug, self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})


def volunteer_retention_days():
    """Days after a shift until its volunteers' names and e-mails go; the same period as for donors."""
    return getattr(settings, "VOLUNTEER_ANONYMISE_AFTER_DAYS", settings.OFFER_ANONYMISE_AFTER_DAYS)


def new_signup_token():
    return secrets.token_urlsafe(24)


class ShiftSignupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)

    def due_for_anonymisation(self, now=None):
        """Sign-ups whose shift ended longer ago than the retention period."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=volunteer_retention_days())
        return self.filter(shift__ends_at__lte=cutoff, anonymised_at__isnull=True)


class ShiftSignup(models.Model):
    shift = models.ForeignKey(
        VolunteerShift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("Schicht"),
    )
    name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("E-Mail"))
    language = language_field()
    token = models.CharField(max_length=64, unique=True, default=new_signup_token, editable=False)
    created_at = models.DateTimeField(_("angemeldet am"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung verschickt am"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    # Anonymisation also removes name and e-mail from the old versions in this history. The cancel
    # token stays out of it: the history is shown to staff and exported to the person.
    history = HistoricalRecords(excluded_fields=["token"])

    objects = ShiftSignupQuerySet.as_manager()

    PERSONAL_FIELDS = ("name", "email")

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.name} ({self.shift})"

    def anonymise(self, now=None):
        self.name = str(_("anonymisiert"))
        self.email = "anonymisiert@invalid"
        self.anonymised_at = now or timezone.now()
        self.save(update_fields=[*self.PERSONAL_FIELDS, "anonymised_at"])
        scrub_history(self, self.PERSONAL_FIELDS)
