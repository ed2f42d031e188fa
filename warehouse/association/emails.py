"""E-mails about memberships, through the warehouse's outbox."""

from django.conf import settings
from django.utils.translation import gettext as _

from warehouse.mail import send, site_url


def member_invited(membership, *, set_password_url, by):
    return send(
        _("Einladung: %(association)s bei „Dortmund hilft“") % {"association": membership.association.name},
        "warehouse/email/member_invited.txt",
        {"membership": membership, "set_password_url": set_password_url, "login_url": site_url(settings.LOGIN_URL),
         "invited_by": by.get_full_name() or by.username},
        [membership.user.email],
    )
