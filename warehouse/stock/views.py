"""Stock pages: the operator books in, moves, corrects and counts; members see their own stock.

Access: `operator_required` (warehouse.access) for every page that writes; an association's stock
is reached only through `_get_stock_association`, which gives members their own and a 404 otherwise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from donations.models import DonationOffer, Item, Shipment
from partners.models import Association
from warehouse.access import is_operator, member_associations, operator_required
from warehouse.stock import services
from warehouse.stock.forms import (
    AdjustForm,
    BookInForm,
    CountForm,
    DeliveredForm,
    EventForm,
    LineFormSet,
    ReasonForm,
    ReceiveOfferForm,
    StartStocktakeForm,
    TransferForm,
)
from warehouse.stock.models import StockLevel, StockMovement, Stocktake, StocktakeCount

MOVEMENTS_SHOWN = 100


def _get_stock_association(request, pk):
    """The operator sees every association's stock; a member only their own (404 for others)."""
    if is_operator(request.user):
        return get_object_or_404(Association, pk=pk)
    return get_object_or_404(member_associations(request.user), pk=pk)


def _get_open_stocktake(pk):
    return get_object_or_404(Stocktake.objects.open().select_related("association"), pk=pk)


def _get_shipment(pk):
    return get_object_or_404(
        Shipment.objects.select_related("destination_city", "crisis", "source_association"), pk=pk
    )


def _render(request, template, context, status=200):
    return render(request, template, {**context, "is_stock_keeper": is_operator(request.user)}, status=status)


def _form_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_safe
@login_required
def stock_home(request):
    operator = is_operator(request.user)
    associations = Association.objects.warehouse_users() if operator else member_associations(request.user)
    associations = list(associations.order_by("name"))
    if not associations and not operator:
        raise PermissionDenied
    levels = StockLevel.objects.in_stock().with_details().filter(association__in=associations)
    context = {
        "is_operator": operator, "associations": associations, "levels": levels,
        "low_levels": StockLevel.objects.low().with_details().filter(association__in=associations),
    }
    return _render(request, "warehouse/stock/home.html", context)


@require_safe
@login_required
def association_stock(request, pk):
    association = _get_stock_association(request, pk)
    context = {
        "association": association,
        "is_operator": is_operator(request.user),
        "levels": StockLevel.objects.in_stock().with_details().filter(association=association),
        "movements": StockMovement.objects.with_details().filter(association=association)[:MOVEMENTS_SHOWN],
    }
    return _render(request, "warehouse/stock/association.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def book_in(request):
    form = BookInForm(request.POST or None)
    lines = LineFormSet(request.POST or None, prefix="pos")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        data = form.cleaned_data
        try:
            donation = services.record_donation(
                kind=data["kind"], donor=data["donor"] if data["kind"] == "donation" else None,
                supplier=data["supplier"], cost=data["cost"], received_on=data["received_on"],
                association=data["association"], lines=lines.lines(), note=data["note"], by=request.user,
            )
        except services.StockError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("%(ref)s ist eingebucht.") % {"ref": donation.reference})
            return redirect("stock:association", pk=donation.receiving_association_id)
    return _render(request, "warehouse/stock/book_in.html", {"form": form, "lines": lines})


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def transfer(request):
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_stock(**form.cleaned_data, by=request.user)
        except services.StockError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Die Waren sind umgebucht."))
            return redirect("stock:association", pk=form.cleaned_data["to_association"].pk)
    return _render(request, "warehouse/stock/form.html", {"form": form, "title": _("Waren umbuchen"),
                  "intro": _("Die Waren bleiben in der Halle; sie gehören danach dem anderen Verein.")})


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def adjust(request):
    form = AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adjust_stock(item=data["item"], association=data["association"], quantity=form.signed_quantity(),
                                  reason=data["reason"], note=data["note"], by=request.user)
        except services.StockError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Die Korrektur ist gebucht."))
            return redirect("stock:association", pk=data["association"].pk)
    intro = _("Für Waren, die verloren, gefunden, beschädigt oder abgelaufen sind. "
              "Die Korrektur wird mit Ihrem Namen im Lagerbuch vermerkt.")
    return _render(request, "warehouse/stock/form.html", {"form": form, "title": _("Bestand korrigieren"),
                                                          "intro": intro})


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def stocktakes(request):
    form = StartStocktakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stocktake = services.start_stocktake(**form.cleaned_data, by=request.user)
        except services.StockError as error:
            _form_error(form, error)
        else:
            return redirect("stock:stocktake", pk=stocktake.pk)
    recent = Stocktake.objects.select_related("association", "started_by", "finalised_by")[:20]
    return _render(request, "warehouse/stock/stocktakes.html", {"form": form, "stocktakes": recent})


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def stocktake(request, pk):
    stocktake = _get_open_stocktake(pk)
    form = CountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_count(stocktake=stocktake, **form.cleaned_data, by=request.user)
        messages.success(request, _("Die Zählung ist gespeichert."))
        return redirect("stock:stocktake", pk=stocktake.pk)
    levels = {lv.item_id: lv.quantity for lv in StockLevel.objects.filter(association=stocktake.association)}
    counts = list(StocktakeCount.objects.filter(stocktake=stocktake).select_related("item", "counted_by"))
    for count in counts:
        count.recorded = levels.get(count.item_id, 0)
        count.difference = count.counted - count.recorded
    uncounted = (
        StockLevel.objects.in_stock().with_details().filter(association=stocktake.association)
        .exclude(item__in=[count.item_id for count in counts])
    )
    context = {"stocktake": stocktake, "form": form, "counts": counts, "uncounted": uncounted}
    return _render(request, "warehouse/stock/stocktake.html", context)


