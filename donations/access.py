"""Who may see the internal goods pages (packing lists, receipts): city staff and the warehouse operator."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

STAFF_GROUP = "Koordinierungseinheit"
OPERATOR_GROUP = "Lagerbetrieb"


def is_goods_staff(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_goods_staff", None)
    if cached is None:
        cached = user.groups.filter(name__in=(STAFF_GROUP, OPERATOR_GROUP)).exists()
        user._is_goods_staff = cached
    return cached


def goods_staff_required(view):
    """Anonymous visitors are sent to the login; logged-in people without the role get 403."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_goods_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped
