"""E-mails about applications to co-use the warehouse.

The confirmation goes out while the applicant is on the form, in the page's language. The decisions
come later from staff: in the language of the applicant's account where they have one, else in German,
like the unit's own notice.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from partners.languages import account_language
from warehouse.mail import Mail, address_recipient, send, site_url, without_account


def co_use_received(application):
    def compose():
        subject = _("Ihr Antrag auf Mitnutzung der Lagerhalle (%(reference)s)") % {"reference": application.reference}
        return Mail(subject, {"application": application})

    return send("warehouse/email/co_use_received.txt", compose, [(application.email, translation.get_language())])


def co_use_to_unit(application):
    """The coordination unit hears of every new application, with the link to decide it in the admin."""
    def compose():
        subject = _("Neuer Antrag auf Mitnutzung der Lagerhalle (%(reference)s)") % {"reference": application.reference}
        admin_url = site_url(reverse("admin:warehouse_couseapplication_change", args=[application.pk]))
        return Mail(subject, {"application": application, "admin_url": admin_url})

    return send("warehouse/email/co_use_unit.txt", compose, without_account(settings.UNIT_EMAIL))


def co_use_approved(application, *, user, set_password_url):
    """To the applicant, who has an account now (`user`)."""
    def compose():
        return Mail(_("Mitnutzung der Lagerhalle: Ihr Antrag ist angenommen"), {
            "application": application, "set_password_url": set_password_url,
            "login_url": site_url(reverse("account:login")),
        })

    return send("warehouse/email/co_use_approved.txt", compose, [(application.email, account_language(user))])


def co_use_declined(application):
    def compose():
        subject = _("Mitnutzung der Lagerhalle: Ihr Antrag (%(reference)s)") % {"reference": application.reference}
        return Mail(subject, {"application": application})

    return send("warehouse/email/co_use_declined.txt", compose, address_recipient(application.email))
