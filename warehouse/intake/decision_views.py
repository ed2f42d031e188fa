"""Deciding offers and their drop-off times: the operator's offer pages, and the person's signed link.

- /lager/betrieb/angebote/ (operator): open offers with their drop-off time; accept, decline with a
  reason, or take the goods in (stock:offer-receive).
- /spenden/angebot/<token>/ (public, signed link from the appointment e-mail): see the time, cancel it.

Apart from views.py, whose pages are the public offer form and the co-use application.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from donations.models import DonationOffer
from warehouse.access import operator_required
from warehouse.booking.dropoffs import DropoffLinkError, booking_for_link
from warehouse.booking.models import Booking
from warehouse.intake import decisions
from warehouse.intake.decision_forms import OfferDeclineForm

OFFERS_PER_PAGE = 25


def _get_open_offer_for_operator(request, pk):
    """An offer still to decide, or None after a POST (with a message saying why); 404 for a GET."""
    offer = get_object_or_404(DonationOffer, pk=pk)
    if offer.status in (DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED):
        return offer
    if request.method != "POST":
        raise Http404("offer is closed")
    messages.error(request, str(DonationOffer.MOVED_ON.get(offer.status, _("Dieses Angebot ist schon abgeschlossen."))))
    return None


@require_safe
@operator_required
def offers(request):
    """Open offers, oldest first, each with the drop-off time that still holds a bay."""
    dropoffs = Prefetch(
        "dropoff_bookings", queryset=Booking.objects.active().select_related("bay").order_by("start"),
        to_attr="active_dropoffs",
    )
    open_offers = DonationOffer.objects.open().select_related("category").prefetch_related(dropoffs).order_by(
        "created_at", "pk"
    )
    page = Paginator(open_offers, OFFERS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "warehouse/operator/offers.html", {"page": page, "offers": page.object_list, "query": ""})


@require_POST
@operator_required
def offer_accept(request, pk):
    offer = _get_open_offer_for_operator(request, pk)
    if offer is not None:
        try:
            decisions.accept_offer(offer=offer, by=request.user)
        except decisions.OfferError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(ref)s ist angenommen. Die Person bekommt eine E-Mail.")
                             % {"ref": offer.reference})
    return redirect("warehouse:operator-offers")


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def offer_decline(request, pk):
    offer = _get_open_offer_for_operator(request, pk)
    if offer is None:
        return redirect("warehouse:operator-offers")
    form = OfferDeclineForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            decisions.decline_offer(offer=offer, by=request.user, **form.cleaned_data)
        except decisions.OfferError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(ref)s ist abgelehnt. Die Person bekommt eine E-Mail mit dem Grund.")
                             % {"ref": offer.reference})
            return redirect("warehouse:operator-offers")
    bookings = offer.dropoff_bookings.active().select_related("bay")
    return render(request, "warehouse/operator/offer_decline.html", {"offer": offer, "form": form,
                                                                      "bookings": bookings})


def _link_refused(request, error):
    status = 404 if error.forged else 400
    return render(request, "warehouse/offer/link_invalid.html", {"message": error.message}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def appointment(request, token):
    """The drop-off time the signed link names; a POST cancels it."""
    try:
        booking = booking_for_link(token)
    except DropoffLinkError as error:
        return _link_refused(request, error)
    if request.method == "POST":
        try:
            booking = decisions.cancel_dropoff_by_donor(booking=booking)
        except decisions.OfferError as error:
            return render(request, "warehouse/offer/link_invalid.html", {"message": error.message}, status=400)
        return render(request, "warehouse/offer/appointment_cancelled.html", {"booking": booking,
                                                                             "offer": booking.donation_offer})
    context = {"booking": booking, "offer": booking.donation_offer, "warehouse": booking.bay.warehouse}
    return render(request, "warehouse/offer/appointment.html", context)
