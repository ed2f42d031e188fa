"""Server-rendered SVG charts and the destination map: geometry only, the markup is in templates.

No chart library and no map tiles: bars are rectangles scaled to the largest value, the map is an
equirectangular projection (x from longitude, y from latitude) of the points themselves.
"""

from dataclasses import dataclass

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


@dataclass
class MapPoint:
    name: str
    latitude: float
    longitude: float
    shipments: int = 0
    x: float = 0
    y: float = 0
    is_origin: bool = False

    @property
    def label_x(self):
        return self.x + 8

    @property
    def label_y(self):
        return self.y + 4


def destination_map(destinations, width=640, height=420, margin_degrees=4.0):
    """Project Dortmund and the destinations into an SVG viewport that fits them all.

    `destinations` are (name, latitude, longitude, shipment count). A 10° graticule gives orientation.
    """
    points = [MapPoint(*DORTMUND, is_origin=True)]
    points += [MapPoint(name, float(lat), float(lon), count) for name, lat, lon, count in destinations]
    west = min(p.longitude for p in points) - margin_degrees
    east = max(p.longitude for p in points) + margin_degrees * 3  # room for labels on the right
    south = min(p.latitude for p in points) - margin_degrees
    north = max(p.latitude for p in points) + margin_degrees
    # Keep degrees square so the shapes of distances stay honest.
    scale = min(width / (east - west), height / (north - south))
    for point in points:
        point.x = round((point.longitude - west) * scale, 1)
        point.y = round((north - point.latitude) * scale, 1)
    used_width, used_height = round((east - west) * scale, 1), round((north - south) * scale, 1)
    meridians = [
        {"x": round((lon - west) * scale, 1), "label": f"{abs(lon)}° {'O' if lon >= 0 else 'W'}"}
        for lon in range(int(west // 10 + 1) * 10, int(east) + 1, 10)
    ]
    parallels = [
        {"y": round((north - lat) * scale, 1), "label": f"{abs(lat)}° {'N' if lat >= 0 else 'S'}"}
        for lat in range(int(south // 10 + 1) * 10, int(north) + 1, 10)
    ]
    return {
        "origin": points[0], "destinations": points[1:], "width": used_width, "height": used_height,
        "meridians": meridians, "parallels": parallels,
    }
