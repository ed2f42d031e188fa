"""The timeline of arrivals per month as a server-rendered SVG column chart: geometry only, the markup
is in templates/donations/_timeline_chart.html. One column per month, tallest column = largest month;
a year label under each January (and under the first month) so the time axis reads without a legend.
"""

from django.utils import formats

WIDTH = 640
PLOT_HEIGHT = 160
TOP = 20  # room for the value above the tallest column
AXIS = 40  # room for the month (when few) and year labels under the axis
LEFT = 8
MAX_STEP = 48
YEAR_LABEL_WIDTH = 44  # "2024" at the chart's font size, with a gap


def column_chart(months):
    """Rows of {month (date), value} (consecutive months) → columns with coordinates and labels."""
    if not months:
        return {"columns": [], "years": []}
    largest = max(row["value"] for row in months) or 1
    # A few months get columns of a readable width, from the left, not bars as wide as the page.
    step = min((WIDTH - 2 * LEFT) / len(months), MAX_STEP)
    gap = min(step * 0.2, 6)
    show_values = len(months) <= 24  # beyond two years the numbers would overlap; the table has them
    show_months = len(months) <= 12
    columns, years = [], []
    for index, row in enumerate(months):
        height = round(PLOT_HEIGHT * row["value"] / largest, 1)
        x = round(LEFT + index * step + gap / 2, 1)
        columns.append({
            "label": formats.date_format(row["month"], "YEAR_MONTH_FORMAT"),
            "month": row["month"],
            "value": row["value"],
            "x": x,
            "y": round(TOP + PLOT_HEIGHT - height, 1),
            "width": round(step - gap, 1),
            "height": height,
            "value_x": round(x + (step - gap) / 2, 1),
            "value_y": round(TOP + PLOT_HEIGHT - height - 4, 1),
            "show_value": show_values and row["value"] > 0,
            "short_label": formats.date_format(row["month"], "M") if show_months else "",
        })
        # The first month gets its year too, unless a January follows so closely the labels would overlap.
        month = row["month"].month
        january_soon = len(months) > 13 - month and (13 - month) * step < YEAR_LABEL_WIDTH
        if month == 1 or (index == 0 and not january_soon):
            years.append({"x": x, "label": str(row["month"].year)})
    return {
        "columns": columns, "years": years, "width": WIDTH, "height": TOP + PLOT_HEIGHT + AXIS,
        "axis_y": TOP + PLOT_HEIGHT, "month_y": TOP + PLOT_HEIGHT + 16,
        "year_y": TOP + PLOT_HEIGHT + 34, "left": LEFT,
        "right": round(LEFT + len(months) * step, 1),
    }
