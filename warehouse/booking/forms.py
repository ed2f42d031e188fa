"""Forms of the warehouse area. They validate and normalise; the services decide."""

import datetime
import itertools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partners.languages import GermanChoicesSelect
from partners.models import Association
from warehouse.booking.models import UTC, Booking, LoadingBay
from warehouse.booking.schedule import planning_week_start, week_start


def duration_label(minutes):
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(n)d Minuten") % {"n": minutes}
    label = ngettext("%(n)d Stunde", "%(n)d Stunden", hours) % {"n": hours}
    if rest:
        return _("%(hours)s %(minutes)d Minuten") % {"hours": label, "minutes": rest}
    return label


def week_label(monday):
    sunday = monday + datetime.timedelta(days=6)
    return _("%(monday)s bis %(sunday)s") % {
        "monday": date_format(monday, "SHORT_WEEKDAY_SHORT_MONTH_DAY_FORMAT"),
        "sunday": date_format(sunday, "SHORT_WEEKDAY_SHORT_DATE_FORMAT"),
    }


def bookable_weeks(bays, today=None):
    """Mondays of the weeks that fall into the booking window of any of the bays' warehouses."""
    today = today or timezone.localdate()
    horizon = max((bay.warehouse.booking_horizon_days for bay in bays), default=0)
    first, last = week_start(today), week_start(today + datetime.timedelta(days=horizon))
    return [first + datetime.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


class BayChoiceField(forms.TypedChoiceField):
    """One of the bays the page has loaded (with warehouse and opening hours): no query to check or show it."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)
        self.bays = {}

    def offer(self, bays):
        self.bays = {bay.pk: bay for bay in bays}
        self.choices = [(bay.pk, f"{bay.name} – {bay.description}" if bay.description else bay.name) for bay in bays]

    def clean(self, value):
        pk = super().clean(value)
        return self.bays.get(pk)


class WeekField(forms.TypedChoiceField):
    def __init__(self, weeks, **kwargs):
        super().__init__(
            choices=[(monday.isoformat(), week_label(monday)) for monday in weeks],
            coerce=datetime.date.fromisoformat, empty_value=None, **kwargs,
        )


class ChooseSlotForm(forms.Form):
    """Step 1 of booking (GET): which association, which bay, which week."""

    association = forms.ModelChoiceField(
        label=_("Für welchen Verein buchen Sie?"), queryset=None, empty_label=None,
        error_messages={"invalid_choice": _("Wählen Sie einen Ihrer Vereine.")},
    )
    bay = BayChoiceField(
        label=_("Ladezone"), widget=GermanChoicesSelect,
        error_messages={"invalid_choice": _("Wählen Sie eine Ladezone aus der Liste.")},
    )

    def __init__(self, *args, associations, bays, fixed_association=None, submit_label=None, action="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bay"].offer(bays)
        self.fields["week"] = WeekField(
            bookable_weeks(bays), label=_("Woche"), initial=planning_week_start().isoformat(),
            error_messages={"invalid_choice": _("Wählen Sie eine Woche aus der Liste.")},
        )
        if associations is None:  # the week view shows a bay, not one association's bookings
            del self.fields["association"]
            self.association = None
        elif fixed_association is not None or len(associations) == 1:
            del self.fields["association"]
            self.association = fixed_association or associations[0]
        else:
            self.fields["association"].queryset = Association.objects.filter(pk__in=[a.pk for a in associations])
            self.association = None
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "zeitraum"
        self.helper.form_action = action
        self.helper.add_input(
            Submit("anzeigen", submit_label or _("Freie Zeiten anzeigen"), css_class="kern-btn--secondary")
        )

    def clean(self):
        cleaned = super().clean()
        if self.association is None:
            self.association = cleaned.get("association")
        return cleaned


class StartRadioSelect(forms.RadioSelect):
    """The page names each day's radios "start_<day>", one radio group per day, so that the arrow keys
    stay within a day instead of walking through a whole week of times (issue 12). Whichever of them
    is sent, or a plain "start", carries the choice; starts chosen on several days are a list."""

    def value_from_datadict(self, data, files, name):
        chosen = []
        for key in data:
            value = data.get(key) if key == name or key.startswith(f"{name}_") else None
            if value and value not in chosen:
                chosen.append(value)
        if len(chosen) > 1:
            return chosen
        return chosen[0] if chosen else None

    def format_value(self, value):
        # Without JavaScript a radio cannot be unticked: show the form again with none ticked.
        if isinstance(value, list) and len(value) > 1:
            return []
        return super().format_value(value)


class StartField(forms.ChoiceField):
    """The free start times as radios. Any well-formed time passes here; the rules are the service's."""

    widget = StartRadioSelect

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, list):
            raise forms.ValidationError(self.error_messages["several"], code="several")
        moment = parse_datetime(value)
        if moment is None or timezone.is_naive(moment):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return moment.astimezone(UTC)

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class BookingForm(forms.Form):
    """Step 2 of booking (POST): a free start, a duration, purpose and note."""

    start = StartField(
        label=_("Beginn"),
        error_messages={
            "required": _("Wählen Sie einen freien Beginn."),
            "invalid_choice": _("Wählen Sie einen freien Beginn aus der Liste."),
            "several": _("Wählen Sie nur einen Beginn. Es war an mehr als einem Tag eine Zeit gewählt."),
        },
    )
    duration = forms.TypedChoiceField(
        label=_("Dauer"), coerce=int,
        error_messages={
            "required": _("Wählen Sie eine Dauer."), "invalid_choice": _("Wählen Sie eine Dauer aus der Liste."),
        },
    )
    purpose = forms.ChoiceField(
        label=_("Wofür brauchen Sie die Ladezone?"), choices=Booking.Purpose.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Wählen Sie aus, wofür Sie die Ladezone brauchen.")},
    )
    note = forms.CharField(
        label=_("Hinweis für den Lagerbetrieb"), required=False, max_length=1000,
        help_text=_("Zum Beispiel: Fahrzeug, Anzahl Paletten, Ansprechperson vor Ort."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, warehouse, starts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_starts(starts)
        self.fields["duration"].choices = [(m, duration_label(m)) for m in warehouse.duration_choices()]
        self.fields["duration"].help_text = _("Das Ende ergibt sich aus Beginn und Dauer.")

    def offer_starts(self, starts):
        """The free starts shown as radios. Validation does not need them (StartField), so a page may
        offer them after it has tried to book, from the plan as it is then."""
        self.fields["start"].choices = [
            (moment.isoformat(), _("%(time)s Uhr") % {"time": date_format(timezone.localtime(moment), "TIME_FORMAT")})
            for moment in starts
        ]

    def start_groups(self):
        """The start radios grouped by local day, for one fieldset per day."""
        widgets = list(self["start"])
        by_day = itertools.groupby(
            widgets, key=lambda w: timezone.localtime(parse_datetime(w.data["value"])).date()
        )
        return [(day, list(group)) for day, group in by_day]

    @property
    def end(self):
        start, minutes = self.cleaned_data.get("start"), self.cleaned_data.get("duration")
        if start is None or minutes is None:
            return None
        return start + datetime.timedelta(minutes=minutes)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Ablehnung"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Der Verein bekommt den Grund per E-Mail."),
        error_messages={"required": _("Geben Sie einen Grund an.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "ablehnen"
        self.helper.add_input(Submit("ablehnen", _("Buchung ablehnen")))


class DropoffDeclineForm(forms.Form):
    """The public drop-off wishes ticked on the review list; the page renders the checkboxes itself."""

    bookings = forms.ModelMultipleChoiceField(
        queryset=Booking.objects.filter(donation_offer__isnull=False),
        error_messages={
            "required": _("Wählen Sie mindestens einen Abgabewunsch aus."),
            "invalid_choice": _("Einen der gewählten Abgabewünsche gibt es nicht mehr. Bitte wählen Sie neu."),
            "invalid_pk_value": _("Wählen Sie die Abgabewünsche in der Liste aus."),
        },
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Absage"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hilft dem Lagerbetrieb bei der Planung."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "absagen"
        self.helper.add_input(Submit("absagen", _("Ja, Buchung absagen")))


class DayForm(forms.Form):
    date = forms.DateField(
        label=_("Tag"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geben Sie ein Datum ein, z. B. 2026-12-01.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "tag"
        self.helper.add_input(Submit("anzeigen", _("Tag anzeigen"), css_class="kern-btn--secondary"))


class BlockTimeForm(forms.Form):
    bay = forms.ModelChoiceField(
        label=_("Was wird gesperrt?"), queryset=LoadingBay.objects.none(), required=False,
        empty_label=_("die ganze Halle"),
    )
    start_date = forms.DateField(label=_("Beginn: Tag"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Beginn: Uhrzeit"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_date = forms.DateField(label=_("Ende: Tag"), widget=forms.DateInput(attrs={"type": "date"}))
    end_time = forms.TimeField(label=_("Ende: Uhrzeit"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(
        label=_("Grund"), max_length=200, help_text=_("Zum Beispiel: Wartung des Rolltors, Betriebsferien.")
    )
    release_bookings = forms.BooleanField(
        label=_("Buchungen freigeben: Buchungen in dieser Zeit absagen und die Vereine benachrichtigen"),
        required=False,
    )

    def __init__(self, *args, warehouse, **kwargs):
        super().__init__(*args, **kwargs)
        self.warehouse = warehouse
        self.fields["bay"].queryset = warehouse.bays.all()
        for name, message in [
            ("start_date", _("Geben Sie den Tag des Beginns ein.")),
            ("start_time", _("Geben Sie die Uhrzeit des Beginns ein.")),
            ("end_date", _("Geben Sie den Tag des Endes ein.")),
            ("end_time", _("Geben Sie die Uhrzeit des Endes ein.")),
            ("reason", _("Geben Sie einen Grund an.")),
        ]:
            self.fields[name].error_messages.update(required=message, invalid=message)
        self.helper = FormHelper()
        self.helper.form_id = "sperren"
        self.helper.layout = Layout(
            "bay",
            Fieldset(_("Beginn"), "start_date", "start_time"),
            Fieldset(_("Ende"), "end_date", "end_time"),
            "reason", "release_bookings",
        )
        self.helper.add_input(Submit("sperren", _("Zeit sperren")))

    def _moment(self, day, time):
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name) for name in ("start_date", "start_time", "end_date", "end_time")]
        if None in parts:
            return cleaned
        cleaned["start"] = self._moment(parts[0], parts[1])
        cleaned["end"] = self._moment(parts[2], parts[3])
        if cleaned["end"] <= cleaned["start"]:
            self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned
