"""/intern/: what needs attention today, for city staff and the warehouse operator."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from crises.models import AidAction, Task
from donations.access import is_goods_staff
from donations.models import DonationOffer, Need, Shipment
from donations.partner_requests import NeedsRequest
from donations.receipts import ShipmentReceipt
from dortmund_hilft import outbox
from dortmund_hilft.models import OutboxMessage
from partners import public_cache
from warehouse.booking.models import Booking
from warehouse.booking.schedule import planning_week_start, week_start
from warehouse.intake.models import CoUseApplication
from warehouse.stock.models import StockLevel

LIST_LIMIT = 20


@require_safe
@login_required
def dashboard(request):
    if not is_goods_staff(request.user):
        raise PermissionDenied
    # This week, and from Saturday on the next one too: a Sunday's list shows the coming shipments.
    first_day, last_day = week_start(timezone.localdate()), planning_week_start() + datetime.timedelta(days=6)
    offers = DonationOffer.objects.to_triage().select_related("category")
    bookings = Booking.objects.to_decide().with_details().filter(end__gt=timezone.now())
    applications = CoUseApplication.objects.undecided().order_by("created_at")
    context = {
        "offers": offers[:LIST_LIMIT], "offer_count": offers.count(),
        "applications": applications[:LIST_LIMIT], "application_count": applications.count(),
        "bookings": bookings[:LIST_LIMIT], "booking_count": bookings.count(),
        "needs": _uncovered_needs(),
        "shipments": Shipment.objects.planned_between(first_day, last_day)
        .select_related("destination_city", "source_association").order_by("planned_on"),
        "week_start": first_day, "week_end": last_day,
        "low_levels": StockLevel.objects.low().with_details()[:LIST_LIMIT],
        "receipt_differences": ShipmentReceipt.objects.recent_differences()[:LIST_LIMIT],
        "needs_request_count": NeedsRequest.objects.to_review().count(),
        **_mail_context(),
        **_action_context(request.user),
    }
    return render(request, "dashboard/dashboard.html", context)


def _uncovered_needs():
    """The most urgent needs not yet covered. Coverage is worked out per need from every delivered
    shipment (about 0.2 s at ten years of data), so the list is kept with the public figures until
    needs or shipments change."""
    return public_cache.cached(
        "dashboard-needs",
        lambda: list(Need.objects.current().with_details().uncovered().by_priority()[:LIST_LIMIT]),
        timezone.localdate(),
    )


def _action_context(user):
    """Aid actions: the user's open tasks, everyone's overdue tasks, and how many actions are in each status."""
    today = timezone.localdate()
    overdue = Task.objects.overdue(today).with_details().order_by("due_on", "pk")
    by_status = dict(AidAction.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {
        "my_tasks": Task.objects.open().filter(owner=user).with_details().order_by("due_on", "pk")[:LIST_LIMIT],
        "overdue_tasks": overdue[:LIST_LIMIT], "overdue_task_count": overdue.count(),
        "actions_by_status": [(label, by_status.get(value, 0)) for value, label in AidAction.Status.choices],
        "today": today,
    }


def _mail_context():
    failed = OutboxMessage.objects.failed()
    return {
        "failed_mails": failed[:LIST_LIMIT], "failed_mail_count": failed.count(),
        "mail_waiting_since": outbox.oldest_waiting_since(),
    }


class ResendForm(forms.Form):
    message = forms.IntegerField(min_value=1)


@require_POST
@login_required
def resend_mail(request):
    """Send a failed e-mail again; a second click, or a message someone else resent, changes nothing."""
    if not is_goods_staff(request.user):
        raise PermissionDenied
    form = ResendForm(request.POST)
    if form.is_valid() and outbox.resend([form.cleaned_data["message"]]):
        messages.success(request, _("Die E-Mail wird erneut gesendet."))
    else:
        messages.warning(request, _("Diese E-Mail ist nicht (mehr) fehlgeschlagen. Vielleicht hat sie schon "
                                    "jemand erneut gesendet."))
    return redirect("dashboard")
