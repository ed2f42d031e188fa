"""E-mails about applications to co-use the warehouse."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from warehouse.mail import send, site_url


def co_use_received(application):
    return send(
        _("Ihr Antrag auf Mitnutzung der Lagerhalle (%(reference)s)") % {"reference": application.reference},
        "warehouse/email/co_use_received.txt", {"application": application}, [application.email],
    )


def co_use_to_unit(application):
    """The coordination unit hears of every new application, with the link to decide it in the admin."""
    return send(
        _("Neuer Antrag auf Mitnutzung der Lagerhalle (%(reference)s)") % {"reference": application.reference},
        "warehouse/email/co_use_unit.txt",
        {"application": application,
         "admin_url": site_url(reverse("admin:warehouse_couseapplication_change", args=[application.pk]))},
        [settings.UNIT_EMAIL],
    )


def co_use_approved(application, set_password_url):
    return send(
        _("Mitnutzung der Lagerhalle: Ihr Antrag ist angenommen"),
        "warehouse/email/co_use_approved.txt",
        {"application": application, "set_password_url": set_password_url,
         "login_url": site_url(settings.LOGIN_URL)},
        [application.email],
    )


def co_use_declined(application):
    return send(
        _("Mitnutzung der Lagerhalle: Ihr Antrag (%(reference)s)") % {"reference": application.reference},
        "warehouse/email/co_use_declined.txt", {"application": application}, [application.email],
    )
