"""Forms of an association's own page: its public details, and inviting and changing members."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partners.languages import shows_german_fallback
from partners.models import Association, Membership


class PublicDetailsForm(forms.ModelForm):
    """What the association's public page shows. The internal contact fields are not in it."""

    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
        error_messages={"invalid": _("Geben Sie eine Adresse im richtigen Format ein, z. B. https://example.org.")},
    )

    class Meta:
        model = Association
        fields = ["summary", "description", "public_contact", "public_email", "public_phone", "website"]
        labels = {
            "summary": _("Kurzbeschreibung"),
            "public_contact": _("Ansprechperson oder Hinweis"),
            "public_email": _("E-Mail-Adresse"),
            "public_phone": _("Telefonnummer"),
        }
        help_texts = {
            "summary": _("Ein oder zwei Sätze: Was tut Ihr Verein?"),
            "description": _("Mehr über Ihren Verein. Markdown ist erlaubt, z. B. **fett**."),
        }
        widgets = {
            "summary": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "public_contact": forms.TextInput(attrs={"autocomplete": "off"}),
            "public_email": forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
            "public_phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }
        error_messages = {
            "public_email": {
                "invalid": _("Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. info@example.org."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "oeffentliche-angaben"
        self.helper.layout = Layout(
            Fieldset(_("Über Ihren Verein"), "summary", "description"),
            Fieldset(_("So erreicht man Ihren Verein"), "public_contact", "public_email", "public_phone", "website"),
        )
        self.helper.add_input(Submit("speichern", _("Speichern")))
        # On another language's page the fields hold that language's text. One not written yet starts
        # empty, or saving would store the German text as its translation; the page keeps showing German.
        for name in ("summary", "description"):
            if shows_german_fallback(self.instance, name):
                self.initial[name] = ""
                self.fields[name].help_text = format_lazy(
                    "{} {}", self.fields[name].help_text,
                    _("Noch nicht in dieser Sprache geschrieben: Ihre Seite zeigt bis dahin den deutschen Text."),
                )


ROLE_CHOICES = [(Membership.Role.MEMBER, _("Mitglied: kann Zeiten buchen und den Bestand sehen")),
                (Membership.Role.MANAGER, _("Verantwortlich: kann außerdem Angaben und Mitglieder verwalten"))]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
        error_messages={
            "required": _("Geben Sie die E-Mail-Adresse der Person ein."),
            "invalid": _("Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. name@example.org."),
        },
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        label=_("Rolle"), choices=ROLE_CHOICES, initial=Membership.Role.MEMBER, widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie eine Rolle."),
                        "invalid_choice": _("Wählen Sie eine Rolle aus der Liste.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "einladen"
        self.helper.layout = Layout(Fieldset(_("Eine Person einladen"), "email", "name", "role"))
        self.helper.add_input(Submit("einladen", _("Einladung senden")))


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Neue Rolle"), choices=Membership.Role.choices,
        error_messages={"required": _("Wählen Sie eine Rolle."),
                        "invalid_choice": _("Wählen Sie eine Rolle aus der Liste.")},
    )
