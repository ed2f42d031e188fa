from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crises.forms import CrisisAdminForm, LimitedImageField
from crises.models import AffectedPartnerCity, Crisis, NewsPost
from partners.slugs import GermanSlugAdminMixin


def is_public(post):
    return post.published_at is not None and post.published_at <= timezone.now()


class AffectedPartnerCityInline(admin.TabularInline):
    model = AffectedPartnerCity
    fields = ["partner_city", "note"]
    autocomplete_fields = ["partner_city"]
    extra = 0


@admin.register(Crisis)
class CrisisAdmin(GermanSlugAdminMixin, SimpleHistoryAdmin):
    form = CrisisAdminForm
    list_display = ["title", "category", "hazard_type", "country_names", "status", "started_on", "ended_on"]
    list_filter = ["status", "category", "hazard_type", "residents_origin", "direct_impact"]
    search_fields = ["title", "summary", "glide_number"]
    date_hierarchy = "started_on"
    slug_from = "title"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Einordnung"), {"fields": ["category", "hazard_type", "countries", "glide_number"]}),
        (_("Bezug zu Dortmund"), {"fields": ["residents_origin", "direct_impact", "dortmund_link"]}),
        (_("Zeitraum und Status"), {"fields": ["status", "started_on", "ended_on"]}),
    ]
    inlines = [AffectedPartnerCityInline]

    @admin.display(description=_("Länder"))
    def country_names(self, crisis):
        return ", ".join(country.name for country in crisis.countries)


class PublicationFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("veroeffentlicht", _("veröffentlicht")),
            ("geplant", _("geplant")),
            ("entwurf", _("Entwurf")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "veroeffentlicht":
            return queryset.published()
        if self.value() == "geplant":
            return queryset.filter(published_at__gt=timezone.now())
        if self.value() == "entwurf":
            return queryset.filter(published_at__isnull=True)
        return queryset


@admin.register(NewsPost)
class NewsPostAdmin(GermanSlugAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "publication_status", "published_at", "crisis", "public_link"]
    list_filter = [PublicationFilter, "crisis"]
    list_select_related = ["crisis"]
    search_fields = ["title", "teaser", "body"]
    date_hierarchy = "published_at"
    slug_from = "title"
    autocomplete_fields = ["crisis"]
    formfield_overrides = {models.ImageField: {"form_class": LimitedImageField}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "teaser", "body", "crisis"]}),
        (_("Foto"), {"fields": ["photo", "photo_alt"]}),
        (_("Veröffentlichung"), {"fields": ["published_at"]}),
    ]

    @admin.display(description=_("Status"), ordering="published_at")
    def publication_status(self, post):
        if is_public(post):
            return _("veröffentlicht")
        return _("Entwurf") if post.published_at is None else _("geplant")

    @admin.display(description=_("Auf der Website"))
    def public_link(self, post):
        if not is_public(post):
            return "–"
        return format_html('<a href="{}">{}</a>', post.get_absolute_url(), _("ansehen"))

    def view_on_site(self, post):
        # Drafts and scheduled posts have no public page yet.
        return post.get_absolute_url() if is_public(post) else None
