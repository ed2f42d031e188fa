import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.contacts import Language

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
    message = models.TextField(_("Nachricht"), max_length=5000, validators=[MaxLengthValidator(5000)])
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


class OutboxMessageQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(status=OutboxMessage.Status.FAILED)

    def undelivered(self):
        """Waiting for its first try or a retry, or being sent right now."""
        return self.filter(status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.SENDING])

    def _stale_sending(self, now):
        # A worker that claimed a message this long ago has died; its message may be claimed again.
        return models.Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - settings.OUTBOX_SENDING_TIMEOUT)

    def claimable(self, now):
        """Due for a try now: queued and due, or stuck in "sending" since its worker died."""
        due = models.Q(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now)
        return self.filter(due | self._stale_sending(now))

    def lost(self, now):
        """Due for longer than a worker needs to pick it up, so its task is probably gone."""
        overdue = models.Q(
            status=OutboxMessage.Status.QUEUED, next_attempt_at__lt=now - settings.OUTBOX_SENDING_TIMEOUT
        )
        return self.filter(overdue | self._stale_sending(now))

    def sent_before(self, moment):
        return self.filter(status=OutboxMessage.Status.SENT, sent_at__lt=moment)

    def to_address(self, email):
        """Messages with this address among their recipients, compared as whole addresses."""
        email = email.strip().lower()
        candidates = self.filter(recipients__icontains=email).order_by("pk")
        return [message for message in candidates if email in message.recipient_list()]


class OutboxMessage(models.Model):
    """An e-mail the portal has accepted for sending; a worker delivers it (see dortmund_hilft/outbox.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet auf Versand")
        SENDING = "sending", _("wird gesendet")
        SENT = "sent", _("gesendet")
        FAILED = "failed", _("fehlgeschlagen")

    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    subject = models.CharField(_("Betreff"), max_length=998)
    # Every address the message goes to (To, Cc, Bcc), comma-separated, for search and display.
    recipients = models.TextField(_("Empfänger"))
    # The message as Django's EmailMessage holds it (see outbox.serialise); emptied once it is sent,
    # since it may hold a password link that nobody needs to read again.
    content = models.JSONField(_("Inhalt"), default=dict, blank=True)
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("Versand begonnen"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("E-Mail im Postausgang")
        verbose_name_plural = _("E-Mails im Postausgang")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self):
        return self.subject

    def recipient_list(self):
        return [address.strip().lower() for address in self.recipients.split(",") if address.strip()]


class AccountLanguage(models.Model):
    """The language an account reads its e-mails and calendar entries in (issue 16); German without a row.

    Set at the first login from the page's language, by the header's language switcher and on
    /konto/sprache/. The apps read it through the user (`partners.languages.account_language`),
    since none of them may import this project package.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="account_language",
        verbose_name=_("Konto"),
    )
    language = models.CharField(
        _("Sprache"), max_length=8, choices=Language.choices, default=Language.DE,
        help_text=_("In dieser Sprache bekommt das Konto E-Mails und Kalendereinträge."),
    )

    class Meta:
        verbose_name = _("Sprache des Kontos")
        verbose_name_plural = _("Sprachen der Konten")
        constraints = [
            models.CheckConstraint(condition=models.Q(language__in=Language.values), name="account_language_known"),
        ]

    def __str__(self):
        return self.get_language_display()

    @classmethod
    def choose(cls, user, language):
        """Store the language the account picked (the switcher, the settings page)."""
        cls.objects.update_or_create(user=user, defaults={"language": language})

    @classmethod
    def remember_first(cls, user, language):
        """Store the language of the page the account first logs in on; a language it has stays."""
        cls.objects.get_or_create(user=user, defaults={"language": language})
