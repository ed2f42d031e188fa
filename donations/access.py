"""Who may see the internal goods pages (packing lists, receipts): city staff and the warehouse operator."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from partners.roles import is_operator as is_goods_staff


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
