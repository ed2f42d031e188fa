"""The catalogue's minimum moves to the operator's stock levels only (warehouse 0012)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("warehouse", "0011_booking_bay_end_index"), ("donations", "0005_offer_decline_reason_kind")]
AFTER = [("warehouse", "0012_stock_level_minimum"), ("donations", "0006_remove_item_low_stock_threshold")]


@pytest.mark.django_db(transaction=True)
def test_only_the_operator_keeps_the_catalogue_minimum():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Association = apps.get_model("partners", "Association")
    Category = apps.get_model("donations", "ItemCategory")
    Item = apps.get_model("donations", "Item")
    StockLevel = apps.get_model("warehouse", "StockLevel")
    operator = Association.objects.create(name="Betreiber", slug="betreiber", warehouse_role="operator")
    co_user = Association.objects.create(name="Mitnutzer", slug="mitnutzer", warehouse_role="co_user")
    category = Category.objects.create(name="Schlafen", slug="schlafen")
    bag = Item.objects.create(name="Schlafsack", slug="schlafsack", category=category, low_stock_threshold=300)
    toy = Item.objects.create(name="Spielzeug", slug="spielzeug", category=category)
    for association in (operator, co_user):
        StockLevel.objects.create(item=bag, association=association, quantity=10)
        StockLevel.objects.create(item=toy, association=association, quantity=10)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    levels = apps.get_model("warehouse", "StockLevel").objects.filter(minimum__isnull=False)
    minimums = dict(levels.values_list("association__slug", "minimum"))
    assert minimums == {"betreiber": 300}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
