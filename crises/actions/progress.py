"""What an aid action has achieved: needs covered, goods collected and shipped, tasks, money.

Needs, shipments and donations live in the donations app above this one and point down to the action.
This module reads them only through those relations (`action.needs`, `action.shipments`,
`action.donations`), whose querysets are the donations app's own, and imports nothing from it.
Every figure is one aggregate query, so the pages make the same number of queries however much data
an action has.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from crises.models import Task

PROCUREMENT = "procurement"  # donations.Donation.Kind.PROCUREMENT


@dataclass
class Progress:
    needs: list = field(default_factory=list)
    needs_covered: int = 0
    collected: list = field(default_factory=list)  # [{"item", "unit", "quantity"}]
    shipped: list = field(default_factory=list)  # [{"destination", "item", "unit", "quantity"}]
    shipments_by_status: dict = field(default_factory=dict)
    tasks_open: int = 0
    tasks_overdue: int = 0
    tasks_done: int = 0
    spent: Decimal = Decimal("0")
    budget: Decimal | None = None
    offers: int = 0

    @property
    def spent_percent(self):
        if not self.budget:
            return None
        return round(100 * self.spent / self.budget)

    @property
    def over_budget(self):
        return self.budget is not None and self.spent > self.budget


def needs(action):
    """The action's needs with `covered` (from delivered shipments), most urgent first."""
    return list(action.needs.with_details().with_coverage().by_priority())


def collected(action):
    """Goods that came in for the action (donated or bought), per item."""
    rows = (
        action.donations.filter(lines__isnull=False)
        .values("lines__item__name", "lines__item__unit")
        .annotate(quantity=Sum("lines__quantity"))
        .order_by("lines__item__name")
    )
    return [{"item": r["lines__item__name"], "unit": r["lines__item__unit"], "quantity": r["quantity"]} for r in rows]


def shipped(action):
    """Goods on their way or delivered, per destination and item (what arrived, where it was counted)."""
    rows = (
        action.shipments.public()
        .filter(lines__isnull=False)
        .values("destination_city__name", "destination_name", "lines__item__name", "lines__item__unit")
        .annotate(
            sent=Sum("lines__quantity"),
            received=Sum("lines__received_quantity"),
            counted=Count("lines__received_quantity"),
            lines=Count("lines"),
        )
        .order_by("destination_city__name", "destination_name", "lines__item__name")
    )
    result = []
    for r in rows:
        # Delivered quantity: what arrived where it was counted, else what was sent.
        quantity = r["received"] if r["counted"] == r["lines"] else r["sent"]
        result.append({
            "destination": r["destination_city__name"] or r["destination_name"],
            "item": r["lines__item__name"], "unit": r["lines__item__unit"], "quantity": quantity,
        })
    return result


def by_destination(rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["destination"]].append(row)
    return dict(grouped)


def timeline(action):
    """The action's public shipments, oldest first, for the public page and the report."""
    shipments = list(action.shipments.public().with_public_details())
    return sorted(shipments, key=lambda shipment: (shipment.date, shipment.pk))


def spent(action):
    total = action.donations.filter(kind=PROCUREMENT).aggregate(total=Sum("cost"))["total"]
    return total or Decimal("0")


def task_counts(action, today=None):
    today = today or timezone.localdate()
    return action.tasks.aggregate(
        open=Count("pk", filter=~Q(status=Task.Status.DONE)),
        overdue=Count("pk", filter=~Q(status=Task.Status.DONE) & Q(due_on__lt=today)),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
    )


def progress(action, today=None):
    action_needs = needs(action)
    counts = task_counts(action, today)
    return Progress(
        needs=action_needs,
        needs_covered=sum(1 for need in action_needs if need.covered >= need.quantity),
        collected=collected(action),
        shipped=shipped(action),
        shipments_by_status=dict(
            action.shipments.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        ),
        tasks_open=counts["open"], tasks_overdue=counts["overdue"], tasks_done=counts["done"],
        spent=spent(action), budget=action.budget,
        offers=action.appeals.aggregate(n=Count("offers"))["n"],
    )


def days_left(date, today=None):
    return (date - (today or timezone.localdate())) // datetime.timedelta(days=1)
