import json

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from donations import charts, csv_export, export_files, geo, pdf, stats
from donations.access import goods_staff_required
from donations.filters import ShipmentFilter
from donations.models import Donation, Need, Shipment, ShipmentLine, Unit
from partners import public_cache
from partners.models import Association

SHIPMENTS_PER_PAGE = 25
OPEN_DATA_CHUNK_ROWS = 2000
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


def _aid_overview_figures():
    return {
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
        "map": _destination_map(),
    }


def _destination_map():
    return public_cache.cached(
        "destination-map-rows", lambda: charts.destination_map(geo.destination_rows(Shipment.objects.delivered()))
    )


@require_safe
@public_cache.cache_page()
def aid_overview(request):
    # The figures are cached for logged-in users too; anonymous visitors get the whole stored page.
    context = public_cache.cached("aid-overview", _aid_overview_figures)
    return render(request, "donations/aid_overview.html", context)


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


@require_safe
@public_cache.cache_page()
def open_data(request):
    context = {
        "columns": OPEN_DATA_COLUMNS, "licence": OPEN_DATA_LICENCE, "licence_url": OPEN_DATA_LICENCE_URL,
        "line_count": public_cache.cached("open-data-lines", ShipmentLine.objects.delivered().count),
    }
    return render(request, "donations/open_data.html", context)


# The exports stream: rows are read from the database in chunks and written out as they come, so the
# first byte leaves at once and a worker's memory stays flat however many lines there are. They are
# built once per public data version and then served from a file (donations/export_files.py).

_OPEN_DATA_FIELDS = (
    "shipment__delivered_on", "shipment_id", "shipment__destination_city_id", "shipment__destination_city__name",
    "shipment__destination_name", "shipment__destination_city__country", "shipment__destination_country",
    "shipment__crisis__title", "item__category__name", "item__name", "quantity", "received_quantity", "item__unit",
)


def _open_data_rows():
    # Unit labels are looked up now, in the request's language; the rows are written after the view returned.
    units = {value: str(label) for value, label in Unit.choices}
    lines = (
        ShipmentLine.objects.delivered()
        .order_by("shipment__delivered_on", "shipment_id", "pk")
        .values_list(*_OPEN_DATA_FIELDS)
    )

    def rows():
        for (delivered_on, shipment_id, city_id, city, other_place, city_country, other_country, crisis, category,
             item, quantity, received, unit) in lines.iterator(chunk_size=OPEN_DATA_CHUNK_ROWS):
            yield {
                "datum": delivered_on.isoformat() if delivered_on else "",
                "lieferung": shipment_id,
                "ziel": city if city_id else other_place,
                "land": str((city_country if city_id else other_country) or ""),
                "krise": crisis or "",
                "warengruppe": category,
                "hilfsgut": item,
                "menge": quantity if received is None else received,
                "einheit": units.get(unit, unit),
            }

    return rows()


def _open_data_etag(request):
    # The compressed file is another representation of the export and so has its own validator.
    encoding = "-gzip" if export_files.accepts_gzip(request) else ""
    return f'"{public_cache.version()}-{get_language()}{encoding}"'


def _open_data_last_modified(request):
    return public_cache.changed_at()


open_data_conditions = condition(etag_func=_open_data_etag, last_modified_func=_open_data_last_modified)


class _Buffer:
    """A file for the CSV writer that hands back what was written since the last take()."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _csv_chunks(rows):
    buffer = _Buffer()
    writer = csv_export.DictWriter(buffer, fieldnames=[name for name, _ in OPEN_DATA_COLUMNS])
    writer.writeheader()
    yield buffer.take()
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % OPEN_DATA_CHUNK_ROWS == 0:
            yield buffer.take()
    yield buffer.take()


@require_safe
@open_data_conditions
def open_data_csv(request):
    response = export_files.serve(
        request, name="lieferpositionen", suffix=".csv", chunks=lambda: _csv_chunks(_open_data_rows()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="dortmund-hilft-lieferpositionen.csv"'
    return response


def _json_chunks(head, rows):
    """The document `head` plus "daten": every row, written one row a line."""
    opening = json.dumps(head, ensure_ascii=False, indent=1)
    yield opening.removesuffix("\n}").removesuffix("}") + ',\n "daten": ['
    parts, count = [], 0
    for count, row in enumerate(rows, start=1):
        parts.append(("\n  " if count == 1 else ",\n  ") + json.dumps(row, ensure_ascii=False))
        if count % OPEN_DATA_CHUNK_ROWS == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts) + ("\n ]\n}\n" if count else "]\n}\n")


@require_safe
@open_data_conditions
def open_data_json(request):
    # Built even when the file exists: a dozen translated strings, cheaper than another cache lookup.
    head = {
        "titel": _("Hilfslieferungen der Stadt Dortmund: angekommene Lieferpositionen"),
        "herausgeber": _("Stadt Dortmund, Koordinierungseinheit „Dortmund hilft“"),
        "gemeindeschluessel": "05913000",
        "lizenz": {"name": OPEN_DATA_LICENCE, "url": OPEN_DATA_LICENCE_URL},
        "spalten": [{"name": name, "beschreibung": str(text)} for name, text in OPEN_DATA_COLUMNS],
    }
    return export_files.serve(
        request, name="lieferpositionen", suffix=".json", chunks=lambda: _json_chunks(head, _open_data_rows()),
        content_type="application/json; charset=utf-8",
    )


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
