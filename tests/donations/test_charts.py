"""Geometry of the server-rendered SVG bar charts (the map: test_map_*.py)."""

from donations.charts import BAR_AREA, LABEL_WIDTH, bar_chart


def test_bars_scale_to_the_largest_value():
    chart = bar_chart([{"label": "A", "value": 10}, {"label": "B", "value": 5}, {"label": "C", "value": 0}])
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths == [BAR_AREA, BAR_AREA / 2, 1]  # an empty bar is still a visible sliver
    assert chart["bars"][1]["y"] > chart["bars"][0]["y"]
    assert chart["bars"][0]["value_x"] == LABEL_WIDTH + BAR_AREA + 8


def test_an_empty_chart_has_no_bars():
    assert bar_chart([])["bars"] == []

