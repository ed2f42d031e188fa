from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from warehouse.intake.models import CoUseApplication
from warehouse.intake.services import approve_co_use, decline_co_use


@admin.register(CoUseApplication)
class CoUseApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "association_name", "contact_name", "frequency", "status", "created_at"]
    list_filter = ["status", "frequency"]
    search_fields = ["reference", "association_name", "contact_name", "email"]
    readonly_fields = ["reference", "status", "association", "decided_by", "decided_at", "created_at"]
    actions = ["approve", "decline"]

    @admin.action(description=_("Annehmen: Verein anlegen und Ansprechperson einladen"))
    def approve(self, request, queryset):
        done = [approve_co_use(a, by=request.user) for a in queryset.filter(status=CoUseApplication.Status.NEW)]
        self.message_user(request, ngettext(
            "%(n)d Antrag angenommen.", "%(n)d Anträge angenommen.", len(done)) % {"n": len(done)}, messages.SUCCESS)

    @admin.action(description=_("Ablehnen und Antragsteller*in benachrichtigen"))
    def decline(self, request, queryset):
        done = [decline_co_use(a, by=request.user) for a in queryset.filter(status=CoUseApplication.Status.NEW)]
        self.message_user(request, ngettext(
            "%(n)d Antrag abgelehnt.", "%(n)d Anträge abgelehnt.", len(done)) % {"n": len(done)}, messages.SUCCESS)
