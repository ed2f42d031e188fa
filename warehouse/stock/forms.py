"""Forms of the operator's stock pages. They validate input; the services decide."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from donations.models import Donation, Donor, Item, ItemCategory, ShipmentEvent, check_received_on
from partners.models import Association
from warehouse.stock.models import StockMovement

QUANTITY_ERRORS = {
    "required": _("Geben Sie eine Menge ein."),
    "invalid": _("Geben Sie die Menge als ganze Zahl ein."),
    "min_value": _("Die Menge muss mindestens 1 sein."),
}


def _helper(form, submit_label, form_id, form_tag=True):
    helper = FormHelper()
    helper.form_id = form_id
    helper.form_tag = form_tag
    helper.disable_csrf = not form_tag
    # The shipment page shows several of these forms at once: each button needs its own id.
    helper.add_input(Submit("senden", submit_label, css_id=f"{form_id}-senden"))
    form.helper = helper
    return helper


def _owners():
    return Association.objects.warehouse_users().order_by("name")


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_unit_display()})"


class BookInForm(forms.Form):
    association = forms.ModelChoiceField(
        queryset=_owners(), label=_("Für welchen Verein?"),
        error_messages={"required": _("Wählen Sie den Verein, dem die Waren gehören.")},
    )
    kind = forms.ChoiceField(choices=Donation.Kind.choices, initial=Donation.Kind.DONATION, widget=forms.RadioSelect,
                             label=_("Woher kommen die Waren?"))
    donor = forms.ModelChoiceField(
        queryset=Donor.objects.order_by("name"), required=False, label=_("Bekannte Spender*in (bei Sachspende)"),
        help_text=_("Eine Sachspende braucht eine Spender*in: Sie steht auf der Empfangsbestätigung. Wählen Sie "
                    "sie hier, oder tragen Sie darunter eine neue ein. Eine Beschaffung braucht keine."),
    )
    new_donor_name = forms.CharField(
        max_length=200, required=False, label=_("Oder neue Spender*in: Name (optional)"),
        help_text=_("Name der Person oder der Firma, so wie er auf der Empfangsbestätigung stehen soll."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    new_donor_kind = forms.ChoiceField(
        required=False, label=_("Neue Spender*in ist (optional)"), widget=forms.RadioSelect,
        choices=[(Donor.Kind.PRIVATE, Donor.Kind.PRIVATE.label), (Donor.Kind.COMPANY, Donor.Kind.COMPANY.label),
                 (Donor.Kind.ASSOCIATION, Donor.Kind.ASSOCIATION.label)],
    )
    new_donor_address = forms.CharField(
        max_length=500, required=False, label=_("Anschrift der neuen Spender*in (optional)"),
        help_text=_("Nur nötig, wenn die Empfangsbestätigung eine Anschrift tragen soll."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )
    supplier = forms.CharField(max_length=200, required=False, label=_("Lieferant (bei Beschaffung)"))
    cost = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False,
                              label=_("Kosten in Euro (bei Beschaffung)"))
    received_on = forms.DateField(label=_("Eingegangen am"), initial=timezone.localdate,
                                  help_text=_("Zum Beispiel 24.11.2026"),
                                  error_messages={"invalid": _("Geben Sie das Datum so ein: 24.11.2026.")})
    note = forms.CharField(max_length=500, required=False, label=_("Notiz"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        check_received_on(received_on)
        return received_on

    def clean(self):
        cleaned = super().clean()
        new_name = cleaned.get("new_donor_name", "").strip()
        if cleaned.get("kind") == Donation.Kind.DONATION:
            if not cleaned.get("donor") and not new_name:
                self.add_error("donor", _("Wählen Sie, wer gespendet hat, oder tragen Sie eine neue Spender*in ein."))
            elif cleaned.get("donor") and new_name:
                self.add_error("new_donor_name", _("Wählen Sie eine bekannte Spender*in oder tragen Sie eine neue "
                                                   "ein, nicht beides."))
            elif new_name and not cleaned.get("new_donor_kind"):
                self.add_error("new_donor_kind", _("Wählen Sie, ob die neue Spender*in eine Privatperson, eine "
                                                   "Firma oder ein Verein ist."))
        elif cleaned.get("donor") or new_name:
            self.add_error("kind", _("Eine Beschaffung hat keine Spender*in. Wählen Sie „Sachspende“ oder "
                                     "lassen Sie die Spender*in leer."))
        if cleaned.get("kind") == Donation.Kind.PROCUREMENT and not cleaned.get("supplier", "").strip():
            self.add_error("supplier", _("Geben Sie den Lieferanten an."))
        return cleaned

    def new_donor(self):
        """The new donor's fields for the service, or None when a known donor (or none) was chosen."""
        name = self.cleaned_data.get("new_donor_name", "").strip()
        if not name or self.cleaned_data["kind"] != Donation.Kind.DONATION:
            return None
        return {"name": name, "kind": self.cleaned_data["new_donor_kind"],
                "address": self.cleaned_data["new_donor_address"].strip()}


