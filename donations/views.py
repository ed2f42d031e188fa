from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from modeltranslation.utils import build_localized_fieldname

from crises.models import AidAction, Crisis, Participant
from donations import charts, csv_export, geo, pdf, stats
from donations import figures as figures_
from donations.access import goods_staff_required
from donations.filters import ShipmentFilter
from donations.models import Donation, Need, Shipment
from partners import public_cache
from partners.models import Association, PartnerCity

SHIPMENTS_PER_PAGE = 25


def _public_shipment(pk):
    """The one lookup for public shipment pages: only underway or delivered ones exist for citizens."""
    return get_object_or_404(
        Shipment.objects.public().select_related("destination_city", "crisis").prefetch_related("organisers"), pk=pk
    )


def _other_params(request):
    """The query string without the page number, for page links that keep the filters."""
    params = request.GET.copy()
    params.pop("seite", None)
    return params.urlencode()


@require_safe
@public_cache.cache_page()
def donate(request):
    operator = Association.objects.warehouse_operator()
    urgent = Need.objects.current().with_details().uncovered().by_priority()[:5]
    return render(request, "donations/donate.html", {"operator": operator, "urgent_needs": urgent})


AID_FILTERS = ["crisis", "destination", "year"]  # the same names and values as /lieferungen/'s filter


def _filter_options():
    """What the aid overview can be narrowed to: crises, partner cities and years with delivered shipments."""
    delivered = Shipment.objects.delivered()
    reader_title = build_localized_fieldname("title", get_language())
    crises = list(Crisis.objects.filter(shipments__in=delivered).distinct().order_by("-started_on", "title")
                  .values_list("pk", "title", "slug", reader_title))
    return {
        "crisis": [(str(pk), title) for pk, title, _slug, _translated in crises],
        "crisis_slugs": {str(pk): slug for pk, _title, slug, _translated in crises},
        # Titles shown in German for want of a translation (lang="de" on their links).
        "crisis_in_german": {str(pk) for pk, _title, _slug, translated in crises if not translated},
        "destination": [(str(pk), name) for pk, name in PartnerCity.objects.filter(shipments__in=delivered)
                        .distinct().order_by("name").values_list("pk", "name")],
        "year": [(str(day.year), str(day.year)) for day in delivered.dates("delivered_on", "year", order="DESC")],
    }


def _chosen(request, options):
    """{filter: value} from the query string. A value no link offers (a made-up id, a year without
    deliveries, a word) names no selection: 404 rather than figures for something else."""
    chosen = {}
    for name in AID_FILTERS:
        value = request.GET.get(name, "")
        if value:
            if value not in dict(options[name]):
                raise Http404("No such selection.")
            chosen[name] = value
    return chosen


def _filter_links(chosen, options):
    """Per filter: the link that lifts it and one link per value, each keeping the other filters."""
    headings = {"crisis": _("Krise"), "destination": _("Partnerstadt"), "year": _("Jahr")}
    everything = {"crisis": _("alle Krisen"), "destination": _("alle Partnerstädte"), "year": _("alle Jahre")}
    groups = []
    for name in AID_FILTERS:
        others = {key: value for key, value in chosen.items() if key != name}
        links = [{"label": everything[name], "query": urlencode(others), "current": name not in chosen}]
        links += [
            {"label": label, "query": urlencode({**others, name: value}), "current": chosen.get(name) == value,
             "lang": "de" if name == "crisis" and value in options["crisis_in_german"] else ""}
            for value, label in options[name]
        ]
        groups.append({"name": name, "heading": headings[name], "links": links})
    return groups


@require_safe
@public_cache.cache_page(params=AID_FILTERS)
def aid_overview(request):
    options = public_cache.cached("aid-filter-options", _filter_options)
    chosen = _chosen(request, options)
    # The figures are cached per selection for logged-in users too; anonymous visitors get the whole page.
    selection = {"crisis": chosen.get("crisis"), "partner_city": chosen.get("destination"), "year": chosen.get("year")}
    figures = public_cache.cached("aid-figures", lambda: figures_.for_selection(**selection), sorted(chosen.items()))
    labels = {name: dict(options[name]).get(value) for name, value in chosen.items()}
    context = {
        **figures, "figures": figures["totals"], "filters": _filter_links(chosen, options), "chosen": chosen,
        "chosen_labels": labels, "query": urlencode(chosen),
        # The chosen crisis's title is German for want of a translation: lang="de" where it shows.
        "chosen_in_german": chosen.get("crisis") in options["crisis_in_german"],
    }
    if "crisis" in chosen:
        context["chosen_crisis"] = {"slug": options["crisis_slugs"][chosen["crisis"]], "title": labels["crisis"]}
    return render(request, "donations/aid_overview.html", context)


