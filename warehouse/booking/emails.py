"""E-mails about bookings, each with the booking as an iCalendar attachment."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from warehouse.booking.calendar import booking_ics
from warehouse.mail import association_recipients, operator_recipients, send, site_url


def _booking_mail(booking, subject, intro, recipients):
    context = {
        "booking": booking,
        "intro": intro,
        "booking_url": site_url(reverse("warehouse:booking-detail", args=[booking.pk])),
        "calendar_url": site_url(reverse("warehouse:calendar")),
    }
    attachment = ("buchung.ics", booking_ics(booking), "text/calendar; charset=utf-8; method=PUBLISH")
    return send(subject, "warehouse/email/booking.txt", context, recipients, [attachment])


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
