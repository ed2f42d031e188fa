from django.conf import settings


def site(request):
    """Facts every page's header and footer need."""
    return {
        "UNIT_EMAIL": settings.UNIT_EMAIL,
        "UNIT_PHONE": settings.UNIT_PHONE,
    }
