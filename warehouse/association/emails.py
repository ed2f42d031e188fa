"""E-mails about memberships, through the warehouse's outbox, in the language of the member's account."""

from django.urls import reverse
from django.utils.translation import gettext as _

from warehouse.mail import Mail, account_recipient, send, site_url


def member_invited(membership, *, set_password_url, by):
    def compose():
        subject = _("Einladung: %(association)s bei „Dortmund hilft“") % {"association": membership.association.name}
        return Mail(subject, {
            "membership": membership, "set_password_url": set_password_url,
            "login_url": site_url(reverse("account:login")), "invited_by": by.get_full_name() or by.username,
        })

    return send("warehouse/email/member_invited.txt", compose, account_recipient(membership.user))
