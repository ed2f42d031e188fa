"""/intern/: what needs attention today, for city staff and the warehouse operator."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from donations.access import is_goods_staff
from donations.models import DonationOffer, Need, Shipment
from warehouse.booking.models import Booking
from warehouse.stock.models import StockLevel

LIST_LIMIT = 20


@require_safe
@login_required
def dashboard(request):
    if not is_goods_staff(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    offers = DonationOffer.objects.to_triage().select_related("category")
    bookings = Booking.objects.to_decide().with_details().filter(end__gt=timezone.now())
    context = {
        "offers": offers[:LIST_LIMIT], "offer_count": offers.count(),
        "bookings": bookings[:LIST_LIMIT], "booking_count": bookings.count(),
        "needs": Need.objects.current().with_details().uncovered().by_priority()[:LIST_LIMIT],
        "shipments": Shipment.objects.planned_between(monday, monday + datetime.timedelta(days=6))
        .select_related("destination_city", "source_association").order_by("planned_on"),
        "week_start": monday, "week_end": monday + datetime.timedelta(days=6),
        "low_levels": StockLevel.objects.low().with_details()[:LIST_LIMIT],
    }
    return render(request, "dashboard/dashboard.html", context)
