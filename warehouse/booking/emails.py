"""E-mails about bookings, each with the booking as an iCalendar attachment.

Each goes out once per language of its recipients (warehouse/mail.py): the texts are passed as
functions, so their gettext, dates and links are made inside each language.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from warehouse.booking.calendar import booking_ics, dropoff_ics
from warehouse.booking.dropoffs import LINK_MAX_AGE, dropoff_link_token
from warehouse.mail import Mail, association_recipients, operator_recipients, send, site_url


def _booking_mail(booking, recipients, texts):
    """Mail `booking` with its calendar file; `texts()` gives the subject and the intro in the active language."""
    def compose():
        subject, intro = texts()
        context = {
            "booking": booking,
            "intro": intro,
            "booking_url": site_url(reverse("warehouse:booking-detail", args=[booking.pk])),
            "calendar_url": site_url(reverse("warehouse:calendar")),
        }
        attachment = ("buchung.ics", booking_ics(booking), "text/calendar; charset=utf-8; method=PUBLISH")
        return Mail(subject, context, (attachment,))

    return send("warehouse/email/booking.txt", compose, recipients)


def _when(booking):
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    day = date_format(start, "SHORT_DATE_FORMAT")
    return f"{day}, {date_format(start, 'TIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"


def _requests_url():
    return site_url(reverse("warehouse:operator-requests"))


def booking_requested(booking):
    _booking_mail(booking, association_recipients(booking.association), lambda: (
        _("Buchungsanfrage eingegangen: %(when)s") % {"when": _when(booking)},
        _("Ihre Anfrage für die Lagerhalle ist eingegangen. Der Lagerbetrieb prüft sie und Sie bekommen "
          "eine E-Mail, sobald sie bestätigt oder abgelehnt ist."),
    ))
    _booking_mail(booking, operator_recipients(booking.bay.warehouse), lambda: (
        _("Neue Buchungsanfrage: %(association)s, %(when)s")
        % {"association": booking.association.name, "when": _when(booking)},
        _("Eine neue Buchungsanfrage wartet auf Ihre Entscheidung: %(url)s") % {"url": _requests_url()},
    ))


def booking_changed(booking):
    _booking_mail(booking, association_recipients(booking.association), lambda: (
        _("Buchungsanfrage geändert: %(when)s") % {"when": _when(booking)},
        _("Ihre Anfrage für die Lagerhalle wurde geändert. Der Lagerbetrieb prüft sie erneut."),
    ))
    _booking_mail(booking, operator_recipients(booking.bay.warehouse), lambda: (
        _("Buchungsanfrage geändert: %(association)s, %(when)s")
        % {"association": booking.association.name, "when": _when(booking)},
        _("Eine Buchungsanfrage wurde geändert und wartet auf Ihre Entscheidung: %(url)s")
        % {"url": _requests_url()},
    ))


def booking_confirmed(booking):
    _booking_mail(booking, association_recipients(booking.association), lambda: (
        _("Buchung bestätigt: %(when)s") % {"when": _when(booking)},
        _("Ihre Buchung der Lagerhalle ist bestätigt."),
    ))


def booking_declined(booking):
    _booking_mail(booking, association_recipients(booking.association), lambda: (
        _("Buchung abgelehnt: %(when)s") % {"when": _when(booking)},
        _("Ihre Buchungsanfrage für die Lagerhalle wurde leider abgelehnt."),
    ))


def booking_cancelled(booking):
    recipients = [*association_recipients(booking.association), *operator_recipients(booking.bay.warehouse)]
    _booking_mail(booking, recipients, lambda: (
        _("Buchung abgesagt: %(when)s") % {"when": _when(booking)},
        _("Diese Buchung der Lagerhalle ist abgesagt."),
    ))


def booking_reminder(booking):
    return _booking_mail(booking, association_recipients(booking.association), lambda: (
        _("Erinnerung: morgen Lagerhalle, %(when)s") % {"when": _when(booking)},
        _("Wir erinnern Sie an Ihre Buchung der Lagerhalle morgen."),
    ))


def dropoff_confirmed(booking, *, accepted=False):
    """Tell the person who offered the goods that their drop-off time is fixed, in the offer's language.

    When, where, how to find the hall, the time as a calendar file, and a signed link to cancel.
    `accepted`: staff accepted the offer just now (else the operator confirmed the time).
    """
    offer = booking.donation_offer

    def compose():
        manage_url = site_url(reverse("offers:appointment", args=[dropoff_link_token(booking)]))
        context = {
            "booking": booking, "offer": offer, "warehouse": booking.bay.warehouse, "accepted": accepted,
            "manage_url": manage_url, "link_days": LINK_MAX_AGE.days,
        }
        attachment = (
            "abgabetermin.ics", dropoff_ics(booking, manage_url), "text/calendar; charset=utf-8; method=PUBLISH"
        )
        subject = _("Ihr Termin für die Sachspende %(reference)s: %(when)s") % {
            "reference": offer.reference, "when": _when(booking)}
        return Mail(subject, context, (attachment,))

    # The person has no account: the language of the page the offer was sent from.
    return send("warehouse/email/dropoff_confirmed.txt", compose, [(offer.email, offer.language)],
                reply_to=[settings.UNIT_EMAIL])
