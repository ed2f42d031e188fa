"""Every e-mail the portal sends goes through here, so a test or a change touches one place.

Bodies are plain-text templates in templates/emails/. The mail backend is the outbox (outbox.py):
it stores each message with the change that caused it, and a worker sends it with retries.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def send(*, to, subject, template, context, reply_to=None):
    """Send one plain-text e-mail rendered from templates/emails/<template>.txt."""
    body = render_to_string(f"emails/{template}.txt", {**context, "SITE_URL": settings.SITE_URL})
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to),
        reply_to=list(reply_to) if reply_to else None,
    )
    return message.send()


def accessibility_feedback(feedback):
    """Tell the unit about a reported barrier, and confirm receipt to the sender if they gave an address.

    The unit reads German whatever page the report came from; the sender reads the page's language.
    """
    context = {"feedback": feedback, "UNIT_EMAIL": settings.UNIT_EMAIL, "UNIT_PHONE": settings.UNIT_PHONE}
    with translation.override(settings.LANGUAGE_CODE):
        send(
            to=[settings.UNIT_EMAIL],
            subject=_("Rückmeldung zur Barrierefreiheit %(reference)s") % {"reference": feedback.reference},
            template="accessibility_feedback_unit",
            context=context,
            reply_to=[feedback.email] if feedback.email else None,
        )
    if feedback.email:
        send(
            to=[feedback.email],
            subject=_("Ihre Rückmeldung zur Barrierefreiheit (%(reference)s)") % {"reference": feedback.reference},
            template="accessibility_feedback_confirmation",
            context=context,
            reply_to=[settings.UNIT_EMAIL],
        )
