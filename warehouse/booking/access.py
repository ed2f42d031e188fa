"""Lookups of booking objects, each with its permission check: anything not yours is a 404."""

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


def get_feed_for_manager(request, association_pk):
    """The calendar feed of an association the user manages, created on first use; 404 otherwise."""
    association = get_object_or_404(managed_associations(request.user), pk=association_pk)
    return CalendarFeed.objects.get_or_create(association=association)[0]
