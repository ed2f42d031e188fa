"""Admin for partner contacts and their personal links: send a link, revoke it, see who used it when."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partners.contacts import PartnerContact, PartnerLink, PartnerLinkAccess
from partners.history_admin import HistoryAdmin
from partners.links import send_needs_link


class PartnerLinkInline(admin.TabularInline):
    model = PartnerLink
    fields = ["purpose", "created_at", "created_by", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(PartnerContact)
class PartnerContactAdmin(HistoryAdmin):
    list_display = ["person", "institution", "partner_city", "region", "language", "is_active"]
    list_filter = ["partner_city", "language", "is_active"]
    list_select_related = ["partner_city"]
    search_fields = ["person", "institution", "email", "region"]
    inlines = [PartnerLinkInline]
    actions = ["send_link"]

    @admin.action(description=_("Link senden (Bedarfslisten)"), permissions=["change"])
    def send_link(self, request, queryset):
        contacts = list(queryset.filter(is_active=True).select_related("partner_city"))
        for contact in contacts:
            send_needs_link(contact=contact, by=request.user)
        self.message_user(request, ngettext(
            "Ein persönlicher Link wurde per E-Mail verschickt.",
            "%(count)d persönliche Links wurden per E-Mail verschickt.", len(contacts),
        ) % {"count": len(contacts)}, messages.SUCCESS)


class PartnerLinkAccessInline(admin.TabularInline):
    model = PartnerLinkAccess
    fields = ["at", "client_address", "method", "page"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-at"]


@admin.register(PartnerLink)
class PartnerLinkAdmin(admin.ModelAdmin):
    list_display = ["contact", "purpose", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["purpose"]
    list_select_related = ["contact__partner_city"]
    search_fields = ["contact__person", "contact__institution"]
    fields = ["contact", "purpose", "created_at", "created_by", "expires_at", "revoked_at", "revoked_by",
              "last_used_at"]
    readonly_fields = fields
    inlines = [PartnerLinkAccessInline]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # links are made by "Link senden", the dispatch of a shipment and the packing list

    def has_delete_permission(self, request, obj=None):
        return False  # a link is revoked, not deleted: its access log stays

    @admin.action(description=_("Link sperren"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = sum(link.revoke(by=request.user) for link in queryset)
        self.message_user(request, ngettext(
            "Ein Link wurde gesperrt.", "%(count)d Links wurden gesperrt.", revoked) % {"count": revoked})
