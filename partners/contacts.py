"""Contacts at partner institutions abroad and their personal links (no account, no password).

A link's token is never stored. It is an HMAC of a random nonce under the SECRET_KEY; the database
keeps the nonce and the token's SHA-256 for the lookup. So a leaked database opens no link, while the
portal can still show a link again (the packing list's QR code, a second mail) without making a new one.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import PartnerCity


class Language(models.TextChoices):
    DE = "de", _("Deutsch")
    EN = "en", _("Englisch")
    UK = "uk", _("Ukrainisch")
    TR = "tr", _("Türkisch")


class PartnerContactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class PartnerContact(models.Model):
    """A person at an institution of a partner city (or of a region in crisis, named in `region`)."""

    partner_city = models.ForeignKey(
        PartnerCity, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("Partnerstadt")
    )
    region = models.CharField(
        _("Ort oder Region"), max_length=150, blank=True,
        help_text=_("Nur, wenn die Einrichtung nicht in der Partnerstadt selbst liegt, z. B. Provinz Hatay."),
    )
    institution = models.CharField(
        _("Einrichtung"), max_length=200, help_text=_("z. B. Stadtverwaltung, Krankenhaus Nr. 1")
    )
    person = models.CharField(_("Ansprechperson"), max_length=150)
    email = models.EmailField(_("E-Mail"))
    language = models.CharField(_("Sprache"), max_length=2, choices=Language.choices, default=Language.DE)
    is_active = models.BooleanField(_("aktiv"), default=True)
    note = models.CharField(_("interne Notiz"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PartnerContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kontakt in einer Partnereinrichtung")
        verbose_name_plural = _("Kontakte in Partnereinrichtungen")
        ordering = ["partner_city__name", "institution", "person"]

    def __str__(self):
        return f"{self.person}, {self.institution} ({self.partner_city})"

    @property
    def place_label(self):
        return self.region or self.partner_city.name


def _token_for(nonce):
    return salted_hmac("partners.PartnerLink", nonce, algorithm="sha256").hexdigest()


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class PartnerLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PartnerLink(models.Model):
    """A personal secret link: for sending needs lists, or for confirming the arrival of one shipment.

    Which shipment a shipment link opens is kept by the donations app (ShipmentReceipt.link), as
    relations point down the layers.
    """

    class Purpose(models.TextChoices):
        NEEDS = "needs", _("Bedarfslisten senden")
        SHIPMENT = "shipment", _("Empfang einer Lieferung bestätigen")

    VALID_DAYS = {Purpose.NEEDS: 180, Purpose.SHIPMENT: 120}

    contact = models.ForeignKey(
        PartnerContact, on_delete=models.CASCADE, related_name="links", verbose_name=_("Kontakt")
    )
    purpose = models.CharField(_("Zweck"), max_length=10, choices=Purpose.choices)
    nonce = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("erstellt von"),
    )
    expires_at = models.DateTimeField(_("gültig bis"))
    revoked_at = models.DateTimeField(_("gesperrt am"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("gesperrt von"),
    )
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    objects = PartnerLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("persönlicher Link")
        verbose_name_plural = _("persönliche Links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.contact}"

    @classmethod
    def issue(cls, *, contact, purpose, by=None, now=None):
        now = now or timezone.now()
        nonce = secrets.token_hex(32)
        return cls.objects.create(
            contact=contact, purpose=purpose, nonce=nonce, token_hash=token_hash(_token_for(nonce)), created_by=by,
            expires_at=now + datetime.timedelta(days=cls.VALID_DAYS[purpose]),
        )

    @property
    def token(self):
        return _token_for(self.nonce)

    def is_usable(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @classmethod
    def find(cls, token, *, purpose):
        """The usable link of this purpose with this token, or None (also for a revoked or expired one)."""
        if not token or len(token) > 128:
            return None
        return cls.objects.usable().select_related("contact__partner_city").filter(
            token_hash=token_hash(token), purpose=purpose
        ).first()

    def revoke(self, *, by):
        """Stop the link at once; a second click changes nothing."""
        with transaction.atomic():
            changed = PartnerLink.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_by=by
            )
        self.refresh_from_db(fields=["revoked_at", "revoked_by"])
        return bool(changed)

    def record_access(self, *, client_address, method, page):
        now = timezone.now()
        PartnerLinkAccess.objects.create(link=self, at=now, client_address=client_address or None, method=method,
                                         page=page[:50])
        PartnerLink.objects.filter(pk=self.pk).update(last_used_at=now)


class PartnerLinkAccess(models.Model):
    """One use of a link: when, from which address, which page (never the token)."""

    link = models.ForeignKey(PartnerLink, on_delete=models.CASCADE, related_name="accesses")
    at = models.DateTimeField(_("Zeitpunkt"))
    client_address = models.GenericIPAddressField(_("Adresse"), null=True, blank=True)
    method = models.CharField(_("Methode"), max_length=8)
    page = models.CharField(_("Seite"), max_length=50)

    class Meta:
        verbose_name = _("Zugriff")
        verbose_name_plural = _("Zugriffe")
        ordering = ["-at"]
        indexes = [models.Index(fields=["link", "-at"], name="partner_link_access_idx")]

    def __str__(self):
        return f"{date_format(timezone.localtime(self.at), 'SHORT_DATETIME_FORMAT')} {self.client_address or ''}"