@require_POST
@operator_required
def stocktake_finalise(request, pk):
    stocktake = _get_open_stocktake(pk)
    try:
        movements = services.finalise_stocktake(stocktake=stocktake, by=request.user)
    except services.StockError as error:
        messages.error(request, error.message)
        return redirect("stock:stocktake", pk=stocktake.pk)
    messages.success(
        request, _("Die Inventur ist abgeschlossen. %(n)d Unterschiede sind gebucht.") % {"n": len(movements)}
    )
    return redirect("stock:association", pk=stocktake.association_id)


@require_safe
@operator_required
def shipments(request):
    open_shipments = (
        Shipment.objects.exclude(status__in=(Shipment.Status.DELIVERED, Shipment.Status.CANCELLED))
        .select_related("destination_city", "source_association").order_by("planned_on", "pk")
    )
    return _render(request, "warehouse/stock/shipments.html", {"shipments": open_shipments})


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def shipment(request, pk):
    """One shipment's steps: pack, dispatch, events on the way, arrival, or cancel before leaving."""
    shipment = _get_shipment(pk)
    lines = list(shipment.lines.select_related("item").prefetch_related("units"))
    action = request.POST.get("aktion") if request.method == "POST" else None
    forms = {
        "event": EventForm(request.POST if action == "event" else None),
        "delivered": DeliveredForm(request.POST if action == "delivered" else None, lines=lines),
        "cancel": ReasonForm(request.POST if action == "cancel" else None),
    }
    try:
        if action == "pack":
            shipment.start_packing(by=request.user)
            return _done(request, shipment, _("Die Lieferung wird gepackt."))
        if action == "dispatch":
            services.dispatch_shipment(shipment=shipment, by=request.user)
            return _done(request, shipment, _("Die Lieferung ist abgefahren; die Waren sind ausgebucht."))
        if action == "event" and forms["event"].is_valid():
            shipment.add_event(**forms["event"].cleaned_data, by=request.user)
            return _done(request, shipment, _("Das Ereignis ist eingetragen."))
        if action == "delivered" and forms["delivered"].is_valid():
            data = forms["delivered"].cleaned_data
            shipment.mark_delivered(received=forms["delivered"].received(), delivered_on=data["delivered_on"],
                                    confirmation=data["confirmation"], by=request.user)
            return _done(request, shipment, _("Die Ankunft ist eingetragen."))
        if action == "cancel" and forms["cancel"].is_valid():
            shipment.cancel(reason=forms["cancel"].cleaned_data["reason"], by=request.user)
            return _done(request, shipment, _("Die Lieferung ist abgesagt."))
    except services.StockError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    stock = dict(StockLevel.objects.filter(association=shipment.source_association_id).values_list("item", "quantity"))
    for line in lines:
        line.in_stock = stock.get(line.item_id, 0)
    context = {"shipment": shipment, "lines": lines, "forms": forms, "events": shipment.events.all()}
    status = 400 if action and request.method == "POST" else 200
    return _render(request, "warehouse/stock/shipment.html", context, status=status)


def _done(request, shipment, message):
    messages.success(request, message)
    return redirect("stock:shipment", pk=shipment.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def offer_receive(request, pk):
    offer = get_object_or_404(DonationOffer.objects.open(), pk=pk)
    operator = Association.objects.warehouse_operator()
    item = Item.objects.filter(category=offer.category).first() if offer.category_id else None
    form = ReceiveOfferForm(request.POST or None,
                            initial={"quantity": offer.quantity, "association": operator, "item": item})
    if request.method == "POST" and form.is_valid():
        try:
            donation = services.receive_offer(offer=offer, **form.cleaned_data, by=request.user)
        except services.StockError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("%(ref)s ist eingegangen und eingebucht.") % {"ref": donation.reference})
            return redirect(reverse("admin:donations_donationoffer_change", args=[offer.pk]))
    return _render(request, "warehouse/stock/offer_receive.html", {"form": form, "offer": offer})

