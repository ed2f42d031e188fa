"""Stock pages: the operator books in, moves, corrects and counts; members see their own stock.

Access: `operator_required` (warehouse.access) for every page that writes; an association's stock
is reached only through `_get_stock_association`, which gives members their own and a 404 otherwise.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from donations.models import DonationOffer, Item, Shipment
from partners.models import Association
from warehouse.access import is_operator, member_associations, operator_required
from warehouse.stock import services
from warehouse.stock.forms import (
    AdjustForm,
    BookInForm,
    CategoryCountForm,
    CountCategoryChoiceForm,
    CountForm,
    DeliveredForm,
    EventForm,
    LedgerFilterForm,
    LineFormSet,
    MinimumsForm,
    ReasonForm,
    ReceiveOfferForm,
    StartStocktakeForm,
    StockFilterForm,
    TransferForm,
)
from warehouse.stock.models import StockLevel, StockMovement, Stocktake

MOVEMENTS_SHOWN = 100
LEDGER_PER_PAGE = 50
LEVELS_PER_PAGE = 50
LOW_LEVELS_SHOWN = 20


def _get_stock_association(request, pk):
    """The operator sees every association's stock; a member only their own (404 for others)."""
    if is_operator(request.user):
        return get_object_or_404(Association, pk=pk)
    return get_object_or_404(member_associations(request.user), pk=pk)


def _get_stocktake(pk):
    return get_object_or_404(Stocktake.objects.select_related("association"), pk=pk)


def _stocktake_closed(request):
    """A closed stocktake is not shown; a form posted to it after closing is told why."""
    if request.method != "POST":
        raise Http404
    messages.error(request, _("Diese Inventur ist inzwischen abgeschlossen."))
    return redirect("stock:stocktakes")


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
    visible = StockLevel.objects.with_details().filter(association__in=associations)
    filters = StockFilterForm(request.GET, associations=associations)
    page = Paginator(filters.filter(visible.in_stock()), LEVELS_PER_PAGE).get_page(request.GET.get("seite"))
    # One row more than shown tells whether to link to the whole filtered list, without counting.
    low_levels = list(visible.low()[:LOW_LEVELS_SHOWN + 1])
    context = {
        "is_operator": operator, "associations": associations, "filters": filters, "page": page,
        "levels": page.object_list, "query": _other_params(request),
        "low_levels": low_levels[:LOW_LEVELS_SHOWN], "more_low_levels": len(low_levels) > LOW_LEVELS_SHOWN,
    }
    return _render(request, "warehouse/stock/home.html", context)


def _other_params(request):
    """The query string without the page number, for page links that keep the filters."""
    params = request.GET.copy()
    params.pop("seite", None)
    return params.urlencode()


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
@login_required
def minimums(request, pk):
    """The association's members and the operator set the minimum per item the association holds."""
    association = _get_stock_association(request, pk)
    levels = StockLevel.objects.with_details().filter(association=association)
    form = MinimumsForm(request.POST if request.method == "POST" else None, levels=levels)
    if request.method == "POST" and form.is_valid():
        changed = services.set_minimums(association=association, minimums=form.minimums())
        messages.success(request, ngettext("%(count)d Mindestbestand ist geändert.",
                                           "%(count)d Mindestbestände sind geändert.", changed) % {"count": changed})
        return redirect("stock:association", pk=association.pk)
    return _render(request, "warehouse/stock/minimums.html", {"association": association, "form": form})


