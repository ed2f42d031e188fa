"""Admin for the stock ledger (read-only), and the donation admin actions that write stock.

Imported from warehouse/admin.py. The donations admin cannot book stock itself (donations sits
below warehouse), so the donation and offer admins are extended here with their stock actions.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from donations.admin import DonationAdmin, DonationOfferAdmin
from donations.models import Donation, DonationOffer
from warehouse.stock.models import StockLevel, StockMovement, Stocktake, StocktakeCount
from warehouse.stock.services import StockError, receive_donation


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger is written only by the stock services; here it is looked at."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "item", "association", "quantity", "reason", "reference", "created_by"]
    list_filter = ["kind", "reason", "association", "item__category"]
    search_fields = ["item__name", "note"]
    date_hierarchy = "created_at"
    list_select_related = ["item", "association", "counterpart", "donation", "shipment", "created_by"]

    @admin.display(description=_("Bezug"))
    def reference(self, obj):
        return obj.reference_label


@admin.register(StockLevel)
class StockLevelAdmin(ReadOnlyAdmin):
    list_display = ["item", "association", "quantity", "is_low", "updated_at"]
    list_filter = ["association", "item__category"]
    search_fields = ["item__name"]
    list_select_related = ["item", "association"]

    @admin.display(description=_("unter Mindestbestand"), boolean=True)
    def is_low(self, obj):
        return obj.is_low


class StocktakeCountInline(admin.TabularInline):
    model = StocktakeCount
    extra = 0
    fields = ["item", "recorded", "counted", "counted_by", "counted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Stocktake)
class StocktakeAdmin(ReadOnlyAdmin):
    list_display = ["association", "started_at", "started_by", "finalised_at", "finalised_by"]
    list_filter = ["association"]
    inlines = [StocktakeCountInline]


admin.site.unregister(Donation)


@admin.register(Donation)
class DonationStockAdmin(DonationAdmin):
    actions = ["book_in"]

    @admin.action(description=_("Ausgewählte Sachspenden in den Bestand buchen"), permissions=["change"])
    def book_in(self, request, queryset):
        for donation in queryset:
            try:
                receive_donation(donation=donation, by=request.user)
                self.message_user(request, _("%(ref)s ist eingebucht.") % {"ref": donation.reference}, messages.SUCCESS)
            except StockError as error:
                self.message_user(request, f"{donation.reference}: {error.message}", messages.WARNING)


admin.site.unregister(DonationOffer)


@admin.register(DonationOffer)
class DonationOfferStockAdmin(DonationOfferAdmin):
    actions = [*DonationOfferAdmin.actions, "mark_received"]

    @admin.action(description=_("Eingang erfassen und einbuchen (ein Angebot)"), permissions=["change"])
    def mark_received(self, request, queryset):
        # Receiving needs the item, the quantity and who takes it: a form on the stock pages.
        if queryset.count() != 1:
            self.message_user(request, _("Bitte wählen Sie genau ein Angebot."), messages.WARNING)
            return None
        return redirect(reverse("stock:offer-receive", args=[queryset.get().pk]))
