from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from crises.admin import AppealAdmin
from crises.models import Appeal
from donations.models import (
    AppealLine,
    Donation,
    DonationLine,
    DonationOffer,
    Donor,
    Item,
    ItemCategory,
    ItemUnit,
    Need,
    Shipment,
    ShipmentEvent,
    ShipmentLine,
)
from donations.receipts import ShipmentReceipt
from partners.history_admin import HistoryAdmin
from partners.slugs import GermanSlugAdminMixin


@admin.register(ItemCategory)
class ItemCategoryAdmin(GermanSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "position"]


@admin.register(Item)
class ItemAdmin(GermanSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "category", "unit", "tracked_individually", "is_active"]
    list_filter = ["category", "unit", "tracked_individually", "is_active"]
    search_fields = ["name"]
    list_select_related = ["category"]


@admin.register(ItemUnit)
class ItemUnitAdmin(HistoryAdmin):
    list_display = ["identifier", "item", "condition", "donation", "shipment_line", "is_demo"]
    list_filter = ["item", "condition", "is_demo"]
    search_fields = ["identifier", "notes"]
    list_select_related = ["item", "donation", "shipment_line__shipment", "shipment_line__item"]
    raw_id_fields = ["donation", "shipment_line"]


@admin.register(Donor)
class DonorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "contact_name", "email", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "contact_name", "email"]


