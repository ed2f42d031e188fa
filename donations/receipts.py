"""The recipient's confirmation of a shipment: what arrived per line, in what condition, and a photo
of the signed delivery note; and the personal link that leads the recipient's contact there.

Confirming moves the shipment to "delivered", a warehouse workflow (warehouse/stock/receipts.py);
this module keeps the data and the link.
"""

import datetime
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from donations.models import Shipment, ShipmentLine
from partners.contacts import PartnerLink
from partners.links import link_url, send_to_contact

CORRECTION_DAYS = 14
MAX_PHOTO_BYTES = 5 * 1024 * 1024


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files only staff may see: under PRIVATE_MEDIA_ROOT, outside the media served to the public, with no
    URL; a staff view streams them. The folder is read at each use, so tests can point it elsewhere."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; staff open them through partner:staff-delivery-note.")


def delivery_note_path(receipt, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"lieferscheine/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


def validate_photo_size(photo):
    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("Das Foto darf höchstens 5 MB groß sein."))


class ShipmentReceiptQuerySet(models.QuerySet):
    def with_differences(self):
        """Confirmed receipts where some line arrived short, over or damaged."""
        return self.filter(confirmed_at__isnull=False).filter(
            models.Q(lines__received_quantity__lt=models.F("lines__line__quantity"))
            | models.Q(lines__received_quantity__gt=models.F("lines__line__quantity"))
            | ~models.Q(lines__condition=ReceiptLine.Condition.GOOD)
        ).distinct()

    def recent_differences(self, days=30):
        """For /intern/: receipts confirmed in the last `days` days that report a difference, newest first."""
        since = timezone.now() - datetime.timedelta(days=days)
        lines = ReceiptLine.objects.select_related("line__item").order_by("line_id")
        return (
            self.with_differences().filter(models.Q(confirmed_at__gte=since) | models.Q(corrected_at__gte=since))
            .select_related("shipment__destination_city").prefetch_related(models.Prefetch("lines", queryset=lines))
            .order_by("-confirmed_at")
        )


class ShipmentReceipt(models.Model):
    shipment = models.OneToOneField(Shipment, on_delete=models.CASCADE, related_name="receipt")
    link = models.ForeignKey(
        PartnerLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="receipts",
        verbose_name=_("Link"), help_text=_("Der Link, mit dem die Empfänger den Empfang bestätigen."),
    )
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("zuletzt korrigiert am"), null=True, blank=True)
    confirmed_by = models.CharField(_("bestätigt von"), max_length=200, blank=True)
    note = models.TextField(_("Hinweis der Empfänger"), max_length=2000, blank=True)
    delivery_note = models.ImageField(
        _("Foto des Lieferscheins"), upload_to=delivery_note_path, storage=PrivateStorage(), blank=True,
        validators=[validate_photo_size],
    )
    history = HistoricalRecords()

    objects = ShipmentReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("Empfangsbestätigung")
        verbose_name_plural = _("Empfangsbestätigungen")

    def __str__(self):
        return f"{self.shipment.reference}"

    def can_be_corrected(self, now=None):
        """A confirmation may be corrected for 14 days; an unconfirmed receipt may always be confirmed."""
        if self.confirmed_at is None:
            return True
        return (now or timezone.now()) <= self.confirmed_at + datetime.timedelta(days=CORRECTION_DAYS)

    @property
    def correctable_until(self):
        return self.confirmed_at + datetime.timedelta(days=CORRECTION_DAYS) if self.confirmed_at else None


class ReceiptLine(models.Model):
    class Condition(models.TextChoices):
        GOOD = "good", _("in Ordnung")
        DAMAGED = "damaged", _("beschädigt")
        UNUSABLE = "unusable", _("unbrauchbar")

    receipt = models.ForeignKey(ShipmentReceipt, on_delete=models.CASCADE, related_name="lines")
    line = models.OneToOneField(ShipmentLine, on_delete=models.CASCADE, related_name="receipt_line")
    received_quantity = models.PositiveIntegerField(_("angekommen"))
    condition = models.CharField(_("Zustand"), max_length=10, choices=Condition.choices, default=Condition.GOOD)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Position der Empfangsbestätigung")
        verbose_name_plural = _("Positionen der Empfangsbestätigung")
        ordering = ["line_id"]

    def __str__(self):
        return f"{self.line}: {self.received_quantity}"

    @property
    def differs(self):
        return self.received_quantity != self.line.quantity or self.condition != self.Condition.GOOD


def receipt_link(shipment, *, by=None):
    """The shipment's usable link for its recipient contact, made if there is none; None without a contact.

    The packing list and the dispatch mail share it, so the QR code on paper and the link in the mail
    open the same page. Locked, so two printouts at once make one link.
    """
    if not shipment.recipient_contact_id:
        return None
    with transaction.atomic():
        receipt, _created = ShipmentReceipt.objects.get_or_create(shipment=shipment)
        receipt = ShipmentReceipt.objects.select_for_update(of=("self",)).select_related("link").get(pk=receipt.pk)
        link = receipt.link
        if link is None or not link.is_usable() or link.contact_id != shipment.recipient_contact_id:
            link = PartnerLink.issue(contact=shipment.recipient_contact, purpose=PartnerLink.Purpose.SHIPMENT, by=by)
            receipt.link = link
            receipt._history_user = by
            receipt.save(update_fields=["link"])
    return link


def send_receipt_link(shipment, *, by=None):
    """Mail the recipient contact the link to confirm what arrived (on dispatch); False without a contact."""
    shipment = Shipment.objects.select_related("recipient_contact__partner_city").get(pk=shipment.pk)
    link = receipt_link(shipment, by=by)
    if link is None:
        return False
    return send_to_contact(
        shipment.recipient_contact, subject=_("Lieferung %(reference)s ist unterwegs: bitte Empfang bestätigen"),
        subject_params={"reference": shipment.reference},
        template="donations/partner/email/shipment_link.txt",
        context={"shipment": shipment, "link": link, "url": link_url(link, "partner:receipt")},
    )


def shipment_for_link(link):
    """The shipment a shipment link opens (only the one whose receipt names this link), or None."""
    receipt = ShipmentReceipt.objects.select_related(
        "shipment__destination_city", "shipment__recipient_contact"
    ).filter(link=link).first()
    return receipt.shipment if receipt else None
