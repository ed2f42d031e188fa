"""Geometry of the server-rendered SVG charts and the destination map."""

from donations.charts import BAR_AREA, LABEL_WIDTH, bar_chart, destination_map


def test_bars_scale_to_the_largest_value():
    chart = bar_chart([{"label": "A", "value": 10}, {"label": "B", "value": 5}, {"label": "C", "value": 0}])
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths == [BAR_AREA, BAR_AREA / 2, 1]  # an empty bar is still a visible sliver
    assert chart["bars"][1]["y"] > chart["bars"][0]["y"]
    assert chart["bars"][0]["value_x"] == LABEL_WIDTH + BAR_AREA + 8


def test_an_empty_chart_has_no_bars():
    assert bar_chart([])["bars"] == []


def test_the_map_projects_east_to_the_right_and_north_up():
    result = destination_map([("Schytomyr", "50.25", "28.66", 3), ("Antakya", "36.20", "36.16", 2)])
    origin, (zhytomyr, antakya) = result["origin"], result["destinations"]
    assert origin.name == "Dortmund"
    assert zhytomyr.x > origin.x and antakya.x > zhytomyr.x
    assert antakya.y > zhytomyr.y > origin.y - 1
    for point in (origin, zhytomyr, antakya):
        assert 0 <= point.x <= result["width"] and 0 <= point.y <= result["height"]
    assert any(line["label"] == "30° O" for line in result["meridians"])


def test_the_map_without_destinations_shows_dortmund():
    result = destination_map([])
    assert result["destinations"] == [] and result["origin"].x > 0

