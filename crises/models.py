from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.models import PartnerCity

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
