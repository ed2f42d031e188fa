from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from crises.actions import services
from crises.forms import CrisisAdminForm, LimitedImageField
from crises.models import (
    AffectedPartnerCity,
    AidAction,
    Appeal,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Crisis,
    NewsPost,
    Participant,
    ShiftSignup,
    Task,
    VolunteerShift,
)
from partners.history_admin import HistoryAdmin
from partners.slugs import GermanSlugAdminMixin


def is_public(post):
    return post.published_at is not None and post.published_at <= timezone.now()


class AffectedPartnerCityInline(admin.TabularInline):
    model = AffectedPartnerCity
    fields = ["partner_city", "note"]
    autocomplete_fields = ["partner_city"]
    extra = 0


@admin.register(Crisis)
class CrisisAdmin(GermanSlugAdminMixin, TranslationAdmin, HistoryAdmin):
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
class NewsPostAdmin(GermanSlugAdminMixin, TranslationAdmin, HistoryAdmin):
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


# --- Aid actions ---------------------------------------------------------------------------------


class HistoryUserFormsetMixin:
    """Inline rows record who changed them, like the rows saved by the services."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            instance._history_user = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance._history_user = request.user
            instance.delete()
        formset.save_m2m()


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["kind", "association", "name", "role", "contact_person", "contact_email", "contact_phone", "position"]
    autocomplete_fields = ["association"]
    extra = 0


class TaskInline(admin.TabularInline):
    model = Task
    fields = ["title", "owner", "participant", "due_on", "status", "notes"]
    # Status changes go through crises.services on the staff page; here it is shown only.
    readonly_fields = ["status"]
    autocomplete_fields = ["owner"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "participant":
            action_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Participant.objects.filter(action_id=action_id).select_related("association")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VolunteerShiftInline(admin.StackedInline):
    model = VolunteerShift
    fields = ["kind", "title", "starts_at", "ends_at", "place", "capacity", "description", "is_published"]
    extra = 0


@admin.register(AidAction)
class AidActionAdmin(GermanSlugAdminMixin, HistoryUserFormsetMixin, TranslationAdmin, HistoryAdmin):
    list_display = ["title", "crisis", "status", "starts_on", "ends_on", "lead", "staff_link"]
    list_filter = ["status", "crisis"]
    list_select_related = ["crisis", "lead"]
    search_fields = ["title", "summary"]
    date_hierarchy = "starts_on"
    slug_from = "title"
    autocomplete_fields = ["crisis", "lead"]
    filter_horizontal = ["partner_cities"]
    readonly_fields = ["status", "staff_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "crisis", "partner_cities", "summary", "goal", "staff_link"]}),
        (_("Planung"), {"fields": ["status", "starts_on", "ends_on", "lead", "budget", "is_demo"]}),
    ]
    inlines = [ParticipantInline, TaskInline, VolunteerShiftInline]

    @admin.display(description=_("Übersicht"))
    def staff_link(self, action):
        if not action.pk:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("actions:staff-detail", args=[action.pk]),
                           _("Stand, Status und Checkliste"))

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if change:
            with transaction.atomic():
                # Keep the status the service wrote meanwhile; this form does not change it.
                obj.status = AidAction.objects.select_for_update().values_list("status", flat=True).get(pk=obj.pk)
                obj.save()
        else:
            obj.save()


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    fields = ["position", "title", "due_days", "notes"]
    extra = 1


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(HistoryUserFormsetMixin, HistoryAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
    inlines = [ChecklistTemplateItemInline]


@admin.register(Task)
class TaskAdmin(HistoryAdmin):
    list_display = ["title", "action", "owner", "due_on", "status"]
    list_filter = ["status", "action"]
    list_select_related = ["action", "owner"]
    search_fields = ["title", "notes"]
    autocomplete_fields = ["owner", "action"]
    readonly_fields = ["status", "done_at", "done_by"]
    fields = ["action", "title", "owner", "participant", "due_on", "status", "notes", "done_at", "done_by"]


@admin.register(Appeal)
class AppealAdmin(GermanSlugAdminMixin, HistoryUserFormsetMixin, TranslationAdmin, HistoryAdmin):
    list_display = ["title", "action", "status", "wanted_until"]
    list_filter = ["status"]
    list_select_related = ["action"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["action"]
    slug_from = "title"
    readonly_fields = ["status", "opened_at", "closed_at"]
    fields = ["action", "title", "slug", "text", "wanted_until", "hand_in", "status", "opened_at", "closed_at"]
    actions = ["open_appeals", "close_appeals"]

    def _run(self, request, queryset, service, done_message):
        done = 0
        for appeal in queryset:
            try:
                service(appeal=appeal, by=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{appeal}: {' '.join(error.messages)}", messages.ERROR)
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Aufruf starten (mit Meldung)"), permissions=["change"])
    def open_appeals(self, request, queryset):
        self._run(request, queryset, services.open_appeal, _("%(n)s Aufruf/Aufrufe gestartet."))

    @admin.action(description=_("Aufruf beenden (mit Meldung)"), permissions=["change"])
    def close_appeals(self, request, queryset):
        self._run(request, queryset, services.close_appeal, _("%(n)s Aufruf/Aufrufe beendet."))


class ShiftSignupInline(admin.TabularInline):
    model = ShiftSignup
    fields = ["name", "email", "created_at", "cancelled_at"]
    readonly_fields = ["name", "email", "created_at", "cancelled_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VolunteerShift)
class VolunteerShiftAdmin(HistoryAdmin):
    list_display = ["title", "action", "starts_at", "capacity", "is_published"]
    list_filter = ["is_published", "kind"]
    list_select_related = ["action"]
    search_fields = ["title", "action__title"]
    autocomplete_fields = ["action"]
    inlines = [ShiftSignupInline]
