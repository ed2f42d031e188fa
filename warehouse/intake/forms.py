"""The public forms of the intake: applying to co-use the hall."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from donations.forms import HoneypotMixin, explain_length_limits
from warehouse.intake.models import CoUseApplication


class CoUseApplicationForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = CoUseApplication
        fields = ["association_name", "contact_name", "email", "phone", "goods", "frequency", "storage_need"]
        labels = {
            "association_name": _("Name des Vereins"),
            "contact_name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse"),
            "phone": _("Ihre Telefonnummer"),
        }
        help_texts = {
            "association_name": _("So, wie er im Vereinsregister steht, falls er eingetragen ist."),
            "email": _("An diese Adresse schicken wir die Antwort und gegebenenfalls die Zugangsdaten."),
            "goods": _("Zum Beispiel: Kleidung, Hygieneartikel, haltbare Lebensmittel, Sanitätsmaterial."),
            "storage_need": _("Zum Beispiel: 4 Europaletten oder 10 Quadratmeter."),
        }
        widgets = {
            "association_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "goods": forms.Textarea(attrs={"rows": 4}),
            "frequency": forms.RadioSelect,
        }
        error_messages = {
            "association_name": {"required": _("Geben Sie den Namen des Vereins ein.")},
            "contact_name": {"required": _("Geben Sie Ihren Namen ein.")},
            "email": {
                "required": _("Geben Sie Ihre E-Mail-Adresse ein."),
                "invalid": _("Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. name@example.org."),
            },
            "goods": {"required": _("Beschreiben Sie, was Sie lagern möchten.")},
            "frequency": {"required": _("Wählen Sie aus, wie oft Sie die Halle brauchen.")},
            "storage_need": {"required": _("Geben Sie an, wie viel Platz Sie brauchen.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = CoUseApplication.Frequency.choices
        explain_length_limits(self)
        self.helper = FormHelper()
        self.helper.form_id = "mitnutzung"
        self.helper.privacy_link = True
        self.helper.layout = Layout(
            Fieldset(_("Ihr Verein und Sie"), "association_name", "contact_name", "email", "phone"),
            Fieldset(_("Was Sie lagern möchten"), "goods", "frequency", "storage_need"),
            self.honeypot_layout(),
        )
        self.helper.add_input(Submit("weiter", _("Weiter zur Prüfung")))
