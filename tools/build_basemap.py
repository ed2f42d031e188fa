#!/usr/bin/env python3
"""Build the aid map's basemap from the vendored Natural Earth TopoJSON (tools/vendor/world-atlas/).

Writes static/maps/basemap.svg (sea, land with its coastline, country borders and a 10° graticule,
projected and simplified for the region we deliver to) and donations/basemap.json (the projection
and viewBox, read by donations/geo.py to put destinations on the same spots). Pure Python, no GIS
library: TopoJSON arcs are decoded here, projected with donations.geo.LambertConformalConic,
simplified with Douglas–Peucker in viewBox units and clipped to the view.

    .venv/bin/python tools/build_basemap.py            # rebuild both files
    .venv/bin/python tools/build_basemap.py --check    # exit 1 if the committed files are stale

The output is deterministic, so tests/donations/test_map_basemap.py can check that the committed
files are what this script makes.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from donations.geo import PROJECTION, LambertConformalConic  # noqa: E402

SOURCE = ROOT / "tools" / "vendor" / "world-atlas" / "countries-50m.json"
SVG_PATH = ROOT / "static" / "maps" / "basemap.svg"
JSON_PATH = ROOT / "donations" / "basemap.json"

# The view in projected km (x east, y north of 45° N / 25° E): from Leeds and Amiens in the west to
# Syria's eastern border, from the Baltic down to Hebron, with a margin of about 250 km. 0.2 viewBox
# units per km make it 830 × 640 units.
VIEW = {"x_min_km": -2350, "y_max_km": 1500, "units_per_km": 0.2, "width": 830, "height": 640}
# Only geometry whose extent touches this box of longitudes and latitudes is looked at; it holds the
# whole view with room to spare, and keeps far-away shapes (Antarctica, the Pacific) out entirely.
GEOGRAPHIC_WINDOW = (-40.0, 10.0, 90.0, 80.0)  # west, south, east, north
# Douglas–Peucker tolerance and what is dropped, in viewBox units (about one pixel at full width).
TOLERANCE = 0.5
MIN_RING_AREA = 2.0
CLIP_MARGIN = 5.0  # clip a little outside the view so clipped edges never show
GRATICULE_STEP = 10

COLOURS = {"sea": "#d6e6f2", "land": "#f3f0e8", "coast": "#7f98ad", "border": "#8c8c8c", "graticule": "#b7cde0"}


# --- TopoJSON ------------------------------------------------------------------------------------

def decode_arcs(topology):
    """Quantized, delta-encoded arcs → lists of (longitude, latitude)."""
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def arc_points(arcs, index):
    """An arc by its TopoJSON index; a negative index ~i means arc i reversed."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring_points(arcs, ring):
    """Arcs of a ring joined; each arc starts where the previous one ended, so that point is dropped."""
    points = []
    for index in ring:
        part = arc_points(arcs, index)
        points.extend(part if not points else part[1:])
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def border_arcs(countries):
    """Indices of arcs shared by two different countries (topojson's mesh with a !== b)."""
    owners = {}
    for number, geometry in enumerate(countries["geometries"]):
        for polygon in polygons(geometry):
            for ring in polygon:
                for index in ring:
                    owners.setdefault(index if index >= 0 else ~index, set()).add(number)
    return sorted(index for index, who in owners.items() if len(who) > 1)


# --- Geometry ------------------------------------------------------------------------------------

def in_window(points):
    west, south, east, north = GEOGRAPHIC_WINDOW
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons) <= east and max(lons) >= west and min(lats) <= north and max(lats) >= south


def simplify(points, tolerance):
    """Douglas–Peucker, iterative; keeps the first and last point so shared arcs still meet."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length_squared = dx * dx + dy * dy
        worst, worst_index = 0.0, None
        for index in range(first + 1, last):
            px, py = points[index]
            if length_squared == 0:
                distance = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length_squared))
                distance = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if distance > worst:
                worst, worst_index = distance, index
        if worst_index is not None and worst > tolerance * tolerance:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def clip_ring(points, box):
    """Sutherland–Hodgman: a closed ring cut to an axis-aligned box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    ]
    for inside, crossing in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(crossing(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(crossing(previous, point))
            previous = point
        points = result
    return points


def _at_x(a, b, x):
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a, b, y):
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def clip_line(points, box):
    """Liang–Barsky per segment: a polyline cut to the box, as the list of pieces inside it."""
    x0, y0, x1, y1 = box
    pieces, current = [], []
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        dx, dy = bx - ax, by - ay
        t0, t1 = 0.0, 1.0
        for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
            if p == 0:
                if q < 0:
                    t0, t1 = 1.0, 0.0
                    break
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
        if t0 > t1:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = (ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy)
        if not current:
            current = [start]
        current.append(end)
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) > 1]


