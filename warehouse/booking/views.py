"""The associations' own area at /lager/: their bookings, booking, the week view, the calendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partners.contacts import Language
from partners.languages import account_language
from partners.site_url import absolute_url
from warehouse.access import is_operator, managed_associations, member_associations, member_required
from warehouse.booking import services
from warehouse.booking.access import get_association_for_member, get_booking_for_member, get_feed_for_manager
from warehouse.booking.calendar import association_feed
from warehouse.booking.forms import BookingForm, CancelForm, ChooseSlotForm
from warehouse.booking.models import UTC, Booking, CalendarFeed, LoadingBay
from warehouse.booking.schedule import Schedule, planning_week_start, week_overview, week_start

UPCOMING_PER_PAGE = 20
PAST_SHOWN = 10
PAST_PER_PAGE = 25


@require_GET
@login_required
def home(request):
    associations = list(member_associations(request.user))
    if not associations:
        if is_operator(request.user):
            return redirect("warehouse:operator-requests")
        return render(request, "warehouse/no_association.html", status=403)
    bookings = Booking.objects.for_associations(associations).with_details()
    now = timezone.now()
    page = Paginator(bookings.upcoming(now), UPCOMING_PER_PAGE).get_page(request.GET.get("seite"))
    # One row more than shown tells whether to link to the page of all past bookings, without counting.
    past = list(bookings.past(now)[:PAST_SHOWN + 1])
    context = {
        "associations": associations,
        "page": page, "upcoming": page.object_list, "query": "",
        "past": past[:PAST_SHOWN], "more_past": len(past) > PAST_SHOWN,
        "is_operator": is_operator(request.user),
        "manages_association": managed_associations(request.user).exists(),
    }
    return render(request, "warehouse/home.html", context)


@require_GET
@member_required
def past_bookings(request):
    associations = request.member_associations
    bookings = Booking.objects.for_associations(associations).with_details().past()
    page = Paginator(bookings, PAST_PER_PAGE).get_page(request.GET.get("seite"))
    context = {"associations": associations, "page": page, "bookings": page.object_list, "query": ""}
    return render(request, "warehouse/past_bookings.html", context)


def _bays():
    return list(LoadingBay.objects.active().select_related("warehouse").prefetch_related("warehouse__opening_hours"))


def _apply_refusal(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _week_schedule(choose, booking=None):
    """The chosen bay's plan of the chosen week (a booking being changed counts as free)."""
    bay, monday = choose.cleaned_data["bay"], choose.cleaned_data["week"]
    return Schedule.load(bay, monday, monday + datetime.timedelta(days=6), exclude_pk=booking.pk if booking else None)


