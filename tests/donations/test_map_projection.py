"""The map's projection and marker geometry: places land where they are on the basemap."""

import math

import pytest

from donations import charts, geo


def row(name, latitude, longitude, quantity, shipments=1, url=None):
    return {"name": name, "url": url, "latitude": latitude, "longitude": longitude, "quantity": quantity,
            "shipments": shipments}


def test_the_view_covers_the_region_we_deliver_to():
    view = geo.basemap()["view"]
    places = {
        "Dortmund": (51.5136, 7.4653), "Schytomyr": (50.2547, 28.6587), "Antakya": (36.2025, 36.1606),
        "Damaskus": (33.5138, 36.2765), "Deir ez-Zor": (35.3359, 40.1408), "Leeds": (53.8008, -1.5491),
        "Rostow": (47.2357, 39.7015), "Hebron": (31.5326, 35.0998),
    }
    spots = {name: geo.project(*where) for name, where in places.items()}
    for name, (x, y) in spots.items():
        assert 20 < x < view["width"] - 20 and 20 < y < view["height"] - 20, name
    # East is right, north is up.
    assert spots["Dortmund"][0] < spots["Schytomyr"][0] < spots["Antakya"][0]
    assert spots["Dortmund"][1] < spots["Antakya"][1] and spots["Schytomyr"][1] < spots["Antakya"][1]


def test_dortmund_and_zhytomyr_sit_where_the_basemap_puts_them():
    # Fixed spots on the committed viewBox: a changed projection must come with a rebuilt basemap.
    assert geo.project(51.5136, 7.4653) == pytest.approx((231.4, 131.0), abs=0.2)
    assert geo.project(50.2547, 28.6587) == pytest.approx((521.4, 183.7), abs=0.2)


def test_the_projection_is_conformal_near_the_standard_parallels():
    projection = geo.LambertConformalConic(**geo.PROJECTION)
    for latitude in (35.0, 55.0):
        # On a standard parallel one degree east and one degree north keep their true lengths.
        x0, y0 = projection(25.0, latitude)
        x1, y1 = projection(25.001, latitude)
        x2, y2 = projection(25.0, latitude + 0.001)
        east, north = math.dist((x0, y0), (x1, y1)), math.dist((x0, y0), (x2, y2))
        assert east == pytest.approx(6371 * math.radians(0.001) * math.cos(math.radians(latitude)), rel=1e-3)
        assert north == pytest.approx(6371 * math.radians(0.001), rel=1e-3)


def test_marker_area_grows_with_the_quantity_and_small_ones_stay_visible():
    result = charts.destination_map([
        row("Groß", 50.25, 28.66, 400), row("Mittel", 36.2, 36.16, 100), row("Winzig", 45.27, 19.83, 1),
    ])
    big, medium, tiny = result["markers"]
    assert big["radius"] == charts.MARKER_MAX_RADIUS
    assert (medium["radius"] / big["radius"]) ** 2 == pytest.approx(100 / 400, rel=0.01)
    assert tiny["radius"] == charts.MARKER_MIN_RADIUS
    assert tiny["target_radius"] >= charts.MARKER_MIN_TARGET


def test_the_map_skips_places_without_coordinates_or_outside_the_view():
    result = charts.destination_map([
        row("Buffalo", 42.886, -78.878, 5), row("Ohne Ort", None, None, 3), row("Schytomyr", 50.25, 28.66, 1),
    ])
    assert [marker["name"] for marker in result["markers"]] == ["Schytomyr"]
    assert [r["on_map"] for r in result["rows"]] == [False, False, True]


def test_amounts_name_each_unit():
    rows = [{**row("Schytomyr", 50.25, 28.66, 33), "quantities": {"piece": 1, "box": 30, "pallet": 2}}]
    (marker,) = charts.destination_map(rows)["markers"]
    assert marker["amounts"] == "1 Stück, 30 Kartons, 2 Paletten"


def test_an_empty_map_still_shows_dortmund():
    result = charts.destination_map([])
    assert result["markers"] == [] and result["rows"] == []
    assert 0 < result["origin"]["x"] < result["width"]


def test_labels_do_not_overlap_and_stay_inside_the_view():
    result = charts.destination_map([
        row("Netanja", 32.32149, 34.85327, 50), row("Hebron-Projekt", 31.5067, 35.0283, 40),
        row("Bethlehem-Projekt", 31.7054, 35.2024, 30), row("Deir ez-Zor", 35.3359, 40.1408, 20),
    ])
    boxes = [
        charts._label_box(m["label_x"], m["label_y"], m["label_anchor"], m["name"])
        for m in result["markers"] if m["label_anchor"]
    ]
    assert len(boxes) >= 3  # near each other, yet most get a name; a crowded one goes without
    for index, box in enumerate(boxes):
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= result["width"] and box[3] <= result["height"]
        assert not any(charts._overlaps(box, other) for other in boxes[index + 1:])
    deir = next(m for m in result["markers"] if m["name"] == "Deir ez-Zor")
    assert deir["label_anchor"] in ("end", "middle")  # no room on the right, near the map's edge


def test_routes_end_at_the_marker_edge():
    (marker,) = charts.destination_map([row("Schytomyr", 50.25, 28.66, 10)])["markers"]
    gap = math.hypot(marker["x"] - marker["route_x"], marker["y"] - marker["route_y"])
    assert gap == pytest.approx(marker["radius"], abs=0.2)
