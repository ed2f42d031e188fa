"""E-mails about bookings and co-use, in German plain text.

Every message goes through `_send`, the one point where the warehouse talks to the mail server:
a failure is logged and never breaks the request (the booking is already saved).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from warehouse.access import OPERATOR_GROUP
from warehouse.calendar import booking_ics

logger = logging.getLogger("warehouse.mail")


def site_url(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(subject, template, context, recipients, attachments=()):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return False
    extra = {"SITE_URL": settings.SITE_URL.rstrip("/"), "UNIT_EMAIL": getattr(settings, "UNIT_EMAIL", "")}
    body = render_to_string(template, {**context, **extra})
    message = EmailMessage(subject, body, to=recipients[:1], bcc=recipients[1:])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    try:
        return message.send() == 1
    except Exception:
        # The mail server is outside our control; the change is saved, operations resend from the log.
        logger.exception("sending e-mail failed", extra={"event": {"template": template}})
        return False


def association_recipients(association):
    """Members of the association with an address; the association's own address if it has none."""
    members = [
        user.email for user in get_user_model().objects.filter(
            memberships__association=association, is_active=True
        ).exclude(email="")
    ]
    return members or [association.email]


def operator_recipients(warehouse):
    staff = get_user_model().objects.filter(groups__name=OPERATOR_GROUP, is_active=True).exclude(email="")
    return [warehouse.notification_email, *(user.email for user in staff)]


def _booking_mail(booking, subject, intro, recipients):
    context = {
        "booking": booking,
        "intro": intro,
        "booking_url": site_url(reverse("warehouse:booking-detail", args=[booking.pk])),
        "calendar_url": site_url(reverse("warehouse:calendar")),
    }
    attachment = ("buchung.ics", booking_ics(booking), "text/calendar; charset=utf-8; method=PUBLISH")
    return _send(subject, "warehouse/email/booking.txt", context, recipients, [attachment])


def _when(booking):
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    return f"{start:%d.%m.%Y}, {start:%H:%M}–{end:%H:%M}"


def booking_requested(booking):
    _booking_mail(
        booking, _("Buchungsanfrage eingegangen: %(when)s") % {"when": _when(booking)},
        _("Ihre Anfrage für die Lagerhalle ist eingegangen. Der Lagerbetrieb prüft sie und Sie bekommen "
          "eine E-Mail, sobald sie bestätigt oder abgelehnt ist."),
        association_recipients(booking.association),
    )
    _booking_mail(
        booking, _("Neue Buchungsanfrage: %(association)s, %(when)s")
        % {"association": booking.association.name, "when": _when(booking)},
        _("Eine neue Buchungsanfrage wartet auf Ihre Entscheidung: %(url)s")
        % {"url": site_url(reverse("warehouse:operator-requests"))},
        operator_recipients(booking.bay.warehouse),
    )


def booking_changed(booking):
    _booking_mail(
        booking, _("Buchungsanfrage geändert: %(when)s") % {"when": _when(booking)},
        _("Ihre Anfrage für die Lagerhalle wurde geändert. Der Lagerbetrieb prüft sie erneut."),
        association_recipients(booking.association),
    )
    _booking_mail(
        booking, _("Buchungsanfrage geändert: %(association)s, %(when)s")
        % {"association": booking.association.name, "when": _when(booking)},
        _("Eine Buchungsanfrage wurde geändert und wartet auf Ihre Entscheidung: %(url)s")
        % {"url": site_url(reverse("warehouse:operator-requests"))},
        operator_recipients(booking.bay.warehouse),
    )


def booking_confirmed(booking):
    _booking_mail(
        booking, _("Buchung bestätigt: %(when)s") % {"when": _when(booking)},
        _("Ihre Buchung der Lagerhalle ist bestätigt."),
        association_recipients(booking.association),
    )


def booking_declined(booking):
    _booking_mail(
        booking, _("Buchung abgelehnt: %(when)s") % {"when": _when(booking)},
        _("Ihre Buchungsanfrage für die Lagerhalle wurde leider abgelehnt."),
        association_recipients(booking.association),
    )


def booking_cancelled(booking):
    _booking_mail(
        booking, _("Buchung abgesagt: %(when)s") % {"when": _when(booking)},
        _("Diese Buchung der Lagerhalle ist abgesagt."),
        [*association_recipients(booking.association), *operator_recipients(booking.bay.warehouse)],
    )


def booking_reminder(booking):
    return _booking_mail(
        booking, _("Erinnerung: morgen Lagerhalle, %(when)s") % {"when": _when(booking)},
        _("Wir erinnern Sie an Ihre Buchung der Lagerhalle morgen."),
        association_recipients(booking.association),
    )


def co_use_received(application):
    return _send(
        _("Ihr Antrag auf Mitnutzung der Lagerhalle (%(reference)s)") % {"reference": application.reference},
        "warehouse/email/co_use_received.txt", {"application": application}, [application.email],
    )


def co_use_approved(application, set_password_url):
    return _send(
        _("Mitnutzung der Lagerhalle: Ihr Antrag ist angenommen"),
        "warehouse/email/co_use_approved.txt",
        {"application": application, "set_password_url": set_password_url,
         "login_url": site_url(settings.LOGIN_URL)},
        [application.email],
    )


def co_use_declined(application):
    return _send(
        _("Mitnutzung der Lagerhalle: Ihr Antrag (%(reference)s)") % {"reference": application.reference},
        "warehouse/email/co_use_declined.txt", {"application": application}, [application.email],
    )
