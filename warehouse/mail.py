"""The one point where the warehouse hands e-mail to Django's mail API, in plain text.

Every mail is written in its recipients' languages (issue 16). Recipients are (address, language)
pairs: an address that belongs to an account carries the language the account chose; one that belongs
to no account (an association's own address, the warehouse's notification address, the unit's) carries
None and is written to in German. `send` groups the addresses by language and renders subject, body and
attachments once per language inside `translation.override`: one message per language, the first
address in To and the others in Bcc.

The configured backend stores each message in the outbox in the caller's transaction; a worker
sends it after the commit, so no request waits on the mail server and a rollback sends nothing.
"""

from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from partners.languages import account_language, with_account_language
from partners.roles import OPERATOR_GROUP
from partners.site_url import absolute_url as site_url  # noqa: F401 - the name the warehouse's e-mails use


class Mail(NamedTuple):
    """What a mail says in one language: its subject, its template's context and its attachments."""

    subject: str
    context: dict
    attachments: tuple = ()  # (file name, content, MIME type)


def send(template, compose, recipients, reply_to=()):
    """Mail `template` to `recipients`, (address, language) pairs, one message per language.

    `compose()` returns the Mail; it runs inside `translation.override(language)` for each language,
    so gettext, reverse() and date formats in it speak that language. True if every message was
    handed over; False when there is nobody to mail.
    """
    extra = {"SITE_URL": settings.SITE_URL.rstrip("/"), "UNIT_EMAIL": getattr(settings, "UNIT_EMAIL", "")}
    handed_over = []
    for language, addresses in by_language(recipients).items():
        with translation.override(language):
            mail = compose()
            body = render_to_string(template, {**mail.context, **extra})
        message = EmailMessage(
            str(mail.subject), body, to=addresses[:1], bcc=addresses[1:], reply_to=list(reply_to)
        )
        for name, content, mimetype in mail.attachments:
            message.attach(name, content, mimetype)
        handed_over.append(message.send() == 1)
    return bool(handed_over) and all(handed_over)


def by_language(recipients):
    """{language: sorted addresses}; each address once, in its account's language where it has one."""
    languages = {}
    for address, language in recipients:
        if address and languages.get(address) is None:
            languages[address] = language
    groups = {}
    for address in sorted(languages):
        groups.setdefault(languages[address] or settings.LANGUAGE_CODE, []).append(address)
    return dict(sorted(groups.items()))


def without_account(*addresses):
    """Addresses that belong to no account, written to in German."""
    return [(address, None) for address in addresses]


def account_recipient(user):
    """The user's address, in the language their account chose."""
    return [(user.email, account_language(user))]


def address_recipient(address):
    """An address in the language of the active account that has it, German if none has (one query)."""
    users = get_user_model().objects.filter(email__iexact=address, is_active=True).order_by("pk")
    language = with_account_language(users).values_list("language", flat=True).first()
    return [(address, language)]


def _accounts(users):
    return list(with_account_language(users.exclude(email="")).values_list("email", "language"))


def association_recipients(association):
    """Active members with an address, each in their language; the association's own address if none."""
    members = _accounts(get_user_model().objects.filter(memberships__association=association, is_active=True))
    return members or without_account(association.email)


def operator_recipients(warehouse):
    """The warehouse's notification address and the operator's active staff, each in their language."""
    staff = _accounts(get_user_model().objects.filter(groups__name=OPERATOR_GROUP, is_active=True))
    return [*without_account(warehouse.notification_email), *staff]
