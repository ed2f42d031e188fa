"""The stock ledger: append-only movements and the current level per item and owning association.

Every change of stock is one or more `StockMovement` rows plus the matching change of `StockLevel`,
written in one transaction by warehouse.stock_services. Ledger rows are never changed or deleted:
a mistake is corrected by a new movement. The model refuses updates and deletes, the admin shows
the ledger read-only, and on PostgreSQL a trigger refuses them in the database as well.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from donations.models import Donation, Item, Shipment
from partners.models import Association

__all__ = ["StockLevel", "StockMovement", "Stocktake", "StocktakeCount"]


class LedgerIsAppendOnly(PermissionDenied):
    pass


class StockMovementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerIsAppendOnly("Stock movements cannot be changed; record a correcting movement.")

    def delete(self):
        raise LedgerIsAppendOnly("Stock movements cannot be deleted; record a correcting movement.")

    def for_associations(self, associations):
        return self.filter(association__in=associations)

    def with_details(self):
        return self.select_related("item", "association", "counterpart", "created_by", "donation", "shipment")


class StockMovement(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Eingang")
        DISPATCH = "dispatch", _("Ausgang (Lieferung)")
        TRANSFER = "transfer", _("Übertragung")
        ADJUSTMENT = "adjustment", _("Korrektur")
        COUNT = "count", _("Inventur")

    class Reason(models.TextChoices):
        LOST = "lost", _("verloren")
        FOUND = "found", _("gefunden")
        DAMAGED = "damaged", _("beschädigt")
        EXPIRED = "expired", _("abgelaufen")

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="stock_movements", verbose_name=_("Hilfsgut"))
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="stock_movements", verbose_name=_("Eigentümer")
    )
    quantity = models.IntegerField(_("Menge"), help_text=_("Positiv: Zugang, negativ: Abgang."))
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("Grund"), max_length=10, choices=Reason.choices, blank=True)
    note = models.CharField(_("Begründung"), max_length=300, blank=True)
    counterpart = models.ForeignKey(
        Association, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("anderer Verein"), help_text=_("Bei Übertragungen: von wem oder an wen."),
    )
    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, null=True, blank=True, related_name="stock_movements",
        verbose_name=_("Sachspende"),
    )
    shipment = models.ForeignKey(
        Shipment, on_delete=models.PROTECT, null=True, blank=True, related_name="stock_movements",
        verbose_name=_("Hilfslieferung"),
    )
    stocktake = models.ForeignKey(
        "Stocktake", on_delete=models.PROTECT, null=True, blank=True, related_name="movements",
        verbose_name=_("Inventur"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("gebucht von")
    )
    created_at = models.DateTimeField(_("gebucht am"), default=timezone.now)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lagerbewegung")
        verbose_name_plural = _("Lagerbewegungen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["association", "item", "created_at"]),
            # The admin list and its date hierarchy: the whole ledger, newest first.
            models.Index(fields=["-created_at", "-id"], name="stock_movement_newest_idx"),
            # An association's latest movements (stock page) and the admin filtered by owner.
            models.Index(fields=["association", "-created_at"], name="stock_movement_owner_idx"),
            # The admin filtered by kind (receipts, dispatches …), newest first.
            models.Index(fields=["kind", "-created_at"], name="stock_movement_kind_idx"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(quantity=0), name="stock_movement_not_zero")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} {self.item} ({self.association})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LedgerIsAppendOnly("Stock movements cannot be changed; record a correcting movement.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("Stock movements cannot be deleted; record a correcting movement.")

    @property
    def reference_label(self):
        if self.shipment_id:
            return str(self.shipment.reference)
        if self.donation_id:
            return str(self.donation.reference)
        if self.counterpart_id:
            return str(self.counterpart)
        return ""


class StockLevelQuerySet(models.QuerySet):
    def for_associations(self, associations):
        return self.filter(association__in=associations)

    def in_stock(self):
        return self.filter(quantity__gt=0)

    def low(self):
        """Below the minimum the association set for the item; no minimum (empty or 0), no warning."""
        return self.filter(minimum__gt=0, quantity__lt=F("minimum"))

    def with_details(self):
        return self.select_related("item__category", "association").order_by(
            "association__name", "item__category__position", "item__name"
        )


class StockLevel(models.Model):
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="stock_levels", verbose_name=_("Hilfsgut"))
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="stock_levels", verbose_name=_("Eigentümer")
    )
    quantity = models.IntegerField(_("Bestand"), default=0)
    # Each association decides what it wants to hold: one that keeps none of an item on purpose
    # leaves this empty (or 0) and is never warned.
    minimum = models.PositiveIntegerField(
        _("Mindestbestand"), null=True, blank=True,
        help_text=_("Liegt der Bestand darunter, erscheint das Hilfsgut als knapp. Leer oder 0: keine Warnung."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = StockLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bestand")
        verbose_name_plural = _("Bestände")
        ordering = ["association__name", "item__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "association"], name="unique_stock_level"),
            # The last line of defence: stock never goes below zero, whatever the code above does.
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_level_not_negative"),
        ]

    def __str__(self):
        return f"{self.item}: {self.quantity} ({self.association})"

    @property
    def is_low(self):
        return bool(self.minimum) and self.quantity < self.minimum


def needs_with_stock(needs):
    """Needs (a Need queryset with coverage and offers) with `in_stock` and `to_donate`.

    `in_stock`: what lies in the hall across all associations, of the need's item (a need by
    category: of that category, in the need's unit). `to_donate`: what is still needed and neither
    delivered, in stock nor offered. Stock sits above donations, so the sum is added here.
    """
    levels = StockLevel.objects.filter(quantity__gt=0).order_by()
    by_item = levels.filter(item=OuterRef("item"))
    by_category = levels.filter(item__category=OuterRef("category"), item__unit=OuterRef("unit"))
    in_stock = Case(When(item__isnull=False, then=_stock_total(by_item)), default=_stock_total(by_category))
    return needs.annotate(in_stock=in_stock).annotate(
        to_donate=Greatest(F("quantity") - F("covered") - F("in_stock") - F("offered"), Value(0))
    )


def _stock_total(levels):
    total = levels.annotate(total=Func(F("quantity"), function="SUM")).values("total")[:1]
    return Coalesce(Subquery(total), 0)


class StocktakeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(finalised_at__isnull=True)


class Stocktake(models.Model):
    """A count of one association's stock. Counts change stock only when the count is finalised."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="stocktakes", verbose_name=_("Verein")
    )
    note = models.CharField(_("Notiz"), max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("begonnen von")
    )
    started_at = models.DateTimeField(_("begonnen am"), auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("abgeschlossen von"),
    )
    finalised_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    history = HistoricalRecords()

    objects = StocktakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Inventur")
        verbose_name_plural = _("Inventuren")
        ordering = ["-started_at"]
        constraints = [
            # Two counts of one association's stock at once would each correct the other's result.
            models.UniqueConstraint(
                fields=["association"], condition=Q(finalised_at__isnull=True),
                name="one_open_stocktake_per_association",
            ),
        ]

    def __str__(self):
        return f"{self.association}, {date_format(timezone.localdate(self.started_at), 'SHORT_DATE_FORMAT')}"

    @property
    def is_open(self):
        return self.finalised_at is None


class StocktakeCount(models.Model):
    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="counts")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("Hilfsgut"))
    counted = models.PositiveIntegerField(_("gezählt"))
    # The level the ledger showed when this line was counted: the count corrects that, not a later level.
    recorded = models.IntegerField(_("Bestand laut Buch beim Zählen"), null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gezählt von")
    )
    counted_at = models.DateTimeField(_("gezählt am"), auto_now=True)

    class Meta:
        verbose_name = _("Zählung")
        verbose_name_plural = _("Zählungen")
        ordering = ["item__name"]
        constraints = [models.UniqueConstraint(fields=["stocktake", "item"], name="unique_stocktake_count")]

    def __str__(self):
        return f"{self.item}: {self.counted}"
