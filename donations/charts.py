"""Server-rendered SVG charts and the destination map: geometry only, the markup is in templates.

No chart library and no map tiles: bars are rectangles scaled to the largest value; the map puts
markers on static/maps/basemap.svg (Natural Earth coastlines and borders, built by
tools/build_basemap.py) with the same projection (donations/geo.py).
"""

import math

from donations import geo
from donations.models import amount_with_unit

ROW_HEIGHT = 36
LABEL_WIDTH = 200
BAR_AREA = 220
CHART_WIDTH = LABEL_WIDTH + BAR_AREA + 50

# Where every shipment starts.
DORTMUND = ("Dortmund", 51.51360, 7.46530)


def bar_chart(rows):
    """Rows of {label, value} → bars with coordinates for templates/donations/_bar_chart.html."""
    largest = max((row["value"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        width = round(BAR_AREA * row["value"] / largest, 1)
        y = index * ROW_HEIGHT
        bars.append({
            **row, "y": y, "text_y": y + ROW_HEIGHT / 2 + 5, "width": max(width, 1),
            "value_x": LABEL_WIDTH + max(width, 1) + 8, "bar_y": y + 6, "bar_height": ROW_HEIGHT - 12,
        })
    return {
        "bars": bars, "width": CHART_WIDTH, "height": max(len(rows), 1) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH, "label_x": LABEL_WIDTH - 8,
    }


# Marker sizes in viewBox units: the area grows with the delivered quantity (radius with its square
# root), and the smallest marker is still big enough to see and to click at 320 px.
MARKER_MAX_RADIUS = 30
MARKER_MIN_RADIUS = 7
MARKER_MIN_TARGET = 16  # an invisible circle around small markers widens what a finger can hit
LABEL_GAP = 4
LABEL_HEIGHT = 16
LABEL_CHAR_WIDTH = 8.5  # a rough mean for the 15-unit semi-bold labels; enough to avoid overlaps


def _label_box(x, y, anchor, text):
    text_width = LABEL_CHAR_WIDTH * len(text)
    left = {"start": x, "end": x - text_width, "middle": x - text_width / 2}[anchor]
    return left, y - LABEL_HEIGHT + 4, left + text_width, y + 4


def _overlaps(box, other):
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def _place_label(marker, taken, width, height):
    """Right of the marker, else left, above or below it; no label where every place is taken (the
    table below the map names every destination anyway)."""
    x, y, radius, name = marker["x"], marker["y"], marker["radius"], marker["name"]
    candidates = [
        (x + radius + LABEL_GAP, y + 5, "start"), (x - radius - LABEL_GAP, y + 5, "end"),
        (x, y - radius - LABEL_GAP - 2, "middle"), (x, y + radius + LABEL_GAP + LABEL_HEIGHT - 4, "middle"),
    ]
    for label_x, label_y, anchor in candidates:
        box = _label_box(label_x, label_y, anchor, name)
        if box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height and not any(
            _overlaps(box, other) for other in taken
        ):
            taken.append(box)
            return {"label_x": round(label_x, 1), "label_y": round(label_y, 1), "label_anchor": anchor}
    return {"label_x": None, "label_y": None, "label_anchor": None}


def _amounts(row):
    """ "1200 Stück, 30 Kartons": what arrived, each unit counted on its own."""
    quantities = row.get("quantities") or {"piece": row["quantity"]}
    return ", ".join(amount_with_unit(total, unit) for unit, total in quantities.items())


def destination_map(rows):
    """Destinations (rows from donations.geo.destination_rows) as markers on the basemap's viewBox.

    Rows without coordinates or outside the map are not drawn; `rows` keeps them all for the text
    alternative, with `on_map` telling which are drawn. Markers come largest first, so smaller ones
    are drawn on top and stay clickable.
    """
    view = geo.basemap()["view"]
    width, height = view["width"], view["height"]
    origin_x, origin_y = geo.project(*DORTMUND[1:])
    origin = {"name": DORTMUND[0], "x": origin_x, "y": origin_y, "label_x": origin_x - 10, "label_y": origin_y - 8}
    taken = [_label_box(origin["label_x"], origin["label_y"], "end", origin["name"]), (
        origin_x - MARKER_MIN_RADIUS, origin_y - MARKER_MIN_RADIUS, origin_x + MARKER_MIN_RADIUS,
        origin_y + MARKER_MIN_RADIUS,
    )]
    largest = max((row["quantity"] for row in rows), default=0) or 1
    markers, listed = [], []
    for row in rows:
        on_map = row["latitude"] is not None and row["longitude"] is not None
        if on_map:
            x, y = geo.project(row["latitude"], row["longitude"])
            on_map = 0 <= x <= width and 0 <= y <= height
        row = {**row, "on_map": on_map, "amounts": _amounts(row)}
        listed.append(row)
        if not on_map:
            continue
        radius = round(max(MARKER_MAX_RADIUS * math.sqrt(row["quantity"] / largest), MARKER_MIN_RADIUS), 1)
        # The route from Dortmund ends at the marker's edge.
        distance = math.hypot(x - origin_x, y - origin_y) or 1
        shorten = max(distance - radius, 0) / distance
        markers.append({
            **row, "x": x, "y": y, "radius": radius, "target_radius": max(radius, MARKER_MIN_TARGET),
            "route_x": round(origin_x + (x - origin_x) * shorten, 1),
            "route_y": round(origin_y + (y - origin_y) * shorten, 1),
        })
    # Markers keep their own room: labels go around them, the largest (first) markers choose first.
    taken += [(m["x"] - m["radius"], m["y"] - m["radius"], m["x"] + m["radius"], m["y"] + m["radius"]) for m in markers]
    for marker in markers:
        marker.update(_place_label(marker, taken, width, height))
    return {"width": width, "height": height, "origin": origin, "markers": markers, "rows": listed}
