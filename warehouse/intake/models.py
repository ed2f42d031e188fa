"""Applications from associations to co-use the harbour hall."""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Association


def _new_reference():
    return "MN-" + secrets.token_hex(3).upper()


class CoUseApplicationQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(status=CoUseApplication.Status.NEW)


class CoUseApplication(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("jede Woche")
        MONTHLY = "monthly", _("etwa einmal im Monat")
        OCCASIONALLY = "occasionally", _("gelegentlich, bei Hilfsaktionen")

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        APPROVED = "approved", _("angenommen")
        DECLINED = "declined", _("abgelehnt")

    reference = models.CharField(_("Vorgangsnummer"), max_length=20, unique=True, default=_new_reference)
    association_name = models.CharField(_("Name des Vereins"), max_length=150)
    contact_name = models.CharField(_("Ansprechperson"), max_length=150)
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    goods = models.TextField(_("Was möchten Sie lagern?"), max_length=2000, validators=[MaxLengthValidator(2000)])
    frequency = models.CharField(_("Wie oft brauchen Sie die Halle?"), max_length=20, choices=Frequency.choices)
    storage_need = models.CharField(_("Wie viel Platz brauchen Sie?"), max_length=200)
    # What the association agrees to show on its public page; the contact fields above stay internal.
    publish_contact = models.BooleanField(_("Diese Kontaktdaten dürfen öffentlich erscheinen"), default=False)
    public_contact = models.CharField(_("Ansprechperson oder Hinweis (öffentlich)"), max_length=200, blank=True)
    public_email = models.EmailField(_("E-Mail (öffentlich)"), blank=True)
    public_phone = models.CharField(_("Telefon (öffentlich)"), max_length=50, blank=True)
    public_website = models.URLField(_("Website (öffentlich)"), blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NEW)
    join_association = models.ForeignKey(
        Association, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("einem bestehenden Verein zuordnen"),
        help_text=_(
            "Nur wählen, wenn Sie geprüft haben, dass die Person zu diesem Verein gehört. Sie wird dann einfaches "
            "Mitglied. Leer lassen, um beim Annehmen einen neuen Verein anzulegen."
        ),
    )
    association = models.ForeignKey(
        Association, on_delete=models.SET_NULL, null=True, blank=True, related_name="co_use_applications",
        verbose_name=_("Verein"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    history = HistoricalRecords()

    objects = CoUseApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Antrag auf Mitnutzung")
        verbose_name_plural = _("Anträge auf Mitnutzung")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} {self.association_name}"

    PUBLIC_FIELDS = ("public_contact", "public_email", "public_phone", "public_website")

    def public_details(self):
        """The contact details the applicant agreed to publish, as Association fields; {} without consent."""
        if not self.publish_contact:
            return {}
        return {
            "public_contact": self.public_contact, "public_email": self.public_email,
            "public_phone": self.public_phone, "website": self.public_website,
        }
