from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from partners.contacts import PartnerContact
from partners.history_admin import HistoryAdmin
from partners.models import Association, Membership, PartnerCity
from partners.slugs import GermanSlugAdminMixin


class VerificationFilter(admin.SimpleListFilter):
    """Lets staff find the facts that still need checking (e.g. demo values, unconfirmed dates)."""

    title = _("Prüfung der Angaben")
    parameter_name = "pruefung"

    def lookups(self, request, model_admin):
        return [("offen", _("noch zu prüfen")), ("geprueft", _("geprüft"))]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.filter(to_verify=True)
        if self.value() == "geprueft":
            return queryset.filter(to_verify=False)
        return queryset


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    fields = ["institution", "region", "person", "email", "language", "is_active"]
    extra = 0


@admin.register(PartnerCity)
class PartnerCityAdmin(GermanSlugAdminMixin, TranslationAdmin, HistoryAdmin):
    list_display = ["name", "country", "kind", "since", "status", "to_verify"]
    list_filter = [VerificationFilter, "kind", "status"]
    search_fields = ["name", "local_name", "status_note", "verification_note"]
    fieldsets = [
        (None, {"fields": ["name", "local_name", "local_name_lang", "slug", "country"]}),
        (_("Partnerschaft"), {"fields": ["kind", "since_year", "since_date", "status", "status_note"]}),
        (_("Text für die Website"), {"fields": ["description"]}),
        (_("Lage"), {"fields": ["latitude", "longitude"]}),
        (_("Prüfung"), {"fields": ["to_verify", "verification_note"]}),
    ]
    inlines = [PartnerContactInline]

    @admin.display(description=_("seit"), ordering="since_year")
    def since(self, city):
        return city.since_display


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Association)
class AssociationAdmin(GermanSlugAdminMixin, TranslationAdmin, HistoryAdmin):
    list_display = ["name", "warehouse_role", "email", "member_count", "is_active"]
    list_filter = ["warehouse_role", "is_active"]
    search_fields = ["name", "summary", "contact_name", "email", "public_email"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "is_active"]}),
        (_("Kontakt für die Website (öffentlich)"), {
            "fields": ["public_contact", "public_email", "public_phone", "website"],
            "description": _("Nur diese Angaben erscheinen auf der Website, und nur mit Zustimmung des Vereins."),
        }),
        (_("Kontakt für die Koordinierungseinheit (intern)"), {"fields": ["contact_name", "email", "phone"]}),
        (_("Lagerhalle"), {"fields": ["warehouse_role"]}),
    ]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("Mitglieder"), ordering="member_count")
    def member_count(self, association):
        return association.member_count


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "association", "role", "created_at"]
    list_filter = ["role", "association"]
    list_select_related = ["user", "association"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "association__name"]
    autocomplete_fields = ["user", "association"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"


from partners import contact_admin  # noqa: E402, F401  (contacts and their links)
