from django.conf import settings

from donations.models import Donation, Need, Shipment
from partners import public_cache


def site(request):
    """Facts every page's header and footer need."""
    return {
        "UNIT_EMAIL": settings.UNIT_EMAIL,
        "UNIT_PHONE": settings.UNIT_PHONE,
        # A callable: the template asks only when it renders the notice.
        "demo_data": False if _is_internal(request) else demo_data_present,
    }


# The association area, the operator's and staff pages: the admin marks demo rows there instead.
INTERNAL_NAMESPACES = {"warehouse", "stock", "admin"}
INTERNAL_URL_NAMES = {"dashboard", "dashboard-resend-mail"}


def _is_internal(request):
    match = getattr(request, "resolver_match", None)
    return bool(match) and (bool(INTERNAL_NAMESPACES & set(match.namespaces)) or match.url_name in INTERNAL_URL_NAMES)


def demo_data_present():
    """Whether the site holds invented example rows (manage.py seed_demo), so every page must say so.

    Asked once per public data version: a change to any public row may add or remove demo rows.
    """
    return public_cache.cached("demo-data", _demo_rows_exist)


def _demo_rows_exist():
    # One query, however many kinds of demo rows there are.
    demo = [model.objects.filter(is_demo=True).values("is_demo") for model in (Shipment, Need, Donation)]
    return demo[0].union(*demo[1:]).exists()
