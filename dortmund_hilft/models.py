import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The privacy notice promises: deleted once the matter is closed, at the latest after twelve months.
FEEDBACK_MAX_AGE = datetime.timedelta(days=365)


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(handled=False)

    def due_for_deletion(self, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(handled=True) | models.Q(created_at__lt=now - FEEDBACK_MAX_AGE))


class AccessibilityFeedback(models.Model):
    """A report of a barrier on the portal, sent through the form in the accessibility statement."""

    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    wants_reply = models.BooleanField(_("möchte eine Antwort"), default=False)
    page_url = models.CharField(_("betroffene Seite"), max_length=500, blank=True)
    message = models.TextField(_("Nachricht"))
    created_at = models.DateTimeField(_("eingegangen am"), default=timezone.now, db_index=True)
    handled = models.BooleanField(
        _("erledigt"), default=False, help_text=_("Erledigte Rückmeldungen werden beim nächsten Aufräumen gelöscht.")
    )

    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        """The number the sender sees and can quote, e.g. BF-2026-000123."""
        return f"BF-{timezone.localtime(self.created_at).year}-{self.pk:06d}"

    @property
    def reply_due(self):
        """Feedback is answered within six weeks (BGG NRW, BITVNRW)."""
        return (timezone.localtime(self.created_at) + datetime.timedelta(weeks=6)).date()
