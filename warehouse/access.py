"""Who may enter the warehouse area: members of associations that use the hall, and the operator.

Association members reach only their own associations (anything else is a 404, so a member cannot
even learn that another association's booking exists). The operator (group Lagerbetrieb) and city
staff run the hall. The lookups of single objects live beside their models (booking/access.py).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from partners.models import Association, Membership
from partners.roles import is_city_staff, is_operator

__all__ = [
    "get_association_for_member", "get_association_to_manage", "is_operator", "manageable_associations",
    "managed_associations", "member_associations", "member_required", "operator_required",
]


def member_associations(user):
    """Associations the user belongs to that may book the warehouse."""
    if not user.is_authenticated:
        return Association.objects.none()
    return Association.objects.warehouse_users().filter(memberships__user=user).order_by("name")


def managed_associations(user):
    if not user.is_authenticated:
        return Association.objects.none()
    return Association.objects.warehouse_users().filter(
        memberships__user=user, memberships__role=Membership.Role.MANAGER
    )


def member_required(view):
    """Logged in and member of at least one association that uses the warehouse; otherwise 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        associations = list(member_associations(request.user))
        if not associations:
            raise PermissionDenied
        request.member_associations = associations
        return view(request, *args, **kwargs)

    return wrapper


def operator_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_association_for_member(request, pk):
    """One of the member's associations (after member_required), or 404."""
    for association in request.member_associations:
        if str(association.pk) == str(pk):
            return association
    raise Http404


def manageable_associations(user):
    """Associations whose public details and people the user may manage: all for city staff, else their own."""
    if is_city_staff(user):
        return Association.objects.order_by("name")
    return managed_associations(user).order_by("name")


def get_association_to_manage(request, slug):
    """An association the user manages (any, for city staff), or 404: others' associations stay unseen."""
    return get_object_or_404(manageable_associations(request.user), slug=slug)
