"""Figures for the public aid overview, the home page and partner city and crisis pages.

Built from delivered shipments only: what was planned or is underway is not yet "given".
Every function makes a fixed number of queries, whatever the number of shipments.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from donations.models import Shipment, ShipmentLine

DELIVERED_QUANTITY = Coalesce("received_quantity", "quantity")


def shipments_by_category():
    rows = (
        ShipmentLine.objects.delivered()
        .values("item__category__name", "item__category__position")
        .annotate(value=Count("shipment", distinct=True))
        .order_by("item__category__position", "item__category__name")
    )
    return [{"label": row["item__category__name"], "value": row["value"]} for row in rows]


def shipments_by_destination():
    rows = (
        Shipment.objects.delivered()
        .values("destination_city__name", "destination_name")
        .annotate(value=Count("pk"))
        .order_by("-value", "destination_city__name", "destination_name")
    )
    return [{"label": row["destination_city__name"] or row["destination_name"], "value": row["value"]} for row in rows]


def shipments_by_crisis():
    rows = (
        Shipment.objects.delivered()
        .values("crisis__title")
        .annotate(value=Count("pk"))
        .order_by("-value", "crisis__title")
    )
    return [{"label": row["crisis__title"] or _("ohne Krise"), "value": row["value"]} for row in rows]


def shipments_by_year():
    rows = (
        Shipment.objects.delivered()
        .annotate(year=ExtractYear("delivered_on"))
        .values("year")
        .annotate(value=Count("pk"))
        .order_by("year")
    )
    return [{"label": str(row["year"] or _("ohne Datum")), "value": row["value"]} for row in rows]


def goods_delivered(shipments=None):
    """Total delivered quantity per item, with its category and unit."""
    lines = ShipmentLine.objects.delivered()
    if shipments is not None:
        lines = lines.filter(shipment__in=shipments)
    return list(
        lines.values("item__name", "item__unit", "item__category__name", "item__category__position")
        .annotate(total=Sum(DELIVERED_QUANTITY), shipments=Count("shipment", distinct=True))
        .order_by("item__category__position", "item__category__name", "item__name")
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


def map_destinations():
    """(name, latitude, longitude, delivered or underway shipments) for every destination with coordinates."""
    rows = (
        Shipment.objects.public()
        .values(
            "destination_city__name", "destination_city__latitude", "destination_city__longitude",
            "destination_name", "destination_latitude", "destination_longitude",
        )
        .annotate(count=Count("pk"))
        .order_by("destination_city__name", "destination_name")
    )
    places = {}
    for row in rows:
        if row["destination_city__name"]:
            name, lat, lon = row["destination_city__name"], row["destination_city__latitude"], row[
                "destination_city__longitude"]
        else:
            name, lat, lon = row["destination_name"], row["destination_latitude"], row["destination_longitude"]
        if lat is None or lon is None:
            continue
        known = places.get(name)
        places[name] = (name, lat, lon, row["count"] + (known[3] if known else 0))
    return list(places.values())
