"""Numbers and the words after them agree: "1 Karton", "5 Kartons", never "1 Kartons"."""

import pytest
from django.template import Context, Template

from donations.models import Unit, amount_with_unit


@pytest.mark.parametrize(("quantity", "unit", "text"), [
    (1, Unit.BOX, "1 Karton"), (5, Unit.BOX, "5 Kartons"),
    (1, Unit.PALLET, "1 Palette"), (2, Unit.PALLET, "2 Paletten"),
    (1, Unit.PIECE, "1 Stück"), (40, Unit.PIECE, "40 Stück"),
    (1, Unit.KG, "1 kg"), (250, Unit.KG, "250 kg"),
])
def test_amount_with_unit(quantity, unit, text):
    assert amount_with_unit(quantity, unit) == text


def test_the_template_filter_takes_the_unit_as_stored():
    template = Template("{% load aid_tags %}{{ a|with_unit:'box' }}, {{ b|with_unit:'box' }}")
    assert template.render(Context({"a": 1, "b": 3})) == "1 Karton, 3 Kartons"


@pytest.mark.parametrize(("count", "text"), [
    (1, "Hilfslieferung angekommen"), (3, "Hilfslieferungen angekommen"),
])
def test_the_key_figures_agree_with_their_number(count, text):
    html = Template('{% include "donations/_key_figures.html" %}').render(Context({"figures": {
        "shipments_delivered": count, "destinations": 1, "categories": [{"label": "Betten"}]}}))
    assert f"<strong>{count}</strong> {text}" in html
    assert "<strong>1</strong> Stadt beliefert" in html and "<strong>1</strong> Warengruppe geliefert" in html
