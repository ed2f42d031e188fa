"""Forms for deciding offers (operator pages and admin). They validate; `decisions` decides.

Apart from forms.py, whose forms are the public ones.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from donations.models import DonationOffer


class OfferDeclineForm(forms.Form):
    reason_kind = forms.ChoiceField(
        label=_("Warum lehnen Sie das Angebot ab?"), choices=DonationOffer.DeclineReason.choices,
        widget=forms.RadioSelect, error_messages={"required": _("Wählen Sie einen Grund.")},
    )
    reason = forms.CharField(
        label=_("Erläuterung (optional, bei „Anderes“ nötig)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Steht so in der E-Mail an die Person. Ein Abgabetermin wird dabei sofort freigegeben."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "ablehnen"
        self.helper.add_input(Submit("ablehnen", _("Angebot ablehnen")))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason_kind") == DonationOffer.DeclineReason.OTHER and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Beschreiben Sie den Grund in ein paar Worten."))
        return cleaned
