from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from donations import charts, csv_export, pdf, stats
from donations.access import goods_staff_required
from donations.filters import ShipmentFilter
from donations.models import Donation, Need, Priority, Shipment, ShipmentLine
from partners.models import Association

OPEN_DATA_LICENCE = "Datenlizenz Deutschland – Zero – Version 2.0"
OPEN_DATA_LICENCE_URL = "https://www.govdata.de/dl-de/zero-2-0"
OPEN_DATA_COLUMNS = [
    ("datum", gettext_lazy("Tag der Ankunft der Lieferung (ISO 8601, JJJJ-MM-TT)")),
    ("lieferung", gettext_lazy("Nummer der Hilfslieferung, wie unter /lieferungen/<nummer>/")),
    ("ziel", gettext_lazy("Stadt, in die geliefert wurde")),
    ("land", gettext_lazy("Land des Ziels als Ländercode nach ISO 3166-1 alpha-2")),
    ("krise", gettext_lazy("Krise, für die geliefert wurde (leer, wenn keine)")),
    ("warengruppe", gettext_lazy("Warengruppe des Hilfsguts")),
    ("hilfsgut", gettext_lazy("Bezeichnung des Hilfsguts")),
    ("menge", gettext_lazy("Angekommene Menge (ganze Zahl)")),
    ("einheit", gettext_lazy("Einheit der Menge: Stück, Palette, Karton oder kg")),
]


def _public_shipment(pk):
    """The one lookup for public shipment pages: only underway or delivered ones exist for citizens."""
    return get_object_or_404(
        Shipment.objects.public().select_related("destination_city", "crisis").prefetch_related("organisers"), pk=pk
    )


@require_safe
def need_list(request):
    needs = list(Need.objects.current().with_details().with_coverage().by_priority())
    groups = []
    for priority in Priority:
        in_priority = [need for need in needs if need.priority == priority]
        if in_priority:
            in_priority.sort(key=lambda n: (n.effective_category.position if n.effective_category else 999,
                                            str(n.effective_category or ""), n.label))
            groups.append({"priority": priority, "needs": in_priority})
    return render(request, "donations/need_list.html", {"groups": groups, "need_count": len(needs)})


@require_safe
def donate(request):
    operator = Association.objects.warehouse_operator()
    urgent = Need.objects.current().with_details().uncovered().by_priority()[:5]
    return render(request, "donations/donate.html", {"operator": operator, "urgent_needs": urgent})


@require_safe
def aid_overview(request):
    context = {
        "charts": [
            {"id": "kategorie", "title": _("Lieferungen nach Warengruppe"),
             "description": _("Anzahl der angekommenen Lieferungen, die Güter dieser Warengruppe enthielten."),
             "label_heading": _("Warengruppe"), "chart": charts.bar_chart(stats.shipments_by_category())},
            {"id": "ziel", "title": _("Lieferungen nach Ziel"),
             "description": _("Anzahl der angekommenen Lieferungen je Stadt."),
             "label_heading": _("Ziel"), "chart": charts.bar_chart(stats.shipments_by_destination())},
            {"id": "krise", "title": _("Lieferungen nach Krise"),
             "description": _("Anzahl der angekommenen Lieferungen je Krise."),
             "label_heading": _("Krise"), "chart": charts.bar_chart(stats.shipments_by_crisis())},
            {"id": "jahr", "title": _("Lieferungen nach Jahr"),
             "description": _("Anzahl der angekommenen Lieferungen je Jahr der Ankunft."),
             "label_heading": _("Jahr"), "chart": charts.bar_chart(stats.shipments_by_year())},
        ],
        "goods": stats.goods_delivered(),
        "figures": stats.key_figures(),
        "map": charts.destination_map(stats.map_destinations()),
    }
    return render(request, "donations/aid_overview.html", context)


@require_safe
def shipment_list(request):
    queryset = Shipment.objects.public().with_public_details().order_by("-planned_on", "-pk")
    shipment_filter = ShipmentFilter(request.GET or None, queryset=queryset)
    shipments = shipment_filter.qs if shipment_filter.is_bound and shipment_filter.is_valid() else queryset
    context = {
        "filter": shipment_filter, "shipments": shipments,
        "map": charts.destination_map(stats.map_destinations()),
    }
    return render(request, "donations/shipment_list.html", context)


@require_safe
def shipment_detail(request, pk):
    shipment = _public_shipment(pk)
    context = {
        "shipment": shipment,
        "lines": shipment.lines.select_related("item__category"),
        "events": shipment.events.timeline(),
    }
    return render(request, "donations/shipment_detail.html", context)


@require_safe
def open_data(request):
    context = {
        "columns": OPEN_DATA_COLUMNS, "licence": OPEN_DATA_LICENCE, "licence_url": OPEN_DATA_LICENCE_URL,
        "line_count": ShipmentLine.objects.delivered().count(),
    }
    return render(request, "donations/open_data.html", context)


def _open_data_rows():
    for line in ShipmentLine.objects.delivered().with_open_data():
        shipment = line.shipment
        yield {
            "datum": shipment.delivered_on.isoformat() if shipment.delivered_on else "",
            "lieferung": shipment.pk,
            "ziel": shipment.destination_label,
            "land": str(shipment.country or ""),
            "krise": shipment.crisis.title if shipment.crisis_id else "",
            "warengruppe": line.item.category.name,
            "hilfsgut": line.item.name,
            "menge": line.delivered_quantity,
            "einheit": line.item.get_unit_display(),
        }


@require_safe
def open_data_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dortmund-hilft-lieferpositionen.csv"'
    writer = csv_export.DictWriter(response, fieldnames=[name for name, _ in OPEN_DATA_COLUMNS])
    writer.writeheader()
    writer.writerows(_open_data_rows())
    return response


@require_safe
def open_data_json(request):
    data = {
        "titel": _("Hilfslieferungen der Stadt Dortmund: angekommene Lieferpositionen"),
        "herausgeber": _("Stadt Dortmund, Koordinierungseinheit „Dortmund hilft“"),
        "gemeindeschluessel": "05913000",
        "lizenz": {"name": OPEN_DATA_LICENCE, "url": OPEN_DATA_LICENCE_URL},
        "spalten": [{"name": name, "beschreibung": str(text)} for name, text in OPEN_DATA_COLUMNS],
        "daten": list(_open_data_rows()),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Type"] = "application/json; charset=utf-8"
    return response


# --- internal documents (staff and operator) ---------------------------------------------------


def _any_shipment(pk):
    return get_object_or_404(
        Shipment.objects.select_related("destination_city", "crisis", "source_association"), pk=pk
    )


@require_safe
@goods_staff_required
def packing_list_pdf(request, pk):
    shipment = _any_shipment(pk)
    response = HttpResponse(pdf.packing_list(shipment), content_type="application/pdf")
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
