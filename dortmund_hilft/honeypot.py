"""A field people never see and robots fill in: a form sent with it filled is dropped quietly.

It is hidden by CSS (`.form-honeypot { display: none; }`), so screen readers and keyboards skip it
too; its label still tells anyone who meets it (a text browser, say) to leave it empty. Robots get
the same answer as people, so they learn nothing; nothing is stored and nothing is mailed.
"""

from crispy_forms.layout import Div
from django import forms
from django.utils.translation import gettext_lazy as _

FIELD = "website"  # a name that form-filling robots cannot resist


class HoneypotMixin(forms.Form):
    website = forms.CharField(
        label=_("Bitte lassen Sie dieses Feld leer"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @staticmethod
    def honeypot_layout():
        return Div(FIELD, css_class="form-honeypot")

    def is_spam(self):
        """A filled-in hidden field means a robot sent the form."""
        return bool(self.cleaned_data.get(FIELD))
