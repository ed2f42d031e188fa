"""The public forms of the intake: applying to co-use the hall."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from donations.forms import HoneypotMixin, explain_length_limits
from warehouse.intake.models import CoUseApplication


class CoUseApplicationForm(HoneypotMixin, forms.ModelForm):
    public_website = forms.URLField(
        label=_("Website des Vereins"), required=False, max_length=200, assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
        error_messages={"invalid": _("Geben Sie eine Adresse im richtigen Format ein, z. B. https://example.org.")},
    )

    class Meta:
        model = CoUseApplication
        fields = [
            "association_name", "contact_name", "email", "phone", "goods", "frequency", "storage_need",
            "publish_contact", "public_contact", "public_email", "public_phone", "public_website",
        ]
        labels = {
            "association_name": _("Name des Vereins"),
            "contact_name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse"),
            "phone": _("Ihre Telefonnummer"),
            "public_contact": _("Ansprechperson oder Hinweis"),
            "public_email": _("E-Mail-Adresse für die Website"),
            "public_phone": _("Telefonnummer für die Website"),
        }
        help_texts = {
            "association_name": _("So, wie er im Vereinsregister steht, falls er eingetragen ist."),
            "email": _("An diese Adresse schicken wir die Antwort und gegebenenfalls die Zugangsdaten."),
            "goods": _("Zum Beispiel: Kleidung, Hygieneartikel, haltbare Lebensmittel, Sanitätsmaterial."),
            "storage_need": _("Zum Beispiel: 4 Europaletten oder 10 Quadratmeter."),
            "publish_contact": _(
                "Nur mit diesem Haken zeigen wir die Angaben darunter auf der Seite Ihres Vereins unter „Vereine“. "
                "Ihre Angaben oben bleiben intern."
            ),
            "public_contact": _("Zum Beispiel ein Name oder „Sprechzeit dienstags 10–12 Uhr“."),
            "public_email": _("Zum Beispiel die allgemeine Adresse des Vereins."),
        }
        widgets = {
            "association_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "public_contact": forms.TextInput(attrs={"autocomplete": "off"}),
            "public_email": forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
            "public_phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
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
            "public_email": {
                "invalid": _("Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. info@example.org."),
            },
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
            Fieldset(
                _("Kontakt auf der Website (optional)"), "publish_contact", "public_contact", "public_email",
                "public_phone", "public_website",
            ),
            self.honeypot_layout(),
        )
        self.helper.add_input(Submit("weiter", _("Weiter zur Prüfung")))

    def clean(self):
        cleaned = super().clean()
        public = [name for name in CoUseApplication.PUBLIC_FIELDS if cleaned.get(name)]
        if not cleaned.get("publish_contact"):
            # Without consent nothing of it is kept, so nothing can be published by mistake later.
            for name in CoUseApplication.PUBLIC_FIELDS:
                cleaned[name] = ""
        elif not public and not self.errors:
            self.add_error("publish_contact", _(
                "Geben Sie mindestens eine Kontaktangabe für die Website an, oder nehmen Sie den Haken heraus."
            ))
        return cleaned
