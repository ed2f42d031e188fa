"""`manage.py generate_volume` (the benchmark's data): a tiny scale keeps every invariant and the volume scales.

    DATABASE_URL=postgres://… pytest -p no:xdist tests/ops/test_generate_volume.py
"""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from crises.models import NewsPost
from donations.models import DonationOffer, Need, Shipment, ShipmentLine
from dortmund_hilft.management.commands.generate_volume import counts_for, ledger_mismatches
from warehouse.booking.models import Booking
from warehouse.stock.models import StockLevel, StockMovement

pytestmark = [
    pytest.mark.postgres,
    # The exclusion constraint on bookings and the ledger trigger exist on PostgreSQL only.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db,
]

SCALE = 0.002
COUNTED = {
    "shipments": Shipment, "shipment_lines": ShipmentLine, "stock_movements": StockMovement,
    "bookings": Booking, "needs": Need, "offers": DonationOffer, "news": NewsPost,
}


def counts():
    return {name: model.objects.count() for name, model in COUNTED.items()}


def test_it_adds_the_scaled_volume_and_stock_equals_the_ledger():
    call_command("seed_demo", stdout=StringIO())
    before = counts()
    out = StringIO()
    call_command("generate_volume", scale=SCALE, seed=1, stdout=out)
    added = {name: count - before[name] for name, count in counts().items()}
    assert added == counts_for(SCALE)
    assert ledger_mismatches() == []
    assert not StockLevel.objects.filter(quantity__lt=0).exists()
    assert "Stock levels equal the ledger" in out.getvalue()


def test_the_volume_grows_with_the_scale():
    assert counts_for(1.0)["stock_movements"] == 218000
    assert counts_for(0.1)["shipment_lines"] == 5000
    assert counts_for(SCALE) == {"shipments": 4, "shipment_lines": 100, "stock_movements": 436, "bookings": 40,
                                 "needs": 10, "offers": 20, "news": 1}
