"""Each index on a big table serves the query it was made for: PostgreSQL's plan names it.

With the sequential scan switched off the planner takes the cheapest index that can answer the
query; if an index's columns or order did not fit, the plan would name another one or fall back to a
scan. The tables hold enough rows (years of past bookings) that the choice between two usable
indexes follows the data as it will in production.
"""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.utils import timezone

from donations.models import Need, Shipment
from tests.factories import make_association, make_bay, make_booking, make_item, make_need, make_warehouse
from warehouse.booking.models import Booking
from warehouse.stock.models import StockMovement

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's"),
    pytest.mark.django_db,
]


def plan(queryset, *, ordered=False):
    """The plan without sequential scans, and for an ordered query without sorting the rows afterwards:
    a small test table would otherwise be cheaper to read whole and sort."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if ordered:
            cursor.execute("SET LOCAL enable_sort = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def analyse(*models):
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


@pytest.fixture
def past_bookings(db):
    """Two years of past hour-long bookings of a hundred associations on one bay, and one in the coming week."""
    associations, bay = [make_association() for _ in range(100)], make_bay(make_warehouse())
    association = associations[0]
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(days=730)
    Booking.objects.bulk_create(
        Booking(association=associations[n % 100], bay=bay, start=start + datetime.timedelta(hours=3 * n),
                end=start + datetime.timedelta(hours=3 * n + 1), status=Booking.Status.CONFIRMED)
        for n in range(2000)
    )
    make_booking(association=association, bay=bay, start=timezone.now() + datetime.timedelta(days=3))
    analyse(Booking)
    return association, bay


def test_a_bays_week_reads_from_the_end_index(past_bookings):
    _association, bay = past_bookings
    week_start = timezone.now()
    query = Booking.objects.active().filter(bay=bay).overlapping(week_start, week_start + datetime.timedelta(days=7))
    assert "booking_bay_end_idx" in plan(query)


def test_an_associations_bookings_by_start(past_bookings):
    association, _bay = past_bookings
    query = Booking.objects.filter(association=association).order_by("start")
    assert "booking_association_start_idx" in plan(query, ordered=True)


def test_the_ledger_admin_lists_newest_first_and_by_kind(db, rf):
    admin = site._registry[StockMovement]
    ordering = admin.get_ordering(rf.get("/")) or StockMovement._meta.ordering  # the changelist's fallback
    newest = StockMovement.objects.order_by(*ordering)[:100]
    assert "stock_movement_newest_idx" in plan(newest, ordered=True)
    by_kind = StockMovement.objects.filter(kind=StockMovement.Kind.DISPATCH).order_by(*ordering)[:100]
    assert "stock_movement_kind_idx" in plan(by_kind, ordered=True)


def test_the_public_shipment_list_newest_first(db):
    query = Shipment.objects.public().order_by("-planned_on", "-pk")[:25]
    assert "shipment_planned_idx" in plan(query, ordered=True)


def test_open_needs_by_priority(db):
    for _ in range(3):
        make_need(item=make_item())
    analyse(Need)
    assert "need_open_priority_idx" in plan(Need.objects.current().by_priority()[:20], ordered=True)
