"""/spenden/angebot/: offer goods, check the answers, get a reference number.

The form lives in donations; the optional drop-off wish needs the warehouse's free times and a
booking, so the workflow is routed here (warehouse sits above donations).
"""

import datetime

from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from crises.models import Appeal
from donations.forms import DonationOfferForm
from donations.models import DonationOffer
from partners import public_cache
from warehouse.booking import data_version
from warehouse.booking.schedule import DROPOFF_DAY_FULL, BookingError, DropoffDayFull
from warehouse.intake import drafts
from warehouse.intake.forms import CoUseApplicationForm
from warehouse.intake.models import CoUseApplication
from warehouse.intake.services import dropoff_choices, dropoff_warehouse, submit_co_use, submit_offer

SESSION_ANSWERS = "donation_offer_answers"
SESSION_REFERENCE = "donation_offer_reference"
NO_DROPOFF = ""


def _slot_label(start):
    return _("%(time)s Uhr") % {"time": formats.date_format(timezone.localtime(start), "TIME_FORMAT")}


def _day_label(day):
    return formats.date_format(day, "WEEKDAY_DATE_FORMAT")


SLOT_GONE = _("Dieser Termin ist nicht mehr frei. Bitte wählen Sie einen anderen.")


class DropoffSlotField(forms.ChoiceField):
    """A time from the list; a time on a day that has filled up since the form was shown says so."""

    full_days = frozenset()

    def validate(self, value):
        if value and not self.valid_value(value) and self._day(value) in self.full_days:
            raise ValidationError(DROPOFF_DAY_FULL, code="day_full")
        super().validate(value)

    @staticmethod
    def _day(value):
        try:
            return timezone.localtime(datetime.datetime.fromisoformat(value)).date()
        except ValueError:  # not a time at all, or one without a time zone
            return None


