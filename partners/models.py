from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

language_code_validator = RegexValidator(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", _("Bitte einen Sprachcode wie uk, zh oder sr-Latn eingeben.")
)


class PartnerCityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=PartnerCity.Status.ACTIVE)

    def partnership_counts(self):
        """{"city": twin and solidarity partnerships, "project": project partnerships}, in one query.

        The home page counts them apart: a project partnership (Bondo's water project) is not a city
        partnership, and the city's own list of its partner cities does not include them.
        """
        kind = PartnerCity.Kind
        return self.aggregate(
            city=models.Count("pk", filter=models.Q(kind__in=[kind.TWIN_CITY, kind.SOLIDARITY])),
            project=models.Count("pk", filter=models.Q(kind=kind.PROJECT)),
        )


class PartnerCity(models.Model):
    class Kind(models.TextChoices):
        TWIN_CITY = "twin", _("Städtepartnerschaft")
        SOLIDARITY = "solidarity", _("Solidaritätspartnerschaft")
        PROJECT = "project", _("Projektpartnerschaft")
        FRIENDSHIP = "friendship", _("Freundschaft")
        ORIGIN = "origin", _("Herkunftsstadt")

    class Status(models.TextChoices):
        ACTIVE = "active", _("aktiv")
        SUSPENDED = "suspended", _("ruht")

    name = models.CharField(_("Name (deutsch)"), max_length=100)
    local_name = models.CharField(
        _("Name in der Landessprache"), max_length=100, blank=True, help_text=_("z. B. Zhytomyr für Schytomyr")
    )
    local_name_lang = models.CharField(
        _("Sprache des Namens"), max_length=15, blank=True,
        validators=[language_code_validator],
        help_text=_("Sprachcode, z. B. uk, ru, zh, ar: So sprechen Vorleseprogramme den Namen richtig aus."),
    )
    slug = models.SlugField(_("Kurzname für die Adresse"), unique=True)
    country = CountryField(_("Land"))
    kind = models.CharField(_("Art der Partnerschaft"), max_length=20, choices=Kind.choices)
    since_year = models.PositiveSmallIntegerField(
        _("seit (Jahr)"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    since_date = models.DateField(_("seit (genaues Datum)"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_note = models.CharField(
        _("Hinweis zum Status"), max_length=200, blank=True, help_text=_("z. B. „ruht seit 2022“")
    )
    description = models.TextField(_("Beschreibung"), blank=True, help_text=_("Markdown ist erlaubt."))
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=8, decimal_places=5, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=8, decimal_places=5, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    to_verify = models.BooleanField(
        _("noch zu prüfen"), default=False, help_text=_("Angaben sind noch nicht bestätigt (z. B. Demodaten).")
    )
    verification_note = models.CharField(_("Was ist zu prüfen?"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = PartnerCityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Partnerstadt")
        verbose_name_plural = _("Partnerstädte")
        ordering = ["since_year", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:city-detail", args=[self.slug])

    @property
    def since_display(self):
        return self.since_date or self.since_year


class AssociationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def warehouse_users(self):
        return self.active().exclude(warehouse_role=Association.WarehouseRole.NONE)

    def warehouse_operator(self):
        """The association that runs the harbour hall (Grenzenlose Wärme), or None."""
        return self.active().filter(warehouse_role=Association.WarehouseRole.OPERATOR).first()


class Association(models.Model):
    class WarehouseRole(models.TextChoices):
        NONE = "none", _("nutzt die Lagerhalle nicht")
        OPERATOR = "operator", _("betreibt die Lagerhalle")
        CO_USER = "co_user", _("nutzt die Lagerhalle mit")

    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(_("Kurzname für die Adresse"), unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, help_text=_("Markdown ist erlaubt."))
    # Internal: for the unit and the warehouse, never shown on a public page.
    contact_name = models.CharField(_("Ansprechperson (intern)"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail (intern)"), blank=True)
    phone = models.CharField(_("Telefon (intern)"), max_length=50, blank=True)
    # Public: only what the association agreed to publish.
    public_contact = models.CharField(
        _("Ansprechperson oder Hinweis (öffentlich)"), max_length=200, blank=True,
        help_text=_("z. B. ein Name oder „Sprechzeit dienstags 10–12 Uhr“"),
    )
    public_email = models.EmailField(_("E-Mail (öffentlich)"), blank=True)
    public_phone = models.CharField(_("Telefon (öffentlich)"), max_length=50, blank=True)
    website = models.URLField(_("Website (öffentlich)"), blank=True)
    warehouse_role = models.CharField(
        _("Lagerhalle"), max_length=20, choices=WarehouseRole.choices, default=WarehouseRole.NONE
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="associations", blank=True
    )
    history = HistoricalRecords()

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Verein")
        verbose_name_plural = _("Vereine")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:association-detail", args=[self.slug])

    @property
    def uses_warehouse(self):
        return self.warehouse_role != self.WarehouseRole.NONE

    @property
    def has_public_contact(self):
        return bool(self.public_contact or self.public_email or self.public_phone or self.website)


class MembershipQuerySet(models.QuerySet):
    def managers(self):
        return self.filter(role=Membership.Role.MANAGER)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Mitglied")
        MANAGER = "manager", _("Verantwortliche*r")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Person")
    )
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Verein")
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [models.UniqueConstraint(fields=["user", "association"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} – {self.association}"


# Contacts and their links live in their own module; imported here so Django finds the models.
from partners.contacts import PartnerContact, PartnerLink, PartnerLinkAccess  # noqa: E402, F401
