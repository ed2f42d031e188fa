"""tools/build_basemap.py: its geometry helpers, and that the committed basemap is what it makes."""

import importlib.util
import json
from pathlib import Path

import pytest

from donations import geo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build_basemap():
    spec = importlib.util.spec_from_file_location("build_basemap", ROOT / "tools" / "build_basemap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(build_basemap):
    return build_basemap.build()


def test_the_committed_basemap_is_what_the_script_builds(built):
    svg, description = built
    assert (ROOT / "static" / "maps" / "basemap.svg").read_text(encoding="utf-8") == svg, (
        "static/maps/basemap.svg is stale: run .venv/bin/python tools/build_basemap.py"
    )
    assert geo.BASEMAP_JSON.read_text(encoding="utf-8") == description
    assert json.loads(description)["projection"] == geo.PROJECTION


def test_the_basemap_is_small_and_self_contained(built):
    svg, description = built
    view = json.loads(description)["view"]
    assert len(svg.encode()) < 40_000
    assert f'viewBox="0 0 {view["width"]} {view["height"]}"' in svg
    # Nothing that would make a browser ask another host, nor anything that runs.
    assert svg.count("http") == 1 and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<script" not in svg and "href" not in svg and "style" not in svg
    assert svg.count("<path") == 3  # graticule, land with its coastline, borders


def test_decoding_follows_topojson_deltas_and_reversed_arcs(build_basemap):
    topology = {"transform": {"scale": [0.5, 0.25], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 4], [2, -4]]]}
    arcs = build_basemap.decode_arcs(topology)
    assert arcs == [[(10, 20), (11, 21), (12, 20)]]
    assert build_basemap.arc_points(arcs, ~0) == [(12, 20), (11, 21), (10, 20)]
    assert build_basemap.ring_points(arcs + [[(12, 20), (10, 20)]], [0, 1]) == [(10, 20), (11, 21), (12, 20), (10, 20)]


def test_shared_arcs_are_borders_and_the_coast_is_not(build_basemap):
    countries = {"geometries": [
        {"type": "Polygon", "arcs": [[0, 1]]},
        {"type": "MultiPolygon", "arcs": [[[~1, 2]], [[3]]]},
    ]}
    assert build_basemap.border_arcs(countries) == [1]


def test_douglas_peucker_drops_what_the_tolerance_hides(build_basemap):
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 5), (4, 6), (5, 7), (6, 0)]
    assert build_basemap.simplify(line, 0.5) == [(0, 0), (2, -0.1), (3, 5), (5, 7), (6, 0)]
    assert build_basemap.simplify(line, 100) == [(0, 0), (6, 0)]  # the ends stay, so shared arcs meet


def test_clipping_cuts_rings_and_lines_to_the_view(build_basemap):
    square = [(-5, -5), (5, -5), (5, 5), (-5, 5)]
    clipped = build_basemap.clip_ring(square, (0, 0, 10, 10))
    assert sorted(clipped) == [(0, 0), (0, 5), (5, 0), (5, 5)]
    assert build_basemap.area(clipped) == 25
    assert build_basemap.clip_ring([(20, 20), (30, 20), (30, 30)], (0, 0, 10, 10)) == []
    pieces = build_basemap.clip_line([(-5, 5), (5, 5), (15, 5), (15, 6), (5, 6)], (0, 0, 10, 10))
    assert pieces == [[(0, 5), (5, 5), (10, 5)], [(10, 6), (5, 6)]]
