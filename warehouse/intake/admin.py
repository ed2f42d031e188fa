from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from warehouse.intake.models import CoUseApplication
from warehouse.intake.services import CoUseError, approve_co_use, decline_co_use


@admin.register(CoUseApplication)
class CoUseApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "association_name", "contact_name", "frequency", "status", "join_association",
                    "created_at"]
    list_filter = ["status", "frequency"]
    list_select_related = ["join_association"]
    search_fields = ["reference", "association_name", "contact_name", "email"]
    readonly_fields = ["reference", "status", "association", "decided_by", "decided_at", "created_at"]
    autocomplete_fields = ["join_association"]
    actions = ["approve", "decline"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != CoUseApplication.Status.NEW:
            return [*self.readonly_fields, "join_association"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if change:
            # Only the fields this form changed: a decision saved since the page was opened stays.
            obj.save(update_fields=form.changed_data)
        else:
            obj.save()

    def _decide(self, request, queryset, decide, done_message):
        done = 0
        for application in queryset:
            try:
                decide(application, by=request.user)
            except CoUseError as error:
                self.message_user(request, f"{application.reference}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Annehmen: Verein anlegen oder zuordnen und Ansprechperson einladen"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve_co_use,
                     lambda n: ngettext("%(n)d Antrag angenommen.", "%(n)d Anträge angenommen.", n))

    @admin.action(description=_("Ablehnen und Antragsteller*in benachrichtigen"))
    def decline(self, request, queryset):
        self._decide(request, queryset, decline_co_use,
                     lambda n: ngettext("%(n)d Antrag abgelehnt.", "%(n)d Anträge abgelehnt.", n))