@require_safe
@operator_required
def ledger(request):
    """The whole ledger, newest first, page by page, filtered by item, owner, kind and days."""
    filters = LedgerFilterForm(request.GET)
    movements = filters.filter(StockMovement.objects.with_details())
    page = Paginator(movements, LEDGER_PER_PAGE).get_page(request.GET.get("seite"))
    context = {"filters": filters, "page": page, "movements": page.object_list, "query": _other_params(request)}
    return _render(request, "warehouse/stock/ledger.html", context)


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
                new_donor=form.new_donor(),
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
    stocktake = _get_stocktake(pk)
    if not stocktake.is_open:
        return _stocktake_closed(request)
    form = CountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_count(stocktake=stocktake, **form.cleaned_data, by=request.user)
        except services.StockError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Die Zählung ist gespeichert."))
            return redirect("stock:stocktake", pk=stocktake.pk)
    changes = services.stocktake_changes(stocktake)
    uncounted = (
        StockLevel.objects.in_stock().with_details().filter(association=stocktake.association)
        .exclude(item__in=[change.item.pk for change in changes])
    )
    context = {"stocktake": stocktake, "form": form, "changes": changes, "uncounted": uncounted,
               "category_choice": CountCategoryChoiceForm(),
               "moved_since_count": any(change.moved_since_count for change in changes)}
    return _render(request, "warehouse/stock/stocktake.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def stocktake_category(request, pk):
    """Count every item of one category on one page; a blank field is not counted."""
    stocktake = _get_stocktake(pk)
    if not stocktake.is_open:
        return _stocktake_closed(request)
    choice = CountCategoryChoiceForm(request.GET)
    context = {"stocktake": stocktake, "choice": choice, "form": None}
    if choice.is_valid():
        category = choice.cleaned_data["warengruppe"]
        items = Item.objects.active().filter(category=category).order_by("name")
        levels = dict(StockLevel.objects.filter(association=stocktake.association_id, item__category=category)
                      .values_list("item", "quantity"))
        counted = dict(stocktake.counts.filter(item__category=category).values_list("item", "counted"))
        form = CategoryCountForm(request.POST if request.method == "POST" else None,
                                 items=items, levels=levels, counted=counted)
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.record_counts(stocktake=stocktake, counts=form.counts(), by=request.user)
            except services.StockError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, ngettext("%(count)d Zählung ist gespeichert.",
                                                   "%(count)d Zählungen sind gespeichert.", len(saved))
                                 % {"count": len(saved)})
            return redirect("stock:stocktake", pk=stocktake.pk)
        context.update(category=category, form=form)
    return _render(request, "warehouse/stock/stocktake_category.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def stocktake_finalise(request, pk):
    """GET: what closing would change, to confirm; POST: close the stocktake and book the differences."""
    stocktake = _get_stocktake(pk)
    if not stocktake.is_open:
        return _stocktake_closed(request)
    if request.method != "POST":
        changes = services.stocktake_changes(stocktake)
        context = {"stocktake": stocktake, "changes": changes,
                   "differences": [change for change in changes if change.difference]}
        return _render(request, "warehouse/stock/stocktake_finalise.html", context)
    try:
        changes = services.finalise_stocktake(stocktake=stocktake, by=request.user)
    except services.StockError as error:
        messages.error(request, error.message)
        stocktake.refresh_from_db(fields=["finalised_at"])  # closed by someone else meanwhile?
        return redirect("stock:stocktake", pk=pk) if stocktake.is_open else redirect("stock:stocktakes")
    booked = [change for change in changes if change.difference]
    summary = " ".join(f"{change.describe()}." for change in changes)
    messages.success(request, ngettext(
        "Die Inventur ist abgeschlossen. %(n)d Unterschied ist gebucht. %(summary)s",
        "Die Inventur ist abgeschlossen. %(n)d Unterschiede sind gebucht. %(summary)s", len(booked),
    ) % {"n": len(booked), "summary": summary})
    return redirect("stock:association", pk=stocktake.association_id)


@require_safe
@operator_required
def shipments(request):
    open_shipments = (
        Shipment.objects.exclude(status__in=(Shipment.Status.DELIVERED, Shipment.Status.CANCELLED))
        .select_related("destination_city", "source_association").order_by("planned_on", "pk")
    )
    return _render(request, "warehouse/stock/shipments.html", {"shipments": open_shipments})


# What each button on the shipment page asks for: the status it leads to, or events while in transit.
SHIPMENT_ACTIONS = {
    "pack": Shipment.Status.PACKING,
    "dispatch": Shipment.Status.IN_TRANSIT,
    "cancel": Shipment.Status.CANCELLED,
    "delivered": Shipment.Status.DELIVERED,
    "event": None,
}


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def shipment(request, pk):
    """One shipment's steps: pack, dispatch, events on the way, arrival, or cancel before leaving."""
    shipment = _get_shipment(pk)
    lines = list(shipment.lines.select_related("item").prefetch_related("units"))
    action = request.POST.get("aktion") if request.method == "POST" else None
    forms = {
        "event": EventForm(request.POST if action == "event" else None, shipment=shipment),
        "delivered": DeliveredForm(request.POST if action == "delivered" else None, shipment=shipment, lines=lines),
        "cancel": ReasonForm(request.POST if action == "cancel" else None),
    }
    status = 200
    if action in SHIPMENT_ACTIONS:
        if not _action_still_possible(shipment, action):
            # A form from before the last change (another tab, another person): say what happened.
            messages.error(request, services.shipment_moved_on(shipment))
            return redirect("stock:shipment", pk=shipment.pk)
        form = forms.get(action)
        if form is None or form.is_valid():
            try:
                done = _run_shipment_action(action, shipment, form, request.user)
            except services.StockError as error:
                if form is not None and error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    messages.error(request, error.message)
                    return redirect("stock:shipment", pk=shipment.pk)
            else:
                messages.success(request, done)
                return redirect("stock:shipment", pk=shipment.pk)
    elif action is not None:
        status = 400
    stock = dict(StockLevel.objects.filter(association=shipment.source_association_id).values_list("item", "quantity"))
    for line in lines:
        line.in_stock = stock.get(line.item_id, 0)
    context = {"shipment": shipment, "lines": lines, "forms": forms, "events": shipment.events.timeline()}
    return _render(request, "warehouse/stock/shipment.html", context, status=status)


def _action_still_possible(shipment, action):
    target = SHIPMENT_ACTIONS[action]
    return shipment.takes_events if target is None else shipment.can_become(target)


def _run_shipment_action(action, shipment, form, user):
    """Call the one service the action stands for; return the message for the operator."""
    if action == "pack":
        services.start_packing(shipment=shipment, by=user)
        return _("Die Lieferung wird gepackt.")
    if action == "dispatch":
        services.dispatch_shipment(shipment=shipment, by=user)
        return _("Die Lieferung ist abgefahren; die Waren sind ausgebucht.")
    if action == "event":
        services.add_shipment_event(shipment=shipment, **form.cleaned_data, by=user)
        return _("Das Ereignis ist eingetragen.")
    if action == "delivered":
        data = form.cleaned_data
        services.mark_shipment_delivered(shipment=shipment, received=form.received(), delivered_on=data["delivered_on"],
                                         confirmation=data["confirmation"], by=user)
        return _("Die Ankunft ist eingetragen.")
    services.cancel_shipment(shipment=shipment, reason=form.cleaned_data["reason"], by=user)
    return _("Die Lieferung ist abgesagt.")


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def offer_receive(request, pk):
    offer = get_object_or_404(DonationOffer, pk=pk)
    if offer.status not in (DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED):
        if request.method != "POST":
            raise Http404
        # Received or declined since this form was opened: nothing is booked twice.
        messages.error(request, _("Dieses Angebot ist inzwischen abgeschlossen (%(status)s).")
                       % {"status": offer.get_status_display()})
        return redirect(reverse("admin:donations_donationoffer_change", args=[offer.pk]))
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

