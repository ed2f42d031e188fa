"""The donor's journey in the browser: offer with a drop-off wish, the operator confirms, the e-mail's
calendar file and link, the goods come in, the thanks with the receipt; and a decline that frees the bay.

Every new page is checked with axe-core on the way.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from donations.models import DonationOffer
from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_stock_pages import check, log_in
from tests.factories import days_ahead, local_dt
from warehouse.booking.dropoffs import dropoff_link_token
from warehouse.booking.services import request_dropoff
from warehouse.intake.services import dropoff_warehouse
from warehouse.models import Booking


def axe_problems(page):
    violations = axe_violations(page)
    return [f"{page.url}: {format_violations(violations)}"] if violations else []


def donor_mails(reference):
    return [message for message in mail.outbox if reference in message.subject and message.to == ["erika@example.org"]]


def offer_with_a_wish(page, live_server, watch):
    """The public form, filled in, with the first free drop-off time; returns the offer."""
    page.goto(live_server.url + "/spenden/angebot/")
    page.check("#id_offerer_kind_0")
    page.fill("#id_contact_name", "Erika Muster")
    page.fill("#id_email", "erika@example.org")
    page.fill("#id_description", "Zwanzig Schlafsäcke, neu")
    page.fill("#id_quantity", "20")
    page.check("#id_condition_0")
    page.fill("#id_location", "Dortmund-Hörde")
    first_time = page.locator("#id_dropoff_slot optgroup option").first.get_attribute("value")
    page.select_option("#id_dropoff_slot", first_time)
    with page.expect_navigation():
        page.locator("button[type='submit'][name='weiter']").click()
    with page.expect_navigation():
        page.locator("main button[type='submit']").click()
    assert "/spenden/angebot/eingegangen/" in page.url
    return DonationOffer.objects.get(description="Zwanzig Schlafsäcke, neu")


@pytest.mark.django_db(transaction=True)
def test_offer_confirm_link_receive_and_thanks(demo_data, live_server, page, watch):
    offer = offer_with_a_wish(page, live_server, watch)
    booking = offer.dropoff_bookings.get()
    assert booking.status == Booking.Status.REQUESTED

    # The operator confirms the wish on the requests page.
    log_in(page, live_server, "lagerbetrieb")
    problems = check(page, watch, live_server.url + "/lager/betrieb/")
    with page.expect_navigation():
        page.locator(f"#bestaetigen-{booking.pk}").click()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED

    # The e-mail: the time, the hall, a calendar file and the link.
    [appointment] = [m for m in donor_mails(offer.reference) if m.attachments]
    [(name, content, _mimetype)] = appointment.attachments
    assert name == "abgabetermin.ics"
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == booking.start
    link = re.search(r"http\S+/spenden/angebot/\S+/", appointment.body).group(0)

    # The donor opens the link (a browser without the operator's session).
    donor = page.context.browser.new_context(locale="de-DE")
    donor_page = donor.new_page()
    donor_page.goto(live_server.url + urlsplit(link).path)
    assert offer.reference in donor_page.locator("main").inner_text()
    assert donor_page.locator("main button[type='submit']").inner_text().strip() == "Termin absagen"
    donor.close()
    problems += check(page, watch, live_server.url + urlsplit(link).path)

    # The goods come in: the operator takes them in from the offer list.
    problems += check(page, watch, live_server.url + "/lager/betrieb/angebote/")
    with page.expect_navigation():
        page.locator(f"#eingang-{offer.pk}").click()
    page.select_option("#id_item", index=1)
    page.fill("#id_donor_address", "Musterweg 1\n44135 Dortmund")
    with page.expect_navigation():
        page.locator("main form button[type='submit'], main form input[type='submit']").first.click()
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.RECEIVED
    [thanks] = [m for m in donor_mails(offer.reference) if m.subject.startswith("Danke")]
    assert thanks.attachments[0][2] == "application/pdf" and thanks.attachments[0][1].startswith(b"%PDF")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_a_decline_with_reason_frees_the_bay_and_a_stale_link_says_so(demo_data, live_server, page, watch):
    warehouse = dropoff_warehouse()
    offer = DonationOffer.objects.create(
        offerer_kind="private", contact_name="Erika Muster", email="erika@example.org",
        description="Zehn Matratzen", quantity=10, condition="used", location="Dortmund",
    )
    booking = request_dropoff(warehouse=warehouse, offer=offer, start=local_dt(days_ahead(4), 10), note="")
    log_in(page, live_server, "lagerbetrieb")
    decline_url = live_server.url + f"/lager/betrieb/angebote/{offer.pk}/ablehnen/"
    problems = check(page, watch, decline_url)

    # "Anderes" needs words: the error is shown and checked too.
    page.check("input[name='reason_kind'][value='other']")
    with page.expect_navigation():
        page.locator("#ablehnen button[type='submit'], #ablehnen input[type='submit']").first.click()
    assert page.title().startswith("Fehler: ")
    problems += axe_problems(page)
    page.fill("#id_reason", "Matratzen nehmen wir nur neu.")
    with page.expect_navigation():
        page.locator("#ablehnen button[type='submit'], #ablehnen input[type='submit']").first.click()
    assert page.url.endswith("/lager/betrieb/angebote/")

    booking.refresh_from_db()
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.DECLINED and offer.decline_reason_kind == "other"
    assert booking.status == Booking.Status.DECLINED
    assert not Booking.objects.active().filter(bay=booking.bay, start=booking.start).exists()
    [declined] = donor_mails(offer.reference)[-1:]
    assert "Der Grund: Anderes – Matratzen nehmen wir nur neu." in declined.body

    # The link to a time that is no longer held says so, in German, and changes nothing.
    response = page.goto(live_server.url + reverse("offers:appointment", args=[dropoff_link_token(booking)]))
    assert response.status == 400
    assert "Dieser Link gilt nicht mehr" in page.locator("main").inner_text()
    problems += axe_problems(page)
    assert not problems, "\n".join(problems)
