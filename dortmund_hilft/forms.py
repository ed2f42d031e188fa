from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from donations.forms import HoneypotMixin, explain_length_limits
from dortmund_hilft.models import AccessibilityFeedback


class AccessibilityFeedbackForm(HoneypotMixin, forms.ModelForm):
    """Report a barrier. Only the message is required; an address is needed only for a reply."""

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page_url", "name", "email", "wants_reply"]
        labels = {
            "message": _("Ihre Nachricht"),
            "page_url": _("Auf welcher Seite ist das Problem?"),
            "name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse"),
            "wants_reply": _("Ich möchte eine Antwort per E-Mail"),
        }
        help_texts = {
            "message": _("Beschreiben Sie, was nicht funktioniert oder was schwer zu verstehen ist."),
            "page_url": _("Die Adresse der Seite (zum Beispiel https://…/krisen/) oder ihre Überschrift."),
            "email": _("Nur nötig, wenn Sie eine Antwort möchten."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "page_url": forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        }
        error_messages = {
            "message": {"required": _("Geben Sie Ihre Nachricht ein.")},
            "email": {"invalid": _("Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. name@example.org.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        explain_length_limits(self)
        self.helper = FormHelper()
        self.helper.form_id = "rueckmeldung"
        self.helper.privacy_link = True
        self.helper.layout = Layout(
            "message", "page_url", "name", "email", "wants_reply",
            self.honeypot_layout(),
        )
        self.helper.add_input(Submit("senden", _("Rückmeldung senden")))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_reply") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen antworten können."))
        return cleaned
