"""The operator's pages at /lager/betrieb/: decide on requests, see a day, block times."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from warehouse.access import operator_required
from warehouse.booking import services
from warehouse.booking.access import get_blocked_time_for_operator, get_booking_for_operator
from warehouse.booking.dropoffs import open_dropoff_requests
from warehouse.booking.forms import BlockTimeForm, DayForm, DeclineForm, DropoffDeclineForm
from warehouse.booking.models import BlockedTime, Booking, LoadingBay, Warehouse
from warehouse.booking.schedule import local_day_bounds

REQUESTS_PER_PAGE = 25


@require_GET
@operator_required
def requests(request):
    bookings = Booking.objects.to_decide().with_details().select_related("created_by")
    page = Paginator(bookings, REQUESTS_PER_PAGE).get_page(request.GET.get("seite"))
    context = {"page": page, "bookings": page.object_list, "query": ""}
    return render(request, "warehouse/operator/requests.html", context)


@require_POST
@operator_required
def confirm(request, pk):
    booking = get_booking_for_operator(pk)
    try:
        services.confirm_booking(booking=booking, by=request.user)
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Buchung von %(association)s ist bestätigt.") % {
            "association": booking.association.name})
    return redirect("warehouse:operator-requests")


@require_http_methods(["GET", "POST"])
@operator_required
def decline(request, pk):
    booking = get_booking_for_operator(pk)
    if booking.status != Booking.Status.REQUESTED:
        messages.error(request, _("Diese Buchung ist nicht mehr offen."))
        return redirect("warehouse:operator-requests")
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_booking(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except services.BookingError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, _("Die Buchung von %(association)s ist abgelehnt.") % {
                "association": booking.association.name})
            return redirect("warehouse:operator-requests")
    return render(request, "warehouse/operator/decline.html", {"booking": booking, "form": form})


@require_http_methods(["GET", "POST"])
@operator_required
def dropoffs(request):
    """Open drop-off wishes from the public form, with hints at bots; decline the ticked ones at once."""
    form = DropoffDeclineForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        declined, skipped = services.decline_dropoffs(bookings=form.cleaned_data["bookings"], by=request.user)
        if declined:
            messages.success(request, ngettext(
                "%(count)d Abgabewunsch ist abgelehnt, mit seinem Angebot.",
                "%(count)d Abgabewünsche sind abgelehnt, mit ihren Angeboten.", len(declined),
            ) % {"count": len(declined)})
        if skipped:
            messages.warning(request, ngettext(
                "%(count)d Abgabewunsch war schon entschieden und bleibt, wie er ist: %(references)s.",
                "%(count)d Abgabewünsche waren schon entschieden und bleiben, wie sie sind: %(references)s.",
                len(skipped),
            ) % {"count": len(skipped), "references": ", ".join(b.donation_offer.reference for b in skipped)})
        return redirect("warehouse:operator-dropoffs")
    return render(request, "warehouse/operator/dropoffs.html", {"form": form, "rows": open_dropoff_requests()})


@require_GET
@operator_required
def day(request):
    form = DayForm(request.GET if request.GET.get("date") else {"date": timezone.localdate().isoformat()})
    context = {"form": form}
    if form.is_valid():
        chosen = form.cleaned_data["date"]
        start, end = local_day_bounds(chosen, chosen)
        bookings = Booking.objects.overlapping(start, end).select_related("association", "created_by")
        bays = LoadingBay.objects.select_related("warehouse").prefetch_related(
            Prefetch("bookings", queryset=bookings.order_by("start"), to_attr="day_bookings")
        )
        blocks = list(BlockedTime.objects.overlapping(start, end).select_related("bay", "warehouse"))
        context.update(
            chosen=chosen, bays=bays, blocks=blocks,
            previous_day=chosen - datetime.timedelta(days=1), next_day=chosen + datetime.timedelta(days=1),
        )
    return render(request, "warehouse/operator/day.html", context)


def _warehouse(request):
    if request.GET.get("halle", "").isdigit():
        return get_object_or_404(Warehouse, pk=request.GET["halle"])
    warehouse = Warehouse.objects.first()
    if warehouse is None:
        raise Http404("no warehouse yet")
    return warehouse


@require_http_methods(["GET", "POST"])
@operator_required
def blocks(request):
    warehouse = _warehouse(request)
    form = BlockTimeForm(request.POST or None, warehouse=warehouse)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _block, released = services.block_time(
                warehouse=warehouse, bay=data["bay"], start=data["start"], end=data["end"], reason=data["reason"],
                by=request.user, release_bookings=data["release_bookings"],
            )
        except services.BookingError as error:
            field = {"end": "end_time", "reason": "reason", "release_bookings": "release_bookings"}.get(error.field)
            form.add_error(field, error.message)
        else:
            messages.success(request, _blocked_message(released))
            return redirect(request.get_full_path())
    upcoming = BlockedTime.objects.filter(warehouse=warehouse).upcoming().select_related("bay", "created_by")
    context = {"warehouse": warehouse, "form": form, "blocks": upcoming, "warehouses": Warehouse.objects.all()}
    return render(request, "warehouse/operator/blocks.html", context)


def _blocked_message(released):
    if not released:
        return _("Die Zeit ist gesperrt.")
    names = ", ".join(sorted({booking.association.name for booking in released}))
    return ngettext(
        "Die Zeit ist gesperrt. %(count)d Buchung ist abgesagt. Per E-Mail benachrichtigt: %(names)s.",
        "Die Zeit ist gesperrt. %(count)d Buchungen sind abgesagt. Per E-Mail benachrichtigt: %(names)s.",
        len(released),
    ) % {"count": len(released), "names": names}


@require_POST
@operator_required
def block_delete(request, pk):
    block = get_blocked_time_for_operator(pk)
    block.delete()
    messages.success(request, _("Die Sperrzeit „%(reason)s“ ist aufgehoben.") % {"reason": block.reason})
    return redirect("warehouse:operator-blocks")
