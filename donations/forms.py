from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from donations.models import DonationOffer, ItemCategory

TEXT_TOO_LONG = _("Bitte kürzen Sie den Text auf höchstens %(limit_value)d Zeichen (jetzt %(show_value)d).")


def explain_length_limits(form):
    """One plain message for every length-limited field of a public form, shown next to the field."""
    for field in form.fields.values():
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = TEXT_TOO_LONG


class HoneypotMixin(forms.Form):
    """A field people never see and robots fill in: a form sent with it filled is dropped quietly.

    CSS hides it (`.form-honeypot { display: none; }`), so screen readers and keyboards skip it too;
    its label still tells anyone who meets it (a text browser, say) to leave it empty. Robots get the
    same answer as people, so they learn nothing; nothing is stored and nothing is mailed.
    """

    website = forms.CharField(  # a name that form-filling robots cannot resist
        label=_("Bitte lassen Sie dieses Feld leer"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @staticmethod
    def honeypot_layout():
        return Div("website", css_class="form-honeypot")

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class DonationOfferForm(HoneypotMixin, forms.ModelForm):
    """The public offer form. Fields are grouped in fieldsets: who, what, where."""

    category = forms.ModelChoiceField(
        queryset=ItemCategory.objects.all(), required=False, label=_("Welche Art von Sachen?"),
        empty_label=_("Bitte wählen (optional)"),
    )

    class Meta:
        model = DonationOffer
        fields = [
            "offerer_kind", "organisation", "contact_name", "email", "phone",
            "category", "description", "quantity", "unit", "condition", "location",
        ]
        labels = {
            "offerer_kind": _("Wer bietet die Spende an?"),
            "organisation": _("Name des Unternehmens, Vereins oder Amts"),
            "contact_name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse"),
            "phone": _("Ihre Telefonnummer"),
            "description": _("Was möchten Sie spenden?"),
            "quantity": _("Wie viel?"),
            "unit": _("Einheit"),
            "condition": _("In welchem Zustand sind die Sachen?"),
            "location": _("Wo sind die Sachen jetzt?"),
        }
        help_texts = {
            "organisation": _("Nur, wenn Sie nicht als Privatperson spenden."),
            "email": _("An diese Adresse schicken wir die Bestätigung."),
            "phone": _("Für Rückfragen zur Abgabe."),
            "description": _("Zum Beispiel: 20 Schlafsäcke, neu, original verpackt."),
            "quantity": _("Eine ganze Zahl, zum Beispiel 20."),
            "location": _("Ort oder Stadtteil, zum Beispiel Dortmund-Hörde. Wichtig, wenn wir abholen müssten."),
        }
        widgets = {
            "offerer_kind": forms.RadioSelect,
            "condition": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "quantity": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "location": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        error_messages = {
            "offerer_kind": {"required": _("Wählen Sie aus, wer die Spende anbietet.")},
            "contact_name": {"required": _("Geben Sie Ihren Namen ein.")},
            "email": {
                "required": _("Geben Sie Ihre E-Mail-Adresse ein."),
                "invalid": _("Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. name@example.org."),
            },
            "description": {"required": _("Beschreiben Sie, was Sie spenden möchten.")},
            "quantity": {
                "required": _("Geben Sie an, wie viel Sie spenden möchten."),
                "invalid": _("Geben Sie die Menge als ganze Zahl ein, zum Beispiel 20."),
                "min_value": _("Die Menge muss mindestens 1 sein."),
                "max_value": _("Die Menge darf höchstens 100000 sein."),
            },
            "condition": {"required": _("Wählen Sie den Zustand der Sachen aus.")},
            "location": {"required": _("Geben Sie an, wo die Sachen jetzt sind.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios have no empty "---------" option: nothing is chosen until the person chooses.
        self.fields["offerer_kind"].choices = DonationOffer.OffererKind.choices
        self.fields["condition"].choices = DonationOffer.Condition.choices
        explain_length_limits(self)
        self.helper = FormHelper()
        self.helper.form_id = "angebot"
        self.helper.privacy_link = True
        self.helper.layout = Layout(
            Fieldset(_("Wer bietet an?"), "offerer_kind", "organisation", "contact_name", "email", "phone"),
            Fieldset(_("Was bieten Sie an?"), "category", "description", "quantity", "unit", "condition", "location"),
            self.honeypot_layout(),
        )
        self.helper.add_input(Submit("weiter", _("Weiter zur Prüfung")))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("offerer_kind")
        if kind and kind != DonationOffer.OffererKind.PRIVATE and not cleaned.get("organisation", "").strip():
            self.add_error("organisation", _("Geben Sie den Namen des Unternehmens, Vereins oder Amts ein."))
        return cleaned