class OfferWithDropoffForm(DonationOfferForm):
    # The open appeal the offer answers, when the person came from its page (?aufruf=<slug>).
    appeal = forms.ModelChoiceField(
        queryset=Appeal.objects.none(), to_field_name="slug", required=False, widget=forms.HiddenInput
    )
    dropoff_slot = DropoffSlotField(
        label=_("Wunschtermin für die Abgabe in der Lagerhalle"), required=False,
        help_text=_("Nur nach Termin. Der Termin gilt erst, wenn die Lagerhalle ihn bestätigt."),
        error_messages={"invalid_choice": SLOT_GONE},
    )

    def __init__(self, *args, slots=None, full_days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dropoff_slot"].full_days = frozenset(full_days)
        choices = [(NO_DROPOFF, _("Noch kein Termin – bitte melden Sie sich bei mir"))]
        for day, starts in (slots or {}).items():
            options = [(timezone.localtime(start).isoformat(), _slot_label(start)) for start in starts]
            choices.append((_day_label(day), options))
        self.fields["dropoff_slot"].choices = choices
        self.helper.layout.append("dropoff_slot")
        self.fields["dropoff_slot"].widget.attrs["autocomplete"] = "off"
        self.fields["appeal"].queryset = Appeal.objects.open()
        self.helper.layout.append("appeal")

    def clean(self):
        cleaned = super().clean()
        self.instance.appeal = cleaned.get("appeal")
        return cleaned

    def dropoff_start(self):
        value = self.cleaned_data.get("dropoff_slot")
        return datetime.datetime.fromisoformat(value) if value else None


def _form(data=None, initial=None):
    slots, full_days = dropoff_choices(dropoff_warehouse())
    return OfferWithDropoffForm(data, initial=initial, slots=slots, full_days=full_days)


def _appeal_answers(request):
    """The form preset to the open appeal named by ?aufruf=<slug>: its wanted goods, and the link to it."""
    appeal = Appeal.objects.open().filter(slug=request.GET.get("aufruf", "")).first()
    if appeal is None:
        return None
    wanted = list(appeal.lines.filter(no_longer_needed=False).select_related("item"))
    names = ", ".join(line.item.name for line in wanted)
    initial = {"appeal": appeal.slug, "description": _("Für den Spendenaufruf „%(title)s“: %(items)s")
               % {"title": appeal.title, "items": names}}
    if wanted:
        initial.update(category=wanted[0].item.category_id, unit=wanted[0].item.unit)
    return initial


# Stands in for the CSRF token in the stored markup of the empty form; letters only, so escaping keeps it.
_CSRF_PLACEHOLDER = "csrftokenplaceholderf3a9c1d7e5b2"


def _empty_form_html(request):
    """The markup of the empty offer form with this request's CSRF token.

    Rendering the form with its hundred drop-off times is most of the page's cost, and the empty
    form is the same for everyone until the plan, the public data (categories, the operator) or the
    hour changes, so its markup is stored. The token is masked afresh for each response.
    """

    def render_form():
        return render_crispy_form(_form(), context={"csrf_token": _CSRF_PLACEHOLDER})

    hour = timezone.localtime().strftime("%Y-%m-%dT%H")
    html = data_version.cached("offer-form", render_form, get_language(), public_cache.version(), hour)
    return mark_safe(html.replace(_CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 – our own markup


def _empty_form_page(request):
    """The whole page with the empty form, for a visitor without a session or a query string: the
    same for all of them (not logged in, no messages, no draft) but for the CSRF token, put in afresh.

    What remains after storing the form's markup is rendering the page around it; on the day a
    crisis is in the news most visitors of this page are exactly these.
    """

    def render_page():
        form_html = mark_safe(render_crispy_form(_form(), context={"csrf_token": _CSRF_PLACEHOLDER}))  # noqa: S308
        context = {"form": None, "form_html": form_html, "csrf_token": _CSRF_PLACEHOLDER}
        return render_to_string("warehouse/offer/form.html", context, request=request)

    hour = timezone.localtime().strftime("%Y-%m-%dT%H")
    html = data_version.cached("offer-page", render_page, get_language(), public_cache.version(), hour)
    return HttpResponse(html.replace(_CSRF_PLACEHOLDER, get_token(request)))


def _is_fresh_visitor(request):
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.GET


@require_http_methods(["GET", "HEAD", "POST"])
def offer_form(request):
    """Step 1: the answers. They wait in the session until the person has checked them."""
    if request.method == "POST":
        form = _form(request.POST)
        if form.is_valid():
            if form.is_spam():
                return redirect("offers:done")
            answers = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
            drafts.save(request, SESSION_ANSWERS, answers)
            return redirect("offers:check")
    elif _is_fresh_visitor(request):
        return _empty_form_page(request)
    else:
        answers = drafts.load(request, SESSION_ANSWERS)
        preset = None if answers else _appeal_answers(request)
        if preset:
            return render(request, "warehouse/offer/form.html", {"form": _form(initial=preset)})
        if not answers:
            return render(request, "warehouse/offer/form.html", {"form": None, "form_html": _empty_form_html(request)})
        form = _form(answers)
    return render(request, "warehouse/offer/form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def offer_check(request):
    """Step 2: check your answers, then send."""
    answers = drafts.load(request, SESSION_ANSWERS)
    if not answers:
        return redirect("offers:form")
    form = _form(answers)
    if not form.is_valid():
        # A wished time may have gone in the meantime: back to the form, which shows why.
        return render(request, "warehouse/offer/form.html", {"form": form})
    if request.method == "POST":
        try:
            offer, _booking = submit_offer(form=form, dropoff_start=form.dropoff_start())
        except BookingError as error:
            form.add_error("dropoff_slot", error.message if isinstance(error, DropoffDayFull) else SLOT_GONE)
            return render(request, "warehouse/offer/form.html", {"form": form})
        drafts.discard(request, SESSION_ANSWERS)
        request.session[SESSION_REFERENCE] = offer.reference
        return redirect("offers:done")
    return render(request, "warehouse/offer/check.html", {"form": form, "dropoff_start": form.dropoff_start()})


@require_safe
def offer_done(request):
    reference = request.session.get(SESSION_REFERENCE)
    if not reference:
        return redirect("offers:form")
    offer = get_object_or_404(DonationOffer, reference=reference)
    return render(request, "warehouse/offer/done.html", {"offer": offer})


CO_USE_SESSION_ANSWERS = "warehouse_co_use_answers"
CO_USE_SESSION_REFERENCE = "warehouse_co_use_reference"


@require_http_methods(["GET", "POST"])
def co_use_apply(request):
    """Step 1: the answers. They wait in the session until the applicant has checked them."""
    if request.method == "POST":
        form = CoUseApplicationForm(request.POST)
        if form.is_valid():
            if form.is_spam():
                return redirect("warehouse:co-use-done")
            drafts.save(request, CO_USE_SESSION_ANSWERS, form.cleaned_data)
            return redirect("warehouse:co-use-check")
    else:
        form = CoUseApplicationForm(initial=drafts.load(request, CO_USE_SESSION_ANSWERS))
    return render(request, "warehouse/co_use_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def co_use_check(request):
    """Step 2: check your answers, then send."""
    answers = drafts.load(request, CO_USE_SESSION_ANSWERS)
    if not answers:
        return redirect("warehouse:co-use")
    form = CoUseApplicationForm(answers)
    if not form.is_valid():
        return redirect("warehouse:co-use")
    if request.method == "POST":
        application = submit_co_use(form=form)
        drafts.discard(request, CO_USE_SESSION_ANSWERS)
        request.session[CO_USE_SESSION_REFERENCE] = application.reference
        return redirect("warehouse:co-use-done")
    context = {"form": form, "public_fields": CoUseApplication.PUBLIC_FIELDS}
    return render(request, "warehouse/co_use_check.html", context)


@require_GET
def co_use_done(request):
    reference = request.session.get(CO_USE_SESSION_REFERENCE)
    if not reference:
        return redirect("warehouse:co-use")
    application = get_object_or_404(CoUseApplication, reference=reference)
    return render(request, "warehouse/co_use_done.html", {"application": application})
