"""The figures of a selection of delivered shipments, ready for the templates: tables, charts, timeline
and map. Shared by the aid overview, the crisis and partner city pages ({% aid_figures %}) and the
press report, so the same selection shows the same numbers everywhere.
"""

from django.utils.translation import gettext as _

from donations import charts, geo, stats, timeline


def for_selection(*, crisis=None, partner_city=None, year=None):
    shipments = stats.delivered_shipments(crisis=crisis, partner_city=partner_city, year=year)
    figures = stats.selection_figures(shipments)
    # On a crisis's own page a chart "by crisis" would be one bar; the same for a city and "by destination".
    leave_out = {"krise"} if crisis is not None else set()
    if partner_city is not None:
        leave_out.add("ziel")
    figures["charts"] = [chart for chart in _charts(figures) if chart["id"] not in leave_out]
    figures["timeline"] = {
        "id": "monat", "title": _("Ankünfte je Monat"),
        "description": _("Anzahl der Lieferungen, die im jeweiligen Monat angekommen sind."),
        "label_heading": _("Monat"), "chart": timeline.column_chart(figures["by_month"]),
    }
    figures["map"] = selection_map(shipments)
    return figures


def _charts(figures):
    return [
        {"id": "ziel", "title": _("Lieferungen nach Ziel"),
         "description": _("Angekommene Lieferungen je Stadt und die Mengen, die dort angekommen sind."),
         "label_heading": _("Ziel"), "goods_heading": _("Angekommene Mengen"), "link": "partners:city-detail",
         "chart": charts.bar_chart(figures["by_destination"])},
        {"id": "krise", "title": _("Lieferungen nach Krise"),
         "description": _("Angekommene Lieferungen je Krise und die Mengen, die dafür geliefert wurden."),
         "label_heading": _("Krise"), "goods_heading": _("Angekommene Mengen"), "link": "crises:detail",
         "chart": charts.bar_chart(figures["by_crisis"])},
    ]


def selection_map(shipments):
    """The destinations of the selection on the map."""
    return charts.destination_map(geo.destination_rows(shipments))