class DonationLineInline(admin.TabularInline):
    model = DonationLine
    extra = 1
    autocomplete_fields = ["item"]

    def _locked(self, obj):
        # Once booked in, the ledger holds these quantities; a correction is a stock adjustment.
        return obj is not None and obj.is_booked_in

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Donation)
class DonationAdmin(HistoryAdmin):
    list_display = ["__str__", "kind", "received_on", "receiving_association", "booked_in_at", "is_demo"]
    list_filter = ["kind", "receiving_association", "is_demo"]
    search_fields = ["donor__name", "supplier", "note"]
    date_hierarchy = "received_on"
    list_select_related = ["donor", "receiving_association"]
    autocomplete_fields = ["donor"]
    readonly_fields = ["booked_in_at", "created_by", "receipt_link"]
    inlines = [DonationLineInline]

    @admin.display(description=_("Spendenquittung"))
    def receipt_link(self, obj):
        if not obj.pk or obj.kind != Donation.Kind.DONATION:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("donations:donation-receipt", args=[obj.pk]),
                           _("Quittung als PDF"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            return
        with transaction.atomic():
            # Booked in since the page was opened? Keep the mark, or the goods could be booked twice.
            obj.booked_in_at = Donation.objects.select_for_update().values_list("booked_in_at", flat=True).get(
                pk=obj.pk
            )
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is DonationLine and form.instance.is_booked_in:
            if formset.has_changed():
                self.message_user(request, _("Die Sachspende ist inzwischen eingebucht; die Positionen wurden "
                                             "nicht geändert."), messages.WARNING)
            return
        super().save_formset(request, form, formset, change)


@admin.register(DonationOffer)
class DonationOfferAdmin(HistoryAdmin):
    list_display = ["reference", "offerer_kind", "offerer_label", "description_short", "quantity", "unit",
                    "status", "dropoff_wish", "created_at", "is_demo"]
    list_filter = ["status", "offerer_kind", "category", "is_demo"]
    search_fields = ["reference", "organisation", "contact_name", "email", "description"]
    # The status changes only through the actions, which lock the offer and check it has not moved on.
    readonly_fields = ["reference", "status", "created_at", "decided_by", "decided_at", "closed_at", "anonymised_at",
                       "donation"]
    actions = ["accept_offers", "decline_offers"]

    @admin.display(description=_("Name oder Organisation"))
    def offerer_label(self, offer):
        return offer.offerer_label

    @admin.display(description=_("Angebot"))
    def description_short(self, obj):
        return obj.description[:80]

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if change:
            # Only the fields this form changed: a transition saved since the page was opened stays.
            obj.save(update_fields=form.changed_data)
        else:
            obj.save()

    def _decide(self, request, queryset, change):
        done = 0
        for offer in queryset:
            try:
                change(offer)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{offer.reference}: {' '.join(error.messages)}", messages.WARNING)
        if done:
            changed = ngettext("%(count)d Angebot geändert.", "%(count)d Angebote geändert.", done) % {"count": done}
            self.message_user(request, changed, messages.SUCCESS)

    @admin.action(description=_("Ausgewählte Angebote annehmen"), permissions=["change"])
    def accept_offers(self, request, queryset):
        self._decide(request, queryset, lambda offer: offer.accept(by=request.user))

    @admin.action(description=_("Ausgewählte Angebote ablehnen"), permissions=["change"])
    def decline_offers(self, request, queryset):
        self._decide(request, queryset, lambda offer: offer.decline(by=request.user))


@admin.register(Need)
class NeedAdmin(TranslationAdmin, HistoryAdmin):
    list_display = ["__str__", "priority", "quantity", "unit", "covered_display", "needed_from", "needed_until",
                    "is_open", "is_demo"]
    list_filter = ["is_open", "priority", "partner_city", "crisis", "category", "is_demo"]
    search_fields = ["description", "item__name", "region"]
    autocomplete_fields = ["item"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_details().with_coverage()

    @admin.display(description=_("gedeckt"))
    def covered_display(self, obj):
        return obj.covered


class ShipmentLineInline(admin.TabularInline):
    model = ShipmentLine
    extra = 1
    autocomplete_fields = ["item"]
    fields = ["item", "quantity", "received_quantity", "need", "note"]
    readonly_fields = ["received_quantity"]

    def _locked(self, obj):
        # Lines that left the warehouse are in the ledger; they are no longer edited here.
        return obj is not None and not obj.is_open

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class ShipmentEventInline(admin.TabularInline):
    """Read-only: events are entered on the operator's shipment page, which checks their dates."""

    model = ShipmentEvent
    extra = 0
    fields = ["kind", "occurred_at", "note", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(HistoryAdmin):
    list_display = ["reference", "title", "destination_label", "crisis", "planned_on", "status", "is_demo"]
    list_filter = ["status", "crisis", "destination_city", "is_demo"]
    search_fields = ["title", "destination_name", "recipient_institution"]
    date_hierarchy = "planned_on"

    @admin.display(description=_("Nummer"), ordering="pk")
    def reference(self, shipment):
        return shipment.reference

    @admin.display(description=_("Ziel"), ordering="destination_city__name")
    def destination_label(self, shipment):
        return shipment.destination_label
    list_select_related = ["destination_city", "crisis"]
    filter_horizontal = ["organisers"]
    # What the transitions write (warehouse/stock/services.py, on the operator's shipment page).
    TRANSITION_FIELDS = ["status", "dispatched_at", "delivered_on", "delivery_confirmation", "cancel_reason"]
    readonly_fields = [*TRANSITION_FIELDS, "packing_list_links", "receipt_summary"]
    inlines = [ShipmentLineInline, ShipmentEventInline]
    fieldsets = [
        (None, {"fields": ["title", "description", "crisis", "status", "is_demo", "packing_list_links"]}),
        (_("Ziel"), {"fields": ["destination_city", "destination_name", "destination_country",
                                "destination_latitude", "destination_longitude", "destination_to_verify",
                                "recipient_institution", "recipient_address", "recipient_contact"]}),
        (_("Planung"), {"fields": ["action", "source_association", "organisers", "planned_on"]}),
        (_("Transport"), {"fields": ["carrier", "vehicle_registration", "driver_name", "pallets", "weight_kg",
                                     "dispatched_at"]}),
        (_("Ankunft"), {"fields": ["delivered_on", "delivery_confirmation", "receipt_summary", "cancel_reason"]}),
    ]
    autocomplete_fields = ["recipient_contact"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not obj.is_open:
            # The ledger took the goods from this association; it stays the source.
            fields = [*fields, "source_association"]
        return fields

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if not change:
            obj.save()
            return
        with transaction.atomic():
            # This page may be minutes old (or an old version being restored from the history). Lock
            # the row and keep what the transitions wrote meanwhile: nothing here assigns a status.
            current = Shipment.objects.select_for_update().values(*self.TRANSITION_FIELDS).get(pk=obj.pk)
            for name, value in current.items():
                setattr(obj, name, value)
            obj.save()

    def save_formset(self, request, form, formset, change):
        if formset.model is ShipmentLine and not form.instance.is_open:
            # Dispatched or cancelled since the page was opened (save_model read the locked row).
            if formset.has_changed():
                self.message_user(
                    request, _("Die Lieferung ist inzwischen %(status)s; die Positionen wurden nicht geändert.")
                    % {"status": form.instance.get_status_display()}, messages.WARNING,
                )
            return
        instances = formset.save(commit=False)
        for instance in instances:
            instance._history_user = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance._history_user = request.user
            instance.delete()
        formset.save_m2m()

    @admin.display(description=_("Bestätigung der Empfänger"))
    def receipt_summary(self, obj):
        """The recipient's confirmation through their link (issue 15), and the delivery note if they sent one."""
        receipt = ShipmentReceipt.objects.filter(shipment=obj.pk).first() if obj.pk else None
        if receipt is None or receipt.confirmed_at is None:
            return _("noch nicht bestätigt")
        text = format_html("{} ({})", date_format(timezone.localtime(receipt.confirmed_at), "SHORT_DATETIME_FORMAT"),
                           receipt.confirmed_by)
        if receipt.delivery_note:
            text = format_html('{} · <a href="{}">{}</a>', text,
                               reverse("partner:staff-delivery-note", args=[receipt.pk]), _("Foto des Lieferscheins"))
        return text

    @admin.display(description=_("Packliste"))
    def packing_list_links(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">PDF</a> · <a href="{}">CSV</a>',
            reverse("donations:packing-list-pdf", args=[obj.pk]),
            reverse("donations:packing-list-csv", args=[obj.pk]),
        )


class AppealLineInline(admin.TabularInline):
    model = AppealLine
    extra = 1
    autocomplete_fields = ["item"]
    fields = ["item", "quantity", "note", "no_longer_needed", "position"]


class AppealWithLinesAdmin(AppealAdmin):
    """The appeal's admin (crises) with the goods it asks for, which live in this app."""

    inlines = [AppealLineInline]


admin.site.unregister(Appeal)
admin.site.register(Appeal, AppealWithLinesAdmin)
