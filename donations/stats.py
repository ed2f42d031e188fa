"""Figures for the public aid overview, the home page and partner city and crisis pages.

Built from delivered shipments only: what was planned or is underway is not yet "given".
Every function makes a fixed number of queries, whatever the number of shipments.
"""

import datetime

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from donations.models import Shipment, ShipmentLine
from partners.models import Association

DELIVERED_QUANTITY = Coalesce("received_quantity", "quantity")


def shipments_by_category():
    rows = (
        ShipmentLine.objects.delivered()
        .values("item__category__name", "item__category__position")
        .annotate(value=Count("shipment", distinct=True))
        .order_by("item__category__position", "item__category__name")
    )
    return [{"label": row["item__category__name"], "value": row["value"]} for row in rows]


def goods_delivered(shipments=None):
    """Total delivered quantity per item, with its category and unit."""
    lines = ShipmentLine.objects.delivered()
    if shipments is not None:
        lines = lines.filter(shipment__in=shipments)
    # Grouped by the item itself (one unit each), never by name alone: two items may share a name.
    return list(
        lines.values("item_id", "item__name", "item__unit", "item__category__name", "item__category__position")
        .annotate(total=Sum(DELIVERED_QUANTITY), shipments=Count("shipment", distinct=True))
        .order_by("item__category__position", "item__category__name", "item__name", "item_id")
    )


def key_figures():
    """The home page's three numbers and the goods by category."""
    totals = Shipment.objects.delivered().aggregate(
        shipments=Count("pk", distinct=True),
        cities=Count("destination_city", distinct=True),
        other_places=Count("destination_name", distinct=True, filter=Q(destination_city__isnull=True)),
    )
    return {
        "shipments_delivered": totals["shipments"],
        "destinations": totals["cities"] + totals["other_places"],
        "categories": shipments_by_category(),
    }


def shipments_for(*, partner_city=None, crisis=None):
    """Public shipments of a partner city or a crisis, for their pages."""
    shipments = Shipment.objects.public().with_public_details()
    if partner_city is not None:
        shipments = shipments.filter(destination_city=partner_city)
    if crisis is not None:
        shipments = shipments.filter(crisis=crisis)
    return shipments.order_by("-planned_on", "-pk")


# --- Figures for a selection (aid overview filters, crisis and partner city pages, press report) ---
#
# Each function takes a queryset of delivered shipments (see `delivered_shipments`) and makes one or
# two queries, whatever its size. Quantities are only ever added up per item: an item has one unit, so
# 300 sleeping bags and 2 pallets of food are never summed into a meaningless "302".


def delivered_shipments(*, crisis=None, partner_city=None, year=None):
    """The delivered shipments of a selection; None means "any"."""
    shipments = Shipment.objects.delivered()
    if crisis is not None:
        shipments = shipments.filter(crisis=crisis)
    if partner_city is not None:
        shipments = shipments.filter(destination_city=partner_city)
    if year is not None:
        shipments = shipments.filter(delivered_on__year=year)
    return shipments


def _goods(rows):
    """Quantities per item for one group, in catalogue order: [{name, unit, total}]."""
    return [{"name": row["item__name"], "unit": row["item__unit"], "total": row["total"]} for row in rows]


def _goods_by(shipments, *group):
    """{group values: [goods]}: delivered quantity per item within each group (destination, crisis)."""
    rows = (
        ShipmentLine.objects.filter(shipment__in=shipments)
        .values(*group, "item_id", "item__name", "item__unit")
        .annotate(total=Sum(DELIVERED_QUANTITY))
        .order_by(*group, "item__category__position", "item__name", "item_id")
    )
    grouped = {}
    for row in rows:
        grouped.setdefault(tuple(row[name] for name in group), []).append(row)
    return {key: _goods(rows) for key, rows in grouped.items()}


