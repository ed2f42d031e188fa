"""{% open_appeals %}: the running public appeals (of one crisis, or all), for the home and crisis pages."""

from django import template
from django.utils import timezone

from crises.models import AidAction, Appeal

register = template.Library()

LIMIT = 5


@register.inclusion_tag("crises/actions/includes/open_appeals.html")
def open_appeals(crisis=None):
    """One query: open appeals of running actions, the soonest deadline first."""
    appeals = Appeal.objects.open(timezone.localdate()).filter(action__status=AidAction.Status.RUNNING)
    if crisis is not None:
        appeals = appeals.filter(action__crisis=crisis)
    return {"appeals": list(appeals.select_related("action").order_by("wanted_until", "pk")[:LIMIT]),
            "crisis": crisis}
