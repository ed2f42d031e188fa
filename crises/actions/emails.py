"""E-mails to volunteers: confirmation (with the shift as a calendar file), reminder, staff messages.

They go through Django's mail API, whose backend stores them in the outbox in the caller's transaction
(dortmund_hilft/outbox.py); a rollback sends nothing and no request waits on the mail server.
"""

import datetime
import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from partners.site_url import absolute_url

UTC = datetime.UTC


def cancel_url(signup):
    return absolute_url(reverse("actions:signup-cancel", args=[signup.token]))


def shift_ics(signup):
    shift = signup.shift
    cal = Calendar()
    cal.add("prodid", "-//Stadt Dortmund//Dortmund hilft Hilfsaktionen//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    host = urlsplit(settings.SITE_URL).hostname or "dortmund-hilft.example"
    event.add("uid", f"schicht-{shift.pk}-{signup.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", shift.starts_at.astimezone(UTC))
    event.add("dtend", shift.ends_at.astimezone(UTC))
    event.add("summary", f"{shift.title} ({shift.action.title})")
    event.add("location", shift.place)
    event.add("description", _("Absagen: %(url)s") % {"url": cancel_url(signup)})
    event.add("status", "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()


def _send(subject, template, context, to, attachments=()):
    extra = {"SITE_URL": settings.SITE_URL.rstrip("/")}
    body = render_to_string(template, {**context, **extra})
    message = EmailMessage(subject, body, to=to, reply_to=[settings.UNIT_EMAIL] if settings.UNIT_EMAIL else [])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message.send() == 1


def _when(shift):
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    day, start_time, end_time = (
        date_format(start, "SHORT_DATE_FORMAT"), date_format(start, "TIME_FORMAT"), date_format(end, "TIME_FORMAT")
    )
    return f"{day}, {start_time}–{end_time}"


def _in_signup_language(mail):
    """Mails to a volunteer in the language of the page they signed up on."""
    @functools.wraps(mail)
    def in_language(signup, *args, **kwargs):
        with translation.override(signup.language):
            return mail(signup, *args, **kwargs)
    return in_language


def _signup_mail(signup, subject, intro):
    context = {"signup": signup, "shift": signup.shift, "action": signup.shift.action, "intro": intro,
               "cancel_url": cancel_url(signup)}
    attachment = ("schicht.ics", shift_ics(signup), "text/calendar; charset=utf-8; method=PUBLISH")
    return _send(subject, "crises/actions/email/signup.txt", context, [signup.email], [attachment])


@_in_signup_language
def signup_confirmed(signup):
    return _signup_mail(
        signup, _("Ihre Anmeldung: %(title)s, %(when)s") % {"title": signup.shift.title, "when": _when(signup.shift)},
        _("vielen Dank, dass Sie helfen! Sie sind für diese Schicht angemeldet."),
    )


@_in_signup_language
def signup_reminder(signup):
    return _signup_mail(
        signup, _("Erinnerung: morgen %(title)s, %(when)s") % {"title": signup.shift.title,
                                                               "when": _when(signup.shift)},
        _("wir erinnern Sie an Ihre Schicht morgen. Danke, dass Sie dabei sind!"),
    )


@_in_signup_language
def shift_message(signup, subject, text):
    context = {"signup": signup, "shift": signup.shift, "action": signup.shift.action, "text": text,
               "cancel_url": cancel_url(signup)}
    return _send(subject, "crises/actions/email/shift_message.txt", context, [signup.email])
