from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from PIL import Image

from crises.models import ChecklistTemplate, Task

DECOMPRESSION_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)


class LimitedImageField(forms.ImageField):
    """An image field that refuses pictures with more pixels than IMAGE_UPLOAD_MAX_PIXELS.

    The size is read from the image header before Pillow decodes anything, so a small file that
    unpacks to a huge bitmap costs no memory.
    """

    default_error_messages = {
        "too_many_pixels": _("Das Bild hat zu viele Bildpunkte. Erlaubt sind höchstens %(limit)s Megapixel."),
    }

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            try:
                width, height = get_image_dimensions(data)
            except DECOMPRESSION_BOMBS:
                raise self._too_many_pixels() from None
            if width and height and width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                raise self._too_many_pixels()
        try:
            return super().to_python(data)
        except ValidationError as error:
            # Pillow's own decompression-bomb guard, in case the header could not be read above.
            if isinstance(error.__cause__, DECOMPRESSION_BOMBS):
                raise self._too_many_pixels() from error.__cause__
            raise

    def _too_many_pixels(self):
        megapixels = f"{settings.IMAGE_UPLOAD_MAX_PIXELS / 1_000_000:g}"
        return ValidationError(
            self.error_messages["too_many_pixels"], code="too_many_pixels", params={"limit": megapixels}
        )


class CountryListInput(forms.TextInput):
    """A text input for country codes with a datalist of every country: keyboard-friendly, no script."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = self._datalist_id(context["widget"]["attrs"], name)
        return context

    @staticmethod
    def _datalist_id(attrs, name):
        return f"{attrs.get('id') or name}-laender"

    def render(self, name, value, attrs=None, renderer=None):
        from django_countries import countries

        options = format_html_join("", '<option value="{}">{}</option>', ((code, name) for code, name in countries))
        datalist = format_html('<datalist id="{}">{}</datalist>', self._datalist_id(attrs or {}, name), options)
        return super().render(name, value, attrs, renderer) + datalist


class CountryListField(forms.CharField):
    """Countries as ISO codes or names, separated by commas: "UA, TR" or "Ukraine, Türkei".

    In place of a multi-select of 250 rows. Cleans to a list of codes; shows the stored countries
    as codes, which are short and unambiguous (some German country names contain a comma).
    """

    widget = CountryListInput
    default_error_messages = {
        "unknown": _("Diese Angaben kennen wir nicht als Land: %(unknown)s. Geben Sie den Ländercode "
                     "(z. B. UA) oder den deutschen Namen (z. B. Ukraine) ein, mehrere durch Komma getrennt."),
    }

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        # The stored value: Country objects (django-countries' own list type) or codes.
        return ", ".join(str(getattr(country, "code", country)) for country in value)

    def to_python(self, value):
        from django_countries import countries

        codes, unknown = [], []
        for entry in (part.strip() for part in (value or "").replace(";", ",").split(",")):
            if not entry:
                continue
            code = (entry.upper() if entry.upper() in countries else None) or countries.by_name(
                entry, language="de") or countries.by_name(entry)
            if not code:
                unknown.append(f"„{entry}“")
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise ValidationError(self.error_messages["unknown"], code="unknown",
                                  params={"unknown": ", ".join(unknown)})
        return codes

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class CrisisAdminForm(forms.ModelForm):
    countries = CountryListField(
        label=_("Länder"),
        error_messages={"required": _("Geben Sie mindestens ein Land an.")},
        help_text=_("Ländercodes oder deutsche Namen, durch Komma getrennt, z. B. „UA, TR“ oder "
                    "„Ukraine, Türkei“. Beim Tippen schlägt das Feld Länder vor."),
    )


# --- Aid actions ---------------------------------------------------------------------------------


class ShiftSignupForm(forms.Form):
    """Sign up for a volunteer shift: a name and an e-mail address, no account."""

    name = forms.CharField(
        label=_("Ihr Name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Geben Sie Ihren Namen ein.")},
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"), max_length=254,
        help_text=_("Dorthin schicken wir die Bestätigung, eine Erinnerung am Vortag und den Link zum Absagen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={
            "required": _("Geben Sie Ihre E-Mail-Adresse ein."),
            "invalid": _("Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. name@example.org."),
        },
    )
    # People never see it (CSS hides it); robots fill it in, and such a sign-up is dropped quietly.
    website = forms.CharField(
        label=_("Bitte lassen Sie dieses Feld leer"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "anmeldung"
        self.helper.privacy_link = True
        self.helper.layout = Layout("name", "email", Div("website", css_class="form-honeypot"))
        self.helper.add_input(Submit("anmelden", _("Verbindlich anmelden")))

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class CancelSignupForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("absagen", _("Ja, absagen")))


SELECT = forms.Select(attrs={"class": "kern-form-input__select"})


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Neuer Status"), widget=SELECT)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = action.next_statuses()


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Checkliste aus Vorlage übernehmen"), queryset=ChecklistTemplate.objects.all(), widget=SELECT,
        error_messages={"required": _("Bitte wählen Sie eine Vorlage.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Task.Status.choices


class ShiftMessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Betreff"), max_length=150, error_messages={"required": _("Geben Sie einen Betreff ein.")}
    )
    text = forms.CharField(
        label=_("Nachricht"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Geben Sie eine Nachricht ein.")},
    )