def area(points):
    return abs(sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1], strict=True))) / 2


# --- Output --------------------------------------------------------------------------------------

def _number(value):
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    text = text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text
    return "0" if text in ("-0", "") else text


def path_data(lines, closed):
    """Rounded to 0.1 unit, relative moves after the first point of each part: a short `d`."""
    parts = []
    for points in lines:
        rounded = []
        for x, y in points:
            point = (round(x * 10), round(y * 10))
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        if closed and len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        if len(rounded) < (3 if closed else 2):
            continue
        (x, y), steps = rounded[0], []
        for nx, ny in rounded[1:]:
            steps.append(f"{_number((nx - x) / 10)} {_number((ny - y) / 10)}")
            x, y = nx, ny
        parts.append(f"M{_number(rounded[0][0] / 10)} {_number(rounded[0][1] / 10)}l" + " ".join(steps)
                     + ("z" if closed else ""))
    # A minus sign separates numbers by itself.
    return "".join(parts).replace(" -", "-")


def build():
    topology = json.loads(SOURCE.read_text(encoding="utf-8"))
    project = LambertConformalConic(**PROJECTION)
    scale = VIEW["units_per_km"]

    def to_view(point):
        x, y = project(*point)
        return (x - VIEW["x_min_km"]) * scale, (VIEW["y_max_km"] - y) * scale

    box = (-CLIP_MARGIN, -CLIP_MARGIN, VIEW["width"] + CLIP_MARGIN, VIEW["height"] + CLIP_MARGIN)
    geographic = decode_arcs(topology)
    # Each arc is projected and simplified once, so neighbours keep the same shared border.
    projected = [simplify([to_view(point) for point in arc], TOLERANCE) for arc in geographic]

    land = []
    for geometry in topology["objects"]["land"]["geometries"]:
        for polygon in polygons(geometry):
            for ring in polygon:
                if not in_window(ring_points(geographic, ring)):
                    continue
                clipped = clip_ring(ring_points(projected, ring), box)
                if len(clipped) > 2 and area(clipped) >= MIN_RING_AREA:
                    land.append(clipped)

    borders = []
    for index in border_arcs(topology["objects"]["countries"]):
        if in_window(geographic[index]):
            borders += clip_line(projected[index], box)

    graticule = []
    west, south, east, north = GEOGRAPHIC_WINDOW
    for longitude in range(int(west), int(east) + 1, GRATICULE_STEP):
        meridian = [to_view((longitude, lat / 2)) for lat in range(int(south) * 2, int(north) * 2 + 1)]
        graticule += clip_line(simplify(meridian, TOLERANCE), box)
    for latitude in range(int(south), int(north) + 1, GRATICULE_STEP):
        parallel = [to_view((lon / 2, latitude)) for lon in range(int(west) * 2, int(east) * 2 + 1)]
        graticule += clip_line(simplify(parallel, TOLERANCE), box)

    width, height = VIEW["width"], VIEW["height"]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        "<title>Karte: Natural Earth (gemeinfrei), Lambertsche Schnittkegelprojektion</title>\n"
        f'<rect width="{width}" height="{height}" fill="{COLOURS["sea"]}"/>\n'
        f'<path fill="none" stroke="{COLOURS["graticule"]}" stroke-width=".6" d="{path_data(graticule, False)}"/>\n'
        f'<path fill="{COLOURS["land"]}" stroke="{COLOURS["coast"]}" stroke-width=".7" stroke-linejoin="round" '
        f'd="{path_data(land, True)}"/>\n'
        f'<path fill="none" stroke="{COLOURS["border"]}" stroke-width=".8" stroke-linejoin="round" '
        f'stroke-dasharray="3 1.5" d="{path_data(borders, False)}"/>\n'
        "</svg>\n"
    )
    description = {
        "source": "Natural Earth 4.1.0 Admin 0 countries 1:50m via world-atlas 2.0.2 (tools/vendor/world-atlas)",
        "built_by": "tools/build_basemap.py",
        "projection": PROJECTION,
        "view": VIEW,
        "simplify_tolerance": TOLERANCE,
    }
    return svg, json.dumps(description, indent=2, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args()
    svg, description = build()
    outputs = {SVG_PATH: svg, JSON_PATH: description}
    if args.check:
        stale = [str(path.relative_to(ROOT)) for path, text in outputs.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        if stale:
            print("Out of date, run tools/build_basemap.py:", ", ".join(stale))
            return 1
        return 0
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(text.encode()) / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
