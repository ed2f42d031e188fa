"""E-mails about bookings, each with the booking as an iCalendar attachment."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from warehouse.booking.calendar import booking_ics, dropoff_ics
from warehouse.booking.dropoffs import LINK_MAX_AGE, dropoff_link_token
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


def dropoff_confirmed(booking, *, accepted=False):
    """Tell the person who offered the goods that their drop-off time is fixed.

    When, where, how to find the hall, the time as a calendar file, and a signed link to cancel.
    `accepted`: staff accepted the offer just now (else the operator confirmed the time).
    """
    with translation.override(booking.donation_offer.language):  # the language the offer was sent in
        return _dropoff_confirmed(booking, accepted=accepted)


def _dropoff_confirmed(booking, *, accepted):
    offer = booking.donation_offer
    manage_url = site_url(reverse("offers:appointment", args=[dropoff_link_token(booking)]))
    context = {
        "booking": booking, "offer": offer, "warehouse": booking.bay.warehouse, "accepted": accepted,
        "manage_url": manage_url, "link_days": LINK_MAX_AGE.days,
    }
    attachment = ("abgabetermin.ics", dropoff_ics(booking, manage_url), "text/calendar; charset=utf-8; method=PUBLISH")
    subject = _("Ihr Termin für die Sachspende %(reference)s: %(when)s") % {
        "reference": offer.reference, "when": _when(booking)}
    return send(
        subject,
        "warehouse/email/dropoff_confirmed.txt", context, [offer.email], [attachment],
        reply_to=[settings.UNIT_EMAIL],
    )
