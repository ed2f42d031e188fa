from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static import admin as otp_static_admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from dortmund_hilft import outbox, two_factor
from dortmund_hilft.models import AccessibilityFeedback, AccountLanguage, OutboxMessage

# The task table is plumbing (message ids and tracebacks); staff follow the mail in the outbox below.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


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
        self.message_user(request, ngettext(
            "%(count)d Rückmeldung als erledigt markiert.", "%(count)d Rückmeldungen als erledigt markiert.", count
        ) % {"count": count})


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Every e-mail the portal sent or will send, read-only; failed ones can be sent again.

    The message text is not shown: it may hold a password link meant for its recipient only.
    """

    list_display = ["created_at", "subject", "recipients", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = ["subject", "recipients", "status", "created_at", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # sent mail is pruned by maintain_outbox; failed mail waits to be resent

    def has_resend_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Erneut senden"), permissions=["resend"])
    def resend(self, request, queryset):
        count = outbox.resend(queryset.values_list("pk", flat=True))
        skipped = queryset.count() - count
        self.message_user(request, ngettext(
            "%(count)d E-Mail wird erneut gesendet.", "%(count)d E-Mails werden erneut gesendet.", count
        ) % {"count": count})
        if skipped:
            self.message_user(request, ngettext(
                "%(count)d ausgewählte E-Mail war nicht fehlgeschlagen und bleibt, wie sie ist.",
                "%(count)d ausgewählte E-Mails waren nicht fehlgeschlagen und bleiben, wie sie sind.", skipped,
            ) % {"count": skipped}, level="warning")


class AccountLanguageInline(admin.StackedInline):
    """The language the account's e-mails and calendar entries are written in; German while none is set."""

    model = AccountLanguage
    can_delete = False
    extra = 1
    max_num = 1


class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, with the account's language, plus resetting someone's second factor when they
    lost their phone."""

    actions = ["reset_two_factor"]
    inlines = [AccountLanguageInline]

    @admin.action(description=_("Zwei-Faktor-Anmeldung zurücksetzen"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor.reset_two_factor(user)
        self.message_user(request, ngettext(
            "Die Zwei-Faktor-Anmeldung von %(count)d Konto ist zurückgesetzt. Es richtet sie mit Passwort und "
            "E-Mail-Code neu ein.",
            "Die Zwei-Faktor-Anmeldung von %(count)d Konten ist zurückgesetzt. Sie richten sie mit Passwort und "
            "E-Mail-Code neu ein.",
            len(queryset),
        ) % {"count": len(queryset)})


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserAdmin)


class GermanDeviceColumns:
    """django-otp's device lists name their columns after the English field names; ours are German."""

    list_display = ["device_user", "name", "device_created_at", "device_last_used_at", "device_confirmed"]

    @admin.display(description=_("Konto"), ordering="user__username")
    def device_user(self, device):
        return device.user

    @admin.display(description=_("eingerichtet am"), ordering="created_at")
    def device_created_at(self, device):
        return device.created_at

    @admin.display(description=_("zuletzt benutzt am"), ordering="last_used_at")
    def device_last_used_at(self, device):
        return device.last_used_at

    @admin.display(description=_("bestätigt"), boolean=True, ordering="confirmed")
    def device_confirmed(self, device):
        return device.confirmed


class TOTPDeviceAdmin(GermanDeviceColumns, otp_totp_admin.TOTPDeviceAdmin):
    pass


class StaticDeviceAdmin(GermanDeviceColumns, otp_static_admin.StaticDeviceAdmin):
    pass


for model, model_admin in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