def totals_by_destination(shipments):
    """Per destination: shipments that arrived there and the quantity of each item delivered.

    [{label, value (shipments), slug (partner city) or "", goods}], most shipments first.
    """
    group = ("shipment__destination_city_id", "shipment__destination_name")
    goods = _goods_by(shipments, *group)
    rows = (
        shipments.values("destination_city_id", "destination_city__name", "destination_city__slug",
                         "destination_name")
        .annotate(value=Count("pk"))
        .order_by("-value", "destination_city__name", "destination_name")
    )
    return [
        {
            "label": row["destination_city__name"] or row["destination_name"],
            "slug": row["destination_city__slug"] or "",
            "value": row["value"],
            "goods": goods.get((row["destination_city_id"], row["destination_name"]), []),
        }
        for row in rows
    ]


def totals_by_crisis(shipments):
    """Per crisis: shipments delivered for it and the quantity of each item.

    [{label, label_lang, value, slug, goods}]: the title in the reader's language, else the German one
    with label_lang "de". (modeltranslation reads `crisis__title` in values() as the German column.)
    """
    goods = _goods_by(shipments, "shipment__crisis_id")
    reader_title = "crisis__" + build_localized_fieldname("title", get_language())
    rows = (
        shipments.values("crisis_id", "crisis__title", "crisis__slug", reader_title)
        .annotate(value=Count("pk"))
        .order_by("-value", "crisis__title")
    )
    return [
        {
            "label": row[reader_title] or row["crisis__title"] or _("ohne Krise"),
            "label_lang": "de" if row["crisis__title"] and not row[reader_title] else "",
            "slug": row["crisis__slug"] or "",
            "value": row["value"],
            "goods": goods.get((row["crisis_id"],), []),
        }
        for row in rows
    ]


def arrivals_by_month(shipments):
    """Shipments that arrived per month, from the first month with an arrival to the last, empty months
    included (a gap in the timeline is a fact too). [{month (date, 1st), value}]"""
    counts = {
        row["month"]: row["value"]
        for row in shipments.filter(delivered_on__isnull=False)
        .annotate(month=TruncMonth("delivered_on"))
        .values("month")
        .annotate(value=Count("pk"))
        .order_by("month")
    }
    if not counts:
        return []
    months, month, last = [], min(counts), max(counts)
    while month <= last:
        months.append({"month": month, "value": counts.get(month, 0)})
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def selection_totals(shipments):
    """The key numbers of a selection: shipments, destinations, items, first and last arrival."""
    totals = shipments.aggregate(
        shipments=Count("pk", distinct=True),
        cities=Count("destination_city", distinct=True),
        other_places=Count("destination_name", distinct=True, filter=Q(destination_city__isnull=True)),
        first=Min("delivered_on"),
        last=Max("delivered_on"),
    )
    return {
        "shipments_delivered": totals["shipments"],
        "destinations": totals["cities"] + totals["other_places"],
        "first_arrival": totals["first"],
        "last_arrival": totals["last"],
    }


def selection_figures(shipments):
    """Everything the aid overview, the crisis and partner city pages and the press report show about a
    selection of delivered shipments: eight queries."""
    return {
        "totals": selection_totals(shipments),
        "goods": goods_delivered(shipments),
        "by_destination": totals_by_destination(shipments),
        "by_crisis": totals_by_crisis(shipments),
        "by_month": arrivals_by_month(shipments),
    }


def partners_of(shipments):
    """Who took part: the associations that sent or organised the shipments, and the institutions that
    received them (as public on each shipment's page). Two queries; no person is named."""
    associations = list(
        Association.objects.filter(Q(shipments_sent__in=shipments) | Q(shipments_organised__in=shipments))
        .distinct().order_by("name").values("name", "slug", "is_active")
    )
    recipients = list(
        shipments.values("recipient_institution", "destination_city__name", "destination_name")
        .distinct().order_by("destination_city__name", "destination_name", "recipient_institution")
    )
    return {
        "associations": associations,
        "recipients": [
            {"institution": row["recipient_institution"],
             "place": row["destination_city__name"] or row["destination_name"]}
            for row in recipients
        ],
    }
