"""Forms of the pages behind a partner's personal link: a needs list and a receipt confirmation.

Plain forms without JavaScript: the needs list has a fixed number of empty rows, and "Weitere
Zeilen" sends the form back with more rows (nothing typed is lost).
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crises.forms import LimitedImageField
from donations.models import Item, Priority, Unit
from donations.partner_requests import MAX_LINES
from donations.receipts import ReceiptLine, validate_photo_size
from partners.languages import GermanChoicesSelect

QUANTITY_ERRORS = {
    "required": _("Geben Sie eine Menge ein."),
    "invalid": _("Geben Sie die Menge als ganze Zahl ein."),
    "min_value": _("Die Menge muss mindestens 1 sein."),
    "max_value": _("Die Menge ist zu groß."),
}
ROWS = 5  # empty rows a new list starts with, and the rows "Weitere Zeilen" adds
MORE_ROWS = ROWS


def _no_tag(form):
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.disable_csrf = True


class NeedsRequestForm(forms.Form):
    institution = forms.CharField(
        label=_("Für welche Einrichtung?"), max_length=200,
        error_messages={"required": _("Geben Sie an, für welche Einrichtung der Bedarf ist.")},
    )
    deadline = forms.DateField(
        label=_("Gebraucht bis (optional)"), required=False, help_text=_("Zum Beispiel 31.01.2027"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geben Sie ein Datum ein, zum Beispiel 31.01.2027.")},
    )
    note = forms.CharField(label=_("Hinweis (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_tag(self)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("Das Datum liegt in der Vergangenheit."))
        return deadline


class NeedsLineForm(forms.Form):
    item = forms.ChoiceField(label=_("Hilfsgut aus unserer Liste"), required=False, widget=GermanChoicesSelect)
    description = forms.CharField(label=_("Oder: was genau?"), required=False, max_length=200)
    quantity = forms.IntegerField(label=_("Menge"), required=False, min_value=1, max_value=1_000_000,
                                  error_messages=QUANTITY_ERRORS)
    unit = forms.ChoiceField(label=_("Einheit"), choices=Unit.choices, initial=Unit.PIECE)
    priority = forms.TypedChoiceField(label=_("Dringlichkeit"), choices=Priority.choices, coerce=int,
                                      initial=Priority.NORMAL)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        # The catalogue is read once for all rows (a ModelChoiceField would ask the database per row).
        self.items = items
        self.fields["item"].choices = [("", _("– bitte wählen oder unten beschreiben –"))] + [
            (str(pk), f"{item.name} ({item.get_unit_display()})") for pk, item in items.items()
        ]
        _no_tag(self)

    def clean_item(self):
        value = self.cleaned_data["item"]
        return self.items[int(value)] if value else None

    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not data.get("item") and not (data.get("description") or "").strip() and not data.get("quantity")

    def clean(self):
        cleaned = super().clean()
        if self.is_blank():
            return cleaned
        if not cleaned.get("item") and not (cleaned.get("description") or "").strip():
            self.add_error("item", _("Wählen Sie ein Hilfsgut oder beschreiben Sie, was gebraucht wird."))
        if not cleaned.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", _("Geben Sie eine Menge ein."))
        return cleaned


class BaseNeedsLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        items = {item.pk: item for item in Item.objects.active().order_by("name")}
        kwargs.setdefault("form_kwargs", {})["items"] = items
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError(_("Geben Sie mindestens eine Position an."))

    def lines(self):
        return [
            {name: form.cleaned_data[name] for name in ("item", "description", "quantity", "unit", "priority")}
            for form in self.forms if not form.is_blank()
        ]


NeedsLineFormSet = forms.formset_factory(
    NeedsLineForm, formset=BaseNeedsLineFormSet, extra=ROWS, max_num=MAX_LINES, absolute_max=MAX_LINES,
    validate_max=True,
)


def needs_lines_with_more_rows(data, prefix):
    """The rows as typed, unchecked, and MORE_ROWS empty ones below (the "Weitere Zeilen" button).

    Unbound, with the typed values as initial data: a bound form would show errors on rows the
    person has not finished yet.
    """
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", ROWS)), MAX_LINES - MORE_ROWS)
    except ValueError:
        total = ROWS
    names = ("item", "description", "quantity", "unit", "priority")
    rows = [{name: data.get(f"{prefix}-{index}-{name}", "") for name in names} for index in range(max(total, 0))]
    return NeedsLineFormSet(initial=rows, prefix=prefix)


class ReceiptForm(forms.Form):
    confirmed_by = forms.CharField(
        label=_("Ihr Name und Ihre Funktion"), max_length=200,
        error_messages={"required": _("Geben Sie Ihren Namen an.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    note = forms.CharField(label=_("Hinweis (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    delivery_note = LimitedImageField(
        label=_("Foto des unterschriebenen Lieferscheins (optional)"), required=False,
        help_text=_("JPEG, PNG oder WebP, höchstens 5 MB."), validators=[validate_photo_size],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_tag(self)


class ReceiptLineForm(forms.Form):
    """One shipment line: how much arrived and in what condition. `line` is the ShipmentLine."""

    received = forms.IntegerField(
        label=_("Angekommen"), min_value=0, max_value=1_000_000,
        error_messages={**QUANTITY_ERRORS, "min_value": _("Die Menge kann nicht kleiner als 0 sein.")},
    )
    condition = forms.ChoiceField(label=_("Zustand"), choices=ReceiptLine.Condition.choices,
                                  initial=ReceiptLine.Condition.GOOD)

    def __init__(self, *args, line, **kwargs):
        self.line = line
        super().__init__(*args, **kwargs)
        _no_tag(self)


class BaseReceiptLineFormSet(forms.BaseFormSet):
    """One form per shipment line, prefilled with what the recipient said before, else with what was sent.

    The rows are the shipment's lines, whatever count the page sends back.
    """

    def __init__(self, *args, lines, **kwargs):
        self.lines = lines
        kwargs["initial"] = [_previous_answer(line) for line in lines]
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.lines)

    def initial_form_count(self):
        return len(self.lines)

    def get_form_kwargs(self, index):
        return {"line": self.lines[index]}

    def received(self):
        """{shipment line pk: (quantity, condition)} from the cleaned forms."""
        return {form.line.pk: (form.cleaned_data["received"], form.cleaned_data["condition"]) for form in self.forms}


def _previous_answer(line):
    previous = getattr(line, "receipt_line", None)
    if previous is not None:
        return {"received": previous.received_quantity, "condition": previous.condition}
    return {"received": line.delivered_quantity, "condition": ReceiptLine.Condition.GOOD}


ReceiptLineFormSet = forms.formset_factory(ReceiptLineForm, formset=BaseReceiptLineFormSet, extra=0)