def _slot_form(request, choose, data, booking=None):
    """Step 2: start, duration, purpose. Its free starts are offered later, from the week's schedule."""
    initial = {}
    if booking is not None:
        minutes = int(booking.duration.total_seconds() // 60)
        initial = {"start": booking.start.astimezone(UTC).isoformat(), "duration": minutes,
                   "purpose": booking.purpose, "note": booking.note}
    elif parse_datetime(request.GET.get("start", "") or ""):
        initial = {"start": request.GET["start"]}
    return BookingForm(data, warehouse=choose.cleaned_data["bay"].warehouse, initial=initial)


def _offer_free_starts(form, schedule, monday):
    form.offer_starts([s for n in range(7) for s in schedule.free_starts(monday + datetime.timedelta(days=n))])


def _save(request, choose, form, booking):
    """Save the booking or the change through the service; returns it, or the BookingError that refused it."""
    fields = {"bay": choose.cleaned_data["bay"], "start": form.cleaned_data["start"], "end": form.end,
              "purpose": form.cleaned_data["purpose"], "note": form.cleaned_data["note"], "by": request.user}
    try:
        if booking is None:
            return services.book_slot(association=choose.association, **fields)
        return services.update_booking(booking=booking, **fields)
    except services.BookingError as error:
        return error


def _booking_page(request, *, booking=None):
    """Shared by booking and changing a booking: step 1 by GET, step 2 by POST."""
    bays = _bays()
    if request.method == "POST":
        step1_data = request.POST
    elif request.GET.get("bay"):
        step1_data = request.GET
    elif booking is not None:
        step1_data = {"bay": booking.bay_id, "week": week_start(timezone.localdate(booking.start))}
    else:
        step1_data = None
    choose = ChooseSlotForm(
        step1_data, associations=request.member_associations, bays=bays,
        fixed_association=booking.association if booking else None,
        action="#schritt-2",  # the page shown next starts with step 2: focus goes to its heading
    )
    form = None
    if choose.is_valid():
        form = _slot_form(request, choose, request.POST if request.method == "POST" else None, booking)
        schedule = _week_schedule(choose, booking)
        if request.method == "POST" and form.is_valid():
            # When many members send the same slot at once, most of them lose. The week's plan is loaded
            # for the page anyway: a time it already shows taken is refused here, without queueing for
            # the warehouse lock. The service checks every rule again under the lock, and the exclusion
            # constraint has the final word.
            error = schedule.conflict(form.cleaned_data["start"], form.end)
            if error is None:
                result = _save(request, choose, form, booking)
                if not isinstance(result, services.BookingError):
                    messages.success(request, _saved_message(result, changed=booking is not None))
                    return redirect(result)
                error, schedule = result, _week_schedule(choose, booking)  # the plan may have changed meanwhile
            _apply_refusal(form, error)
        _offer_free_starts(form, schedule, choose.cleaned_data["week"])
    template = "warehouse/booking_form.html"
    return render(request, template, {"choose": choose, "form": form, "booking": booking, "bays": bays})


def _saved_message(booking, changed):
    if booking.status == Booking.Status.CONFIRMED:
        return _("Die Buchung ist bestätigt.")
    if changed:
        return _("Die Anfrage ist geändert. Der Lagerbetrieb prüft sie und Sie bekommen eine E-Mail.")
    return _("Die Anfrage ist eingegangen. Der Lagerbetrieb prüft sie und Sie bekommen eine E-Mail.")


@require_http_methods(["GET", "POST"])
@member_required
def booking_create(request):
    return _booking_page(request)


@require_http_methods(["GET", "POST"])
@member_required
def booking_edit(request, pk):
    booking = get_booking_for_member(request, pk)
    if not booking.can_be_changed():
        messages.error(request, _("Diese Buchung kann nicht mehr geändert werden. Sie können sie absagen."))
        return redirect(booking)
    return _booking_page(request, booking=booking)


@require_GET
@member_required
def booking_detail(request, pk):
    booking = get_booking_for_member(request, pk)
    history = booking.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(request, "warehouse/booking_detail.html", {"booking": booking, "history": history})


@require_http_methods(["GET", "POST"])
@member_required
def booking_cancel(request, pk):
    booking = get_booking_for_member(request, pk)
    if not booking.can_be_cancelled():
        messages.error(request, _("Diese Buchung hat schon begonnen oder ist nicht mehr aktiv."))
        return redirect(booking)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except services.BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Die Buchung ist abgesagt."))
        return redirect(booking)
    return render(request, "warehouse/booking_cancel.html", {"booking": booking, "form": form})


@require_GET
@member_required
def week(request):
    bays = _bays()
    if not bays:
        return render(request, "warehouse/week.html", {"choose": None})
    data = request.GET if request.GET.get("bay") else {
        "bay": bays[0].pk, "week": planning_week_start().isoformat(),
    }
    choose = ChooseSlotForm(data, associations=None, bays=bays, submit_label=_("Belegung anzeigen"))
    context = {"choose": choose}
    if choose.is_valid():
        bay, monday = choose.cleaned_data["bay"], choose.cleaned_data["week"]
        days, rows = week_overview(bay, monday, request.member_associations)
        weeks = [w for w, _label in choose.fields["week"].choices]
        index = weeks.index(monday.isoformat())
        context.update(
            bay=bay, monday=monday, days=days, rows=rows,
            previous_week=weeks[index - 1] if index > 0 else None,
            next_week=weeks[index + 1] if index + 1 < len(weeks) else None,
        )
    return render(request, "warehouse/week.html", context)


@require_GET
@member_required
def calendar(request):
    # Reading only: an association without a feed gets a button that creates it (a GET that wrote
    # the row gave two parallel first visits a unique-constraint error).
    feeds = {feed.association_id: feed for feed in CalendarFeed.objects.filter(
        association__in=request.member_associations)}
    managed = set(managed_associations(request.user).values_list("pk", flat=True))
    language = account_language(request.user)
    rows = []
    for association in request.member_associations:
        feed = feeds.get(association.pk)
        rows.append({
            "association": association, "feed": feed,
            "url": _feed_url(feed, language) if feed else "",
            "can_renew": feed is not None and association.pk in managed,
        })
    return render(request, "warehouse/calendar.html", {"rows": rows, "language": Language(language).label})


def _feed_url(feed, language):
    """The feed's address in the member's language: the feed speaks the language of its address."""
    with translation.override(language):
        return absolute_url(feed.get_absolute_url())


@require_POST
@member_required
def calendar_create(request, association_pk):
    association = get_association_for_member(request, association_pk)
    _feed, created = CalendarFeed.create_for(association)
    if created:
        messages.success(request, _("Die Kalender-Adresse für %(association)s ist erzeugt.")
                         % {"association": association.name})
    return redirect("warehouse:calendar")


@require_POST
@member_required
def calendar_renew(request, association_pk):
    feed = get_feed_for_manager(request, association_pk)
    feed.renew()
    messages.success(
        request, _("Die Kalender-Adresse für %(association)s ist erneuert. Die alte Adresse gilt nicht mehr.")
        % {"association": feed.association.name},
    )
    return redirect("warehouse:calendar")


@require_GET
def calendar_feed(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("association"), token=token)
    response = HttpResponse(association_feed(feed.association), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lagerhalle.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
