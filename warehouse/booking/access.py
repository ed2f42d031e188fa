"""Lookups of booking objects, each with its permission check: anything not yours is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from warehouse.access import managed_associations
from warehouse.booking.models import BlockedTime, Booking, CalendarFeed


def get_booking_for_member(request, pk):
    """A booking of one of the member's associations (after member_required), or 404."""
    return get_object_or_404(
        Booking.objects.with_details().select_related("created_by"),
        pk=pk, association__in=request.member_associations,
    )


def get_booking_for_operator(pk):
    return get_object_or_404(Booking.objects.with_details(), pk=pk)


def get_blocked_time_for_operator(pk):
    return get_object_or_404(BlockedTime, pk=pk)


def get_association_for_member(request, association_pk):
    """One of the member's associations (after member_required), or 404."""
    for association in request.member_associations:
        if association.pk == association_pk:
            return association
    raise Http404


def get_feed_for_manager(request, association_pk):
    """The existing calendar feed of an association the user manages; 404 otherwise. Never writes."""
    return get_object_or_404(
        CalendarFeed.objects.select_related("association"),
        association__in=managed_associations(request.user), association_id=association_pk,
    )
