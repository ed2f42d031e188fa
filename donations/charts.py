"""Server-rendered SVG charts and the destination map: geometry only, the markup is in templates.

No chart library and no map tiles: bars are rectangles scaled to the largest value; the map puts
markers on static/maps/basemap.svg (Natural Earth coastlines and borders, built by
tools/build_basemap.py) with the same projection (donations/geo.py).
"""

import math

from donations import geo

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


def destination_map(rows):
    """Destinations (rows from donations.geo.destination_rows) as markers on the basemap's viewBox.

    Rows without coordinates or outside the map are not drawn; `rows` keeps them all for the text
    alternative, with `on_map` telling which are drawn.
    """
    view = geo.basemap()["view"]
    width, height = view["width"], view["height"]
    origin_x, origin_y = geo.project(*DORTMUND[1:])
    largest = max((row["quantity"] for row in rows), default=0) or 1
    markers, listed = [], []
    for row in rows:
        on_map = row["latitude"] is not None and row["longitude"] is not None
        if on_map:
            x, y = geo.project(row["latitude"], row["longitude"])
            on_map = 0 <= x <= width and 0 <= y <= height
        listed.append({**row, "on_map": on_map})
        if not on_map:
            continue
        radius = round(max(MARKER_MAX_RADIUS * math.sqrt(row["quantity"] / largest), MARKER_MIN_RADIUS), 1)
        # Labels go right of the marker, or left of it near the right edge.
        right = x + radius + LABEL_GAP + 8 * len(row["name"]) < width
        markers.append({
            **row, "x": x, "y": y, "radius": radius, "target_radius": max(radius, MARKER_MIN_TARGET),
            "label_x": round(x + radius + LABEL_GAP if right else x - radius - LABEL_GAP, 1),
            "label_y": round(y + 4, 1), "label_anchor": "start" if right else "end",
        })
    return {
        "width": width, "height": height,
        "origin": {
            "name": DORTMUND[0], "x": origin_x, "y": origin_y, "label_x": origin_x - 10, "label_y": origin_y - 10,
        },
        "markers": markers, "rows": listed,
    }
