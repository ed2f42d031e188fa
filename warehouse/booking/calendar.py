"""Bookings as iCalendar (RFC 5545) for Thunderbird, Outlook, Google and the like.

Times are written in UTC, which every client reads without a VTIMEZONE block. A booking keeps its
UID for life; SEQUENCE grows with every change and a cancelled or declined booking stays in the
feed as STATUS:CANCELLED, so subscribed calendars update or remove the event instead of keeping it.

Texts are in the active language: a mail's attachment is made inside its recipients' language
(warehouse/mail.py); the feed speaks the language of its address (/uk/lager/kalender/….ics), which
the calendar page gives each member in the language their account chose.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from warehouse.booking.models import UTC, Booking

PRODID = "-//Stadt Dortmund//Dortmund hilft Lagerhalle//DE"
FEED_DAYS_BACK = 90

_STATUS = {
    Booking.Status.REQUESTED: "TENTATIVE",
    Booking.Status.CONFIRMED: "CONFIRMED",
    Booking.Status.DECLINED: "CANCELLED",
    Booking.Status.CANCELLED: "CANCELLED",
}


def _host():
    return urlsplit(settings.SITE_URL).hostname or "dortmund-hilft.example"


def booking_uid(booking):
    return f"buchung-{booking.pk}@{_host()}"


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # Ask subscribed clients to look for changes every hour.
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    return cal


def _event(booking):
    event = Event()
    warehouse = booking.bay.warehouse
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", booking.updated_at.astimezone(UTC))
    event.add("created", booking.created_at.astimezone(UTC))
    event.add("last-modified", booking.updated_at.astimezone(UTC))
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("sequence", booking.sequence)
    event.add("status", _STATUS[booking.status])
    event.add("summary", _("Lagerhalle: %(purpose)s (%(bay)s)") % {
        "purpose": booking.get_purpose_display(), "bay": booking.bay.name,
    })
    event.add("location", f"{warehouse.name}, {' '.join(warehouse.address.split())}")
    lines = [_("Status: %(status)s") % {"status": booking.get_status_display()}]
    if booking.decline_reason:
        lines.append(_("Grund: %(reason)s") % {"reason": booking.decline_reason})
    if booking.note:
        lines.append(_("Hinweis: %(note)s") % {"note": booking.note})
    url = settings.SITE_URL.rstrip("/") + reverse("warehouse:booking-detail", args=[booking.pk])
    lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("transp", "TRANSPARENT" if _STATUS[booking.status] == "CANCELLED" else "OPAQUE")
    return event


def association_feed(association, now=None):
    """The association's bookings from FEED_DAYS_BACK days ago on, as iCalendar bytes."""
    since = (now or timezone.now()) - datetime.timedelta(days=FEED_DAYS_BACK)
    cal = _calendar(_("Lagerhalle – %(association)s") % {"association": association.name})
    bookings = Booking.objects.filter(association=association, end__gte=since).with_details().order_by("start", "pk")
    for booking in bookings:
        cal.add_component(_event(booking))
    return cal.to_ical()


def booking_ics(booking):
    """One booking as iCalendar bytes, attached to the e-mails about it."""
    cal = _calendar(_("Lagerhalle – %(association)s") % {"association": booking.association.name})
    cal.add_component(_event(booking))
    return cal.to_ical()


def dropoff_ics(booking, manage_url):
    """A drop-off time as the person who offered the goods sees it: the hall, its address, the link to cancel.

    The same UID and SEQUENCE as the booking's own event, so a later cancellation replaces it.
    """
    warehouse = booking.bay.warehouse
    offer = booking.donation_offer
    cal = _calendar(_("Sachspende für „Dortmund hilft“"))
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", booking.updated_at.astimezone(UTC))
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("sequence", booking.sequence)
    event.add("status", _STATUS[booking.status])
    event.add("summary", _("Sachspende abgeben: %(hall)s") % {"hall": warehouse.name})
    event.add("location", f"{warehouse.name}, {' '.join(warehouse.address.split())}")
    lines = [_("Vorgangsnummer: %(reference)s") % {"reference": offer.reference}]
    lines.append(_("Bitte nennen Sie am Tor Ihre Vorgangsnummer."))
    lines.append(_("Termin absagen: %(url)s") % {"url": manage_url})
    event.add("description", "\n".join(lines))
    event.add("url", manage_url)
    cal.add_component(event)
    return cal.to_ical()
