"""Where the aid went: destinations of delivered shipments, and the map projection they are drawn with.

The projection is a Lambert conformal conic centred on the region we deliver to (Germany to Ukraine,
Türkiye and Syria). tools/build_basemap.py projects the Natural Earth coastlines and borders with
these same functions and writes the viewBox it chose into donations/basemap.json, so a destination
projected here lands on the right spot of static/maps/basemap.svg.

This module imports no models, so the build script can use it without a configured Django.
"""

import json
import math
from functools import cache
from pathlib import Path

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

BASEMAP_JSON = Path(__file__).with_name("basemap.json")

# Lambert conformal conic: standard parallels 35° N and 55° N enclose the region, so distortion
# stays within a few per cent between Dortmund (51.5° N) and Hatay (36° N).
PROJECTION = {"name": "lambert_conformal_conic", "lat0": 45.0, "lon0": 25.0, "lat1": 35.0, "lat2": 55.0,
              "radius_km": 6371.0}


class LambertConformalConic:
    """Spherical Lambert conformal conic: (longitude, latitude) in degrees → (x, y) in km, y north."""

    def __init__(self, lat0, lon0, lat1, lat2, radius_km, **_ignored):
        phi0, phi1, phi2 = (math.radians(value) for value in (lat0, lat1, lat2))
        self.lon0 = lon0
        self.radius = radius_km
        if math.isclose(phi1, phi2):
            self.n = math.sin(phi1)
        else:
            self.n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(
                math.tan(math.pi / 4 + phi2 / 2) / math.tan(math.pi / 4 + phi1 / 2)
            )
        self.f = math.cos(phi1) * math.tan(math.pi / 4 + phi1 / 2) ** self.n / self.n
        self.rho0 = self._rho(phi0)

    def _rho(self, phi):
        # Clamp at the poles: the south pole is at infinity, and the map never reaches it anyway.
        phi = max(min(phi, math.radians(89.9)), math.radians(-89.9))
        return self.radius * self.f / math.tan(math.pi / 4 + phi / 2) ** self.n

    def __call__(self, longitude, latitude):
        delta = (longitude - self.lon0 + 180) % 360 - 180
        theta = self.n * math.radians(delta)
        rho = self._rho(math.radians(latitude))
        return rho * math.sin(theta), self.rho0 - rho * math.cos(theta)


@cache
def basemap():
    """The projection and viewBox static/maps/basemap.svg was built with."""
    return json.loads(BASEMAP_JSON.read_text(encoding="utf-8"))


@cache
def _projection():
    return LambertConformalConic(**basemap()["projection"])


def to_view(x, y, view):
    """Projected km → SVG user units of the basemap's viewBox (y grows downwards)."""
    scale = view["units_per_km"]
    return round((x - view["x_min_km"]) * scale, 1), round((view["y_max_km"] - y) * scale, 1)


def project(latitude, longitude):
    """(latitude, longitude) in degrees → (x, y) on the basemap's viewBox."""
    return to_view(*_projection()(float(longitude), float(latitude)), basemap()["view"])


def destination_rows(shipments):
    """Delivered shipments → one row per destination, the largest first, in one query.

    Rows are {name, url, latitude, longitude, quantity, quantities, shipments}: `url` is the partner
    city page (or None); `quantities` the delivered quantity per unit ({"piece": 1200, "box": 30}, in
    the order of Unit), `quantity` their sum, which only sizes the marker; the coordinates are None
    when a destination outside our partner cities has none (it is then only listed). `shipments`
    may be filtered or annotated; it is used as a subquery.
    """
    from donations.models import Unit  # here, so that tools/build_basemap.py imports this without Django set up

    delivered = Coalesce("lines__received_quantity", "lines__quantity")
    per_unit = {unit: Coalesce(Sum(delivered, filter=Q(lines__item__unit=unit)), 0) for unit in Unit.values}
    rows = (
        shipments.model.objects.filter(pk__in=shipments.order_by().values("pk"))
        .values(
            "destination_city_id", "destination_city__name", "destination_city__slug",
            "destination_city__latitude", "destination_city__longitude",
            "destination_name", "destination_latitude", "destination_longitude",
        )
        .annotate(
            shipment_count=Count("pk", distinct=True), **{f"unit_{unit}": total for unit, total in per_unit.items()}
        )
        .order_by()
    )
    places = {}
    for row in rows:
        if row["destination_city_id"]:
            key = ("city", row["destination_city_id"])
            place = {
                "name": row["destination_city__name"],
                "url": reverse("partners:city-detail", args=[row["destination_city__slug"]]),
                "latitude": row["destination_city__latitude"], "longitude": row["destination_city__longitude"],
            }
        else:
            key = ("name", row["destination_name"].strip().casefold())
            place = {
                "name": row["destination_name"].strip(), "url": None,
                "latitude": row["destination_latitude"], "longitude": row["destination_longitude"],
            }
        if place["latitude"] is None or place["longitude"] is None:
            place["latitude"] = place["longitude"] = None
        known = places.setdefault(key, {**place, "quantity": 0, "quantities": {}, "shipments": 0})
        if known["latitude"] is None:  # one shipment to the same town may carry coordinates, another not
            known["latitude"], known["longitude"] = place["latitude"], place["longitude"]
        for unit in per_unit:
            if row[f"unit_{unit}"]:
                known["quantities"][unit] = known["quantities"].get(unit, 0) + row[f"unit_{unit}"]
                known["quantity"] += row[f"unit_{unit}"]
        known["shipments"] += row["shipment_count"]
    for place in places.values():  # the units in a fixed order, whichever shipment brought them first
        place["quantities"] = {unit: place["quantities"][unit] for unit in per_unit if unit in place["quantities"]}
    return sorted(places.values(), key=lambda place: (-place["quantity"], -place["shipments"], place["name"]))