class LineForm(forms.Form):
    item = ItemChoiceField(queryset=Item.objects.active().order_by("name"), required=False, label=_("Hilfsgut"))
    quantity = forms.IntegerField(min_value=1, required=False, label=_("Menge"), error_messages=QUANTITY_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("item") and not cleaned.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", _("Geben Sie eine Menge ein."))
        if cleaned.get("quantity") and not cleaned.get("item"):
            self.add_error("item", _("Wählen Sie ein Hilfsgut."))
        return cleaned


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError(_("Geben Sie mindestens eine Position an."))

    def lines(self):
        return [(f.cleaned_data["item"], f.cleaned_data["quantity"], "") for f in self.forms
                if f.cleaned_data.get("item")]


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=5, max_num=20)


class TransferForm(forms.Form):
    item = ItemChoiceField(queryset=Item.objects.active().order_by("name"), label=_("Hilfsgut"),
                           error_messages={"required": _("Wählen Sie ein Hilfsgut.")})
    from_association = forms.ModelChoiceField(queryset=_owners(), label=_("Von Verein"),
                                              error_messages={"required": _("Wählen Sie den abgebenden Verein.")})
    to_association = forms.ModelChoiceField(queryset=_owners(), label=_("An Verein"),
                                            error_messages={"required": _("Wählen Sie den empfangenden Verein.")})
    quantity = forms.IntegerField(min_value=1, label=_("Menge"), error_messages=QUANTITY_ERRORS)
    note = forms.CharField(max_length=300, required=False, label=_("Begründung"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self, _("Umbuchen"), "umbuchen")


class AdjustForm(forms.Form):
    item = ItemChoiceField(queryset=Item.objects.active().order_by("name"), label=_("Hilfsgut"),
                           error_messages={"required": _("Wählen Sie ein Hilfsgut.")})
    association = forms.ModelChoiceField(queryset=_owners(), label=_("Verein"),
                                         error_messages={"required": _("Wählen Sie den Verein.")})
    reason = forms.ChoiceField(choices=StockMovement.Reason.choices, widget=forms.RadioSelect, label=_("Grund"),
                               help_text=_("Gefundenes erhöht den Bestand, alles andere verringert ihn."),
                               error_messages={"required": _("Wählen Sie einen Grund.")})
    quantity = forms.IntegerField(min_value=1, label=_("Menge"), error_messages=QUANTITY_ERRORS)
    note = forms.CharField(max_length=300, label=_("Was ist passiert?"),
                           error_messages={"required": _("Beschreiben Sie kurz, was passiert ist.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self, _("Korrektur buchen"), "korrektur")

    def signed_quantity(self):
        quantity = self.cleaned_data["quantity"]
        return quantity if self.cleaned_data["reason"] == StockMovement.Reason.FOUND else -quantity


class StartStocktakeForm(forms.Form):
    association = forms.ModelChoiceField(queryset=_owners(), label=_("Bestand welches Vereins?"),
                                         error_messages={"required": _("Wählen Sie den Verein.")})
    note = forms.CharField(max_length=300, required=False, label=_("Notiz"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self, _("Inventur beginnen"), "inventur")


class CountForm(forms.Form):
    item = ItemChoiceField(queryset=Item.objects.active().order_by("name"), label=_("Hilfsgut"),
                           error_messages={"required": _("Wählen Sie ein Hilfsgut.")})
    counted = forms.IntegerField(min_value=0, label=_("Gezählt"), error_messages={
        "required": _("Geben Sie die gezählte Menge ein."), "invalid": _("Geben Sie eine ganze Zahl ein."),
        "min_value": _("Die Menge kann nicht kleiner als 0 sein."),
    })

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self, _("Zählung speichern"), "zaehlung")


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Grund"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Geben Sie einen Grund an.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self, _("Lieferung absagen"), "absagen", form_tag=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[c for c in ShipmentEvent.Kind.choices if c[0] not in ("dispatched", "delivered")],
        label=_("Was ist passiert?"),
    )
    occurred_at = forms.DateTimeField(
        label=_("Wann?"), help_text=_("Zum Beispiel 24.11.2026 14:30"),
        error_messages={"invalid": _("Geben Sie Datum und Uhrzeit so ein: 24.11.2026 14:30."),
                        "required": _("Geben Sie an, wann es passiert ist.")},
    )
    note = forms.CharField(max_length=300, required=False, label=_("Hinweis"))

    def __init__(self, *args, shipment, **kwargs):
        super().__init__(*args, **kwargs)
        self.shipment = shipment
        if shipment.dispatched_at:
            self.fields["occurred_at"].help_text = _(
                "Zwischen der Abfahrt am %(at)s und jetzt, zum Beispiel %(example)s"
            ) % {"at": date_format(timezone.localtime(shipment.dispatched_at), "SHORT_DATETIME_FORMAT"),
                 # What to type, like the help texts above: every language reads 24.11.2026 14:30.
                 "example": f"{timezone.localtime():%d.%m.%Y %H:%M}"}
        _helper(self, _("Ereignis eintragen"), "ereignis", form_tag=False)

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        self.shipment.check_event_time(occurred_at)
        return occurred_at


class DeliveredForm(forms.Form):
    delivered_on = forms.DateField(label=_("Angekommen am"), help_text=_("Zum Beispiel 24.11.2026"),
                                   error_messages={"invalid": _("Geben Sie das Datum so ein: 24.11.2026."),
                                                   "required": _("Geben Sie an, wann die Lieferung ankam.")})
    confirmation = forms.CharField(max_length=200, label=_("Empfang bestätigt durch"),
                                   help_text=_("Name und Funktion, wie auf dem unterschriebenen Lieferschein."),
                                   error_messages={"required": _("Geben Sie an, wer den Empfang bestätigt hat.")})

    def __init__(self, *args, shipment, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.shipment = shipment
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                min_value=0, initial=line.quantity,
                label=_("Angekommen: %(item)s (verschickt %(quantity)d)") % {"item": line.item.name,
                                                                            "quantity": line.quantity},
                error_messages={"required": _("Geben Sie die angekommene Menge ein (0, wenn nichts ankam)."),
                                "invalid": _("Geben Sie eine ganze Zahl ein."),
                                "min_value": _("Die Menge kann nicht kleiner als 0 sein.")},
            )
        _helper(self, _("Ankunft eintragen"), "ankunft", form_tag=False)

    def clean_delivered_on(self):
        delivered_on = self.cleaned_data["delivered_on"]
        self.shipment.check_delivery_date(delivered_on)
        return delivered_on

    def received(self):
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class ReceiveOfferForm(forms.Form):
    item = ItemChoiceField(queryset=Item.objects.active().order_by("name"), label=_("Als welches Hilfsgut einbuchen?"),
                           error_messages={"required": _("Wählen Sie ein Hilfsgut.")})
    quantity = forms.IntegerField(min_value=1, label=_("Angekommene Menge"), error_messages=QUANTITY_ERRORS)
    association = forms.ModelChoiceField(queryset=_owners(), label=_("Welcher Verein nimmt die Sachen an?"),
                                         error_messages={"required": _("Wählen Sie den Verein.")})
    donor_address = forms.CharField(
        max_length=500, required=False, label=_("Anschrift für die Empfangsbestätigung (optional)"),
        help_text=_("Die Spender*in legen wir aus dem Angebot an; die Bestätigung geht per E-Mail an sie. "
                    "Eine Anschrift braucht es nur, wenn sie auf der Bestätigung stehen soll."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _helper(self, _("Eingang buchen"), "eingang")


class StockFilterForm(forms.Form):
    """The filters of the stock overview (GET): one owner, one category, only low levels. Empty means all."""

    verein = forms.TypedChoiceField(label=_("Verein"), required=False, coerce=int, empty_value=None)
    warengruppe = forms.ModelChoiceField(
        label=_("Warengruppe"), required=False, empty_label=_("alle Warengruppen"), queryset=ItemCategory.objects.all(),
    )

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verein"].choices = [("", _("alle Vereine"))] + [(a.pk, a.name) for a in associations]

    low = forms.BooleanField(label=_("nur unter Mindestbestand"), required=False)

    def filter(self, levels):
        if not self.is_valid():
            return levels
        if self.cleaned_data["low"]:
            levels = levels.low()
        if self.cleaned_data["verein"]:
            levels = levels.filter(association=self.cleaned_data["verein"])
        if self.cleaned_data["warengruppe"]:
            levels = levels.filter(item__category=self.cleaned_data["warengruppe"])
        return levels


class LedgerFilterForm(forms.Form):
    """The filters of the ledger (GET): item, owner, kind and a date range. Empty means all."""

    hilfsgut = ItemChoiceField(label=_("Hilfsgut"), required=False, empty_label=_("alle Hilfsgüter"),
                               queryset=Item.objects.order_by("name"))
    verein = forms.ModelChoiceField(label=_("Verein"), required=False, empty_label=_("alle Vereine"),
                                    queryset=_owners())
    art = forms.ChoiceField(label=_("Art"), required=False,
                            choices=[("", _("alle Arten")), *StockMovement.Kind.choices])
    von = forms.DateField(label=_("von (Tag)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": _("Geben Sie ein Datum ein, z. B. 2026-12-01.")})
    bis = forms.DateField(label=_("bis (Tag)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": _("Geben Sie ein Datum ein, z. B. 2026-12-01.")})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("von") and cleaned.get("bis") and cleaned["bis"] < cleaned["von"]:
            self.add_error("bis", _("Der letzte Tag darf nicht vor dem ersten liegen."))
        return cleaned

    def filter(self, movements):
        """Apply the valid filters; an invalid one is shown with its error and left out."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("hilfsgut"):
            movements = movements.filter(item=data["hilfsgut"])
        if data.get("verein"):
            movements = movements.filter(association=data["verein"])
        if data.get("art"):
            movements = movements.filter(kind=data["art"])
        if data.get("von"):
            movements = movements.filter(created_at__gte=_day_start(data["von"]))
        if data.get("bis"):
            movements = movements.filter(created_at__lt=_day_start(data["bis"] + datetime.timedelta(days=1)))
        return movements


def _day_start(day):
    """Midnight of a local day, as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class MinimumsForm(forms.Form):
    """One minimum per stock level of an association: a number, or empty for no warning."""

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(levels)
        for level in self.levels:
            self.fields[f"minimum_{level.item_id}"] = forms.IntegerField(
                label=_("Mindestbestand %(item)s") % {"item": level.item.name}, required=False, min_value=0,
                initial=level.minimum, max_value=10_000_000,
                error_messages={"invalid": _("Geben Sie eine ganze Zahl ein oder lassen Sie das Feld leer."),
                                "min_value": _("Der Mindestbestand kann nicht kleiner als 0 sein."),
                                "max_value": _("Geben Sie eine kleinere Zahl ein.")},
            )

    def rows(self):
        rows = []
        for level in self.levels:
            field = self[f"minimum_{level.item_id}"]
            if field.errors:  # the message beside the input is read with it
                field.field.widget.attrs["aria-describedby"] = f"{field.auto_id}_error"
            rows.append((level, field))
        return rows

    def minimums(self):
        return {level.item_id: self.cleaned_data[f"minimum_{level.item_id}"] for level in self.levels}


class CountCategoryChoiceForm(forms.Form):
    """Which category to count on one page (GET)."""

    warengruppe = forms.ModelChoiceField(
        label=_("Warengruppe"), queryset=ItemCategory.objects.all(), empty_label=None,
        error_messages={"required": _("Wählen Sie eine Warengruppe."),
                        "invalid_choice": _("Wählen Sie eine Warengruppe aus der Liste.")},
    )


class CategoryCountForm(forms.Form):
    """One count per item of a category; a blank field means "not counted" and leaves the item alone."""

    def __init__(self, *args, items, levels, counted, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.levels = levels
        for item in self.items:
            self.fields[f"gezaehlt_{item.pk}"] = forms.IntegerField(
                label=_("Gezählt: %(item)s") % {"item": item.name}, required=False, min_value=0,
                max_value=10_000_000, initial=counted.get(item.pk),
                error_messages={"invalid": _("Geben Sie eine ganze Zahl ein oder lassen Sie das Feld leer."),
                                "min_value": _("Die Menge kann nicht kleiner als 0 sein."),
                                "max_value": _("Geben Sie eine kleinere Zahl ein.")},
            )

    def rows(self):
        rows = []
        for item in self.items:
            field = self[f"gezaehlt_{item.pk}"]
            if field.errors:  # the message beside the input is read with it
                field.field.widget.attrs["aria-describedby"] = f"{field.auto_id}_error"
            rows.append((item, self.levels.get(item.pk, 0), field))
        return rows

    def counts(self):
        """{item: counted} for the fields filled in."""
        return {item: self.cleaned_data[f"gezaehlt_{item.pk}"] for item in self.items
                if self.cleaned_data[f"gezaehlt_{item.pk}"] is not None}
