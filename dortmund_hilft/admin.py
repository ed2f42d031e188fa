from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dortmund_hilft.models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    """What a citizen sent stays as sent; staff only mark it as handled."""

    list_display = ["reference", "created_at", "short_message", "page_url", "wants_reply", "handled"]
    list_filter = ["handled", "wants_reply"]
    search_fields = ["name", "email", "page_url", "message"]
    date_hierarchy = "created_at"
    list_editable = ["handled"]
    actions = ["mark_handled"]
    fields = ["reference", "created_at", "reply_due", "name", "email", "wants_reply", "page_url", "message", "handled"]
    readonly_fields = ["reference", "created_at", "reply_due", "name", "email", "wants_reply", "page_url", "message"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Aktenzeichen"))
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("Antwort bis"))
    def reply_due(self, obj):
        return obj.reply_due

    @admin.display(description=_("Nachricht"))
    def short_message(self, obj):
        return obj.message if len(obj.message) <= 80 else obj.message[:79] + "…"

    @admin.action(description=_("Als erledigt markieren"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.update(handled=True)
        self.message_user(request, _("%(count)d Rückmeldung(en) als erledigt markiert.") % {"count": count})