def _crisis_report(slug):
    """The press report's content: a crisis's delivered aid, what, how much, where, when, with whom."""
    crisis = get_object_or_404(Crisis, slug=slug)

    def compute():
        shipments = stats.delivered_shipments(crisis=crisis)
        return {
            **stats.selection_figures(shipments), **stats.partners_of(shipments),
            "actions": _public_actions_with_participants(crisis),
        }

    return {"crisis": crisis, **public_cache.cached("crisis-report", compute, crisis.pk)}


def _public_actions_with_participants(crisis):
    """[(action, [participants])] of the crisis's public aid actions, in one query. Names, kinds and
    roles only, as on the action's own page: contact persons stay internal."""
    participants = (
        Participant.objects.filter(action__crisis=crisis, action__status__in=AidAction.PUBLIC_STATUSES)
        .select_related("action", "association")
        .order_by("action__starts_on", "action_id", "position", "pk")
    )
    actions = {}
    for participant in participants:
        actions.setdefault(participant.action, []).append(participant)
    return list(actions.items())


@require_safe
@public_cache.cache_page()
def crisis_report(request, slug):
    context = {**_crisis_report(slug), "generated_at": timezone.localtime()}
    return render(request, "donations/crisis_report.html", context)


@require_safe
@public_cache.cache_page()
def crisis_report_pdf(request, slug):
    context = _crisis_report(slug)
    response = HttpResponse(pdf.render_pdf("donations/pdf/crisis_report.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="dortmund-hilft-bericht-{context["crisis"].slug}.pdf"'
    return response


def _destination_map():
    return public_cache.cached(
        "destination-map-rows", lambda: charts.destination_map(geo.destination_rows(Shipment.objects.delivered()))
    )


@require_safe
@public_cache.cache_page(params=["destination", "crisis", "year", "seite"])
def shipment_list(request):
    queryset = Shipment.objects.public().with_public_details().order_by("-planned_on", "-pk")
    shipment_filter = ShipmentFilter(request.GET or None, queryset=queryset)
    shipments = shipment_filter.qs if shipment_filter.is_bound and shipment_filter.is_valid() else queryset
    page = Paginator(shipments, SHIPMENTS_PER_PAGE).get_page(request.GET.get("seite"))
    context = {
        "filter": shipment_filter, "page": page, "shipments": page.object_list, "query": _other_params(request),
        "map": _destination_map(),
    }
    return render(request, "donations/shipment_list.html", context)


@require_safe
@public_cache.cache_page()
def shipment_detail(request, pk):
    shipment = _public_shipment(pk)
    context = {
        "shipment": shipment,
        "lines": shipment.lines.select_related("item__category"),
        "events": shipment.events.timeline(),
    }
    return render(request, "donations/shipment_detail.html", context)


# --- internal documents (staff and operator) ---------------------------------------------------


def _any_shipment(pk):
    return get_object_or_404(
        Shipment.objects.select_related("destination_city", "crisis", "source_association"), pk=pk
    )


@require_safe
@goods_staff_required
def packing_list_pdf(request, pk):
    shipment = _any_shipment(pk)
    response = HttpResponse(pdf.packing_list(shipment, by=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="packliste-{shipment.reference}.pdf"'
    return response


@require_safe
@goods_staff_required
def packing_list_csv(request, pk):
    shipment = _any_shipment(pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="packliste-{shipment.reference}.csv"'
    writer = csv_export.writer(response)
    writer.writerow(["position", "warengruppe", "hilfsgut", "menge", "einheit", "gewicht_kg", "einzelstuecke",
                     "hinweis"])
    lines = shipment.lines.select_related("item__category").prefetch_related("units")
    for number, line in enumerate(lines, start=1):
        weight = line.weight_kg
        writer.writerow([
            number, line.item.category.name, line.item.name, line.quantity, line.item.get_unit_display(),
            "" if weight is None else weight, " ".join(unit.identifier for unit in line.units.all()), line.note,
        ])
    return response


@require_safe
@goods_staff_required
def donation_receipt(request, pk):
    donation = get_object_or_404(
        Donation.objects.select_related("donor", "receiving_association"), pk=pk, kind=Donation.Kind.DONATION
    )
    if donation.booked_in_at is None:
        raise Http404("A receipt is given for goods that have been received.")
    response = HttpResponse(pdf.donation_receipt(donation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="spendenquittung-{donation.reference}.pdf"'
    return response
