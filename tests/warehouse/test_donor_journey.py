"""The donor's journey: an e-mail for each decision, the signed link to cancel, declines that free the bay."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from donations.models import Donation, DonationOffer, Donor
from dortmund_hilft import outbox
from dortmund_hilft.models import OutboxMessage
from partners.models import Association
from tests.factories import days_ahead, local_dt, make_association, make_bay, make_item, make_offer, make_warehouse
from tests.outbox_support import use_outbox
from warehouse.booking import services as booking_services
from warehouse.booking.dropoffs import booking_for_link, dropoff_link_token
from warehouse.booking.models import Booking
from warehouse.intake import decisions
from warehouse.stock.services import receive_offer

pytestmark = pytest.mark.django_db

OFFERS = reverse("warehouse:operator-offers")


@pytest.fixture
def hall(db):
    operator = make_association(name="Grenzenlose Wärme e.V.", slug="gw",
                                warehouse_role=Association.WarehouseRole.OPERATOR, email="lager@example.org")
    warehouse = make_warehouse(operator=operator, name="Lagerhalle am Hafen", notification_email="halle@example.org")
    make_bay(warehouse, name="Tor 1")
    return warehouse


@pytest.fixture
def start():
    return local_dt(days_ahead(3), 10)


def wish(hall, start, **offer_fields):
    """An offer with a drop-off wish, as the public form leaves it: a requested booking of the operator."""
    offer = make_offer(**offer_fields)
    return booking_services.request_dropoff(warehouse=hall, offer=offer, start=start, note="")


def confirmed(hall, start, operator_user, **offer_fields):
    booking = wish(hall, start, **offer_fields)
    mail.outbox.clear()
    return booking_services.confirm_booking(booking=booking, by=operator_user)


def to_donor():
    return [m for m in mail.outbox if m.to == ["erika@example.org"]]


def link(booking):
    booking.refresh_from_db()
    return reverse("offers:appointment", args=[dropoff_link_token(booking)])


# --- the appointment e-mail -------------------------------------------------------------------------


def test_confirming_a_drop_off_mails_the_donor_the_time_the_place_a_calendar_file_and_a_link(
        client, settings, hall, start, operator_user):
    booking = confirmed(hall, start, operator_user)
    [message] = to_donor()
    offer = booking.donation_offer
    assert message.subject == f"Ihr Termin für die Sachspende {offer.reference}: {start:%d.%m.%Y}, 10:00–10:30"
    assert "Ihr Termin für die Abgabe Ihrer Sachspende ist bestätigt." in message.body
    assert "Uhrzeit: 10:00–10:30 Uhr" in message.body
    assert "Lagerhalle am Hafen\nAm Hafen 1\n44147 Dortmund" in message.body
    assert message.reply_to == [settings.UNIT_EMAIL]  # questions go to the unit
    [(name, content, mimetype)] = message.attachments
    assert name == "abgabetermin.ics" and mimetype.startswith("text/calendar")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == start and str(event["status"]) == "CONFIRMED"
    assert "Am Hafen 1 44147 Dortmund" in str(event["location"])
    url = next(line for line in message.body.splitlines() if "/spenden/angebot/" in line).strip()
    assert str(event["url"]) == url
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    content = page.content.decode()
    assert offer.reference in content and "Termin absagen" in content and "Am Hafen 1" in content


def test_the_calendar_file_survives_the_outbox(settings, hall, start, operator_user):
    use_outbox(settings)
    booking = confirmed(hall, start, operator_user)
    stored = OutboxMessage.objects.get(recipients="erika@example.org")
    [attachment] = outbox.deserialise(stored.content).attachments
    assert attachment[0] == "abgabetermin.ics"
    [event] = Calendar.from_ical(attachment[1]).walk("VEVENT")
    assert event.decoded("dtstart") == booking.start
    assert outbox.deliver(stored.pk) == "sent"  # what the worker does with it
    [sent] = [m for m in mail.outbox if m.to == ["erika@example.org"]]
    assert Calendar.from_ical(sent.attachments[0][1]).walk("VEVENT")


def test_accepting_an_offer_with_a_confirmed_time_sends_the_appointment(hall, start, operator_user, staff_user):
    booking = confirmed(hall, start, operator_user)
    mail.outbox.clear()
    decisions.accept_offer(offer=booking.donation_offer, by=staff_user)
    [message] = to_donor()
    assert "wir nehmen Ihr Angebot gern an. Ihr Termin für die Abgabe steht fest." in message.body
    assert message.attachments[0][0] == "abgabetermin.ics"


def test_accepting_an_offer_without_a_fixed_time_says_what_comes_next(hall, start, staff_user):
    booking = wish(hall, start)
    no_wish = make_offer(email="ohne@example.org")
    mail.outbox.clear()
    decisions.accept_offer(offer=booking.donation_offer, by=staff_user)
    decisions.accept_offer(offer=no_wish, by=staff_user)
    [with_wish] = to_donor()
    assert "Die Lagerhalle bestätigt Ihnen den Termin in einer eigenen E-Mail." in with_wish.body
    [without] = [m for m in mail.outbox if m.to == ["ohne@example.org"]]
    assert "Wir melden uns dafür in den nächsten Tagen bei Ihnen." in without.body and not without.attachments
    with pytest.raises(decisions.OfferError, match="inzwischen angenommen"):
        decisions.accept_offer(offer=no_wish, by=staff_user)


# --- the link: cancel once, refuse stale, forged and expired links -------------------------------------


def test_the_donor_cancels_through_the_link_and_the_bay_is_free_at_once(client, hall, start, operator_user):
    booking = confirmed(hall, start, operator_user)
    url = link(booking)
    mail.outbox.clear()
    response = client.post(url)
    assert response.status_code == 200
    assert "Ihr Termin ist abgesagt" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and not Booking.objects.active().exists()
    assert "Von der spendenden Person" in booking.decline_reason
    [to_operator] = mail.outbox
    assert "halle@example.org" in to_operator.recipients() and to_operator.subject.startswith("Buchung abgesagt")
    # The bay takes another drop-off at that time.
    assert wish(hall, start, email="zweite@example.org").status == Booking.Status.REQUESTED
    again = client.post(url)  # the link works once
    assert again.status_code == 400
    assert "Dieser Link gilt nicht mehr" in again.content.decode()


def test_a_forged_link_is_refused_with_a_german_page(client, hall, start, operator_user):
    booking = confirmed(hall, start, operator_user)
    token = dropoff_link_token(booking)
    for forged in (token[:-2] + "xx", "ANG-ABCDEF", f"{booking.pk}"):
        response = client.post(reverse("offers:appointment", args=[forged]))
        assert response.status_code == 404
        assert "Diesen Link kennen wir nicht." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_an_expired_link_is_refused(client, hall, start, operator_user):
    booking = confirmed(hall, start, operator_user)
    url = link(booking)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=31)):
        response = client.get(url)
    assert response.status_code == 400 and "Dieser Link ist abgelaufen." in response.content.decode()


def test_a_link_from_before_a_change_is_stale(client, hall, start, operator_user, staff_user):
    booking = confirmed(hall, start, operator_user)
    url = link(booking)
    decisions.decline_offer(offer=booking.donation_offer, by=staff_user, reason_kind="no_space")
    response = client.get(url)
    assert response.status_code == 400 and "Dieser Link gilt nicht mehr" in response.content.decode()


def test_the_link_takes_get_and_post_only(client, hall, start, operator_user):
    url = link(confirmed(hall, start, operator_user))
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert Booking.objects.active().count() == 1


def test_a_cancellation_racing_a_decline_changes_nothing(hall, start, operator_user, staff_user):
    booking = confirmed(hall, start, operator_user)
    seen = booking_for_link(dropoff_link_token(booking))
    decisions.decline_offer(offer=booking.donation_offer, by=staff_user, reason_kind="not_needed")
    with pytest.raises(decisions.OfferError, match="schon abgesagt"):
        decisions.cancel_dropoff_by_donor(booking=seen)


# --- declines ---------------------------------------------------------------------------------------


def test_a_decline_with_reason_releases_a_wished_time_and_tells_the_donor(hall, start, staff_user):
    booking = wish(hall, start)
    mail.outbox.clear()
    decisions.decline_offer(offer=booking.donation_offer, by=staff_user, reason_kind="condition",
                            reason="Matratzen nehmen wir nur neu.")
    booking.refresh_from_db()
    offer = booking.donation_offer
    assert (offer.status, offer.decline_reason_kind, offer.decline_reason) == (
        "declined", "condition", "Matratzen nehmen wir nur neu.")
    assert booking.status == Booking.Status.DECLINED and not Booking.objects.active().exists()
    [message] = mail.outbox  # a wish held no time of the operator's plan: only the donor hears
    assert message.to == ["erika@example.org"]
    assert "Der Grund: Zustand nicht geeignet – Matratzen nehmen wir nur neu." in message.body
    assert "ist damit abgesagt" in message.body


def test_a_decline_cancels_a_confirmed_time_and_tells_the_operator(hall, start, operator_user, staff_user):
    booking = confirmed(hall, start, operator_user)
    mail.outbox.clear()
    decisions.decline_offer(offer=booking.donation_offer, by=staff_user, reason_kind="no_space")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.decline_reason == "Spendenangebot abgelehnt: Keine Lagerkapazität"
    assert {tuple(m.to) for m in mail.outbox} >= {("erika@example.org",)}
    assert any(m.subject.startswith("Buchung abgesagt") for m in mail.outbox)


def test_a_decline_needs_a_reason_and_refuses_a_closed_offer(hall, start, staff_user):
    offer = wish(hall, start).donation_offer
    with pytest.raises(decisions.OfferError, match="Wählen Sie einen Grund."):
        decisions.decline_offer(offer=offer, by=staff_user, reason_kind="")
    with pytest.raises(decisions.OfferError, match="in ein paar Worten"):
        decisions.decline_offer(offer=offer, by=staff_user, reason_kind="other", reason="  ")
    decisions.decline_offer(offer=offer, by=staff_user, reason_kind="not_needed")
    mail.outbox.clear()
    with pytest.raises(decisions.OfferError, match="inzwischen abgelehnt"):
        decisions.decline_offer(offer=offer, by=staff_user, reason_kind="not_needed")
    assert mail.outbox == []


def test_the_operator_declines_with_a_reason_on_the_offer_page(client, hall, start, operator_user):
    booking = wish(hall, start)
    url = reverse("warehouse:operator-offer-decline", args=[booking.donation_offer.pk])
    client.force_login(operator_user)
    page = client.get(url)
    assert page.status_code == 200 and "Wird zurzeit nicht gebraucht" in page.content.decode()
    refused = client.post(url, {"reason_kind": "other", "reason": ""})
    assert refused.status_code == 200
    assert "Fehler: " in refused.content.decode() and "Beschreiben Sie den Grund" in refused.content.decode()
    assert client.post(url, {"reason_kind": "not_needed"}).url == OFFERS
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED
    assert client.get(url).status_code == 404  # decided: no form for it any more
    assert client.post(url, {"reason_kind": "not_needed"}, follow=True).status_code == 200


def test_operator_offer_pages_wrong_method_and_outsiders(client, hall, start, member_a):
    offer = wish(hall, start).donation_offer
    decline = reverse("warehouse:operator-offer-decline", args=[offer.pk])
    accept = reverse("warehouse:operator-offer-accept", args=[offer.pk])
    assert client.get(OFFERS).status_code == 302  # to the login
    client.force_login(member_a)
    assert client.get(OFFERS).status_code == 403
    assert client.post(decline, {"reason_kind": "not_needed"}).status_code == 403
    assert client.post(accept).status_code == 403
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.NEW


def test_the_operator_accepts_on_the_offer_list(client, hall, start, operator_user):
    offer = wish(hall, start).donation_offer
    client.force_login(operator_user)
    accept = reverse("warehouse:operator-offer-accept", args=[offer.pk])
    assert client.get(accept).status_code == 405
    assert client.post(accept).url == OFFERS
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.ACCEPTED
    assert client.get(reverse("warehouse:operator-offer-decline", args=[9999])).status_code == 404


def test_the_offer_list_makes_the_same_queries_for_few_and_many(client, hall, operator_user):
    client.force_login(operator_user)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(OFFERS).status_code == 200
        return len(context)

    wish(hall, local_dt(days_ahead(3), 9))
    queries()  # the first request of a session reads a little more (session, user)
    few = queries()
    for hour in range(10, 16):
        wish(hall, local_dt(days_ahead(3), hour), email=f"p{hour}@example.org")
    make_offer(email="ohne@example.org")
    assert queries() == few


# --- the goods come in ------------------------------------------------------------------------------


def test_receiving_the_goods_thanks_the_donor_with_the_receipt(hall, start, operator_user):
    booking = confirmed(hall, start, operator_user)
    mail.outbox.clear()
    donation = receive_offer(offer=booking.donation_offer, item=make_item(name="Schlafsack"), quantity=20,
                             association=hall.operator, by=operator_user, donor_address="Musterweg 1\n44135 Dortmund")
    [message] = to_donor()
    assert message.subject == f"Danke für Ihre Sachspende {booking.donation_offer.reference}"
    assert donation.reference in message.body and "20 Stück Schlafsack" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == f"empfangsbestaetigung-{donation.reference}.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert Donor.objects.get().address == "Musterweg 1\n44135 Dortmund"


def test_a_refused_receipt_sends_nothing(hall, start, operator_user, staff_user):
    offer = wish(hall, start).donation_offer
    decisions.decline_offer(offer=offer, by=staff_user, reason_kind="not_needed")
    mail.outbox.clear()
    with pytest.raises(Exception, match="inzwischen abgeschlossen"):
        receive_offer(offer=offer, item=make_item(), quantity=1, association=hall.operator, by=operator_user)
    assert mail.outbox == [] and not Donation.objects.exists()


# --- book-in at the hall: the donor is created on the spot ----------------------------------------


def book_in_data(association, item, **fields):
    return {"association": association.pk, "kind": "donation", "received_on": days_ahead(0).strftime("%d.%m.%Y"),
            "pos-TOTAL_FORMS": "1", "pos-INITIAL_FORMS": "0", "pos-0-item": item.pk, "pos-0-quantity": "4",
            **fields}


def test_the_operator_books_in_a_citizens_donation_creating_the_donor(client, operator_user, association_a):
    item = make_item()
    client.force_login(operator_user)
    response = client.post(reverse("stock:book-in"), book_in_data(
        association_a, item, new_donor_name="Max Beispiel", new_donor_kind="private",
        new_donor_address="Hafenstraße 2\n44147 Dortmund"))
    assert response.status_code == 302
    donor = Donor.objects.get()
    assert (donor.name, donor.kind, donor.address) == ("Max Beispiel", "private", "Hafenstraße 2\n44147 Dortmund")
    assert Donation.objects.get().donor == donor


@pytest.mark.parametrize(("fields", "message"), [
    ({}, "Wählen Sie, wer gespendet hat, oder tragen Sie eine neue Spender*in ein."),
    ({"new_donor_name": "Max Beispiel"}, "Wählen Sie, ob die neue Spender*in eine Privatperson"),
    ({"kind": "procurement", "supplier": "Firma X", "new_donor_name": "Max"}, "Eine Beschaffung hat keine Spender*in."),
])
def test_book_in_says_when_a_donor_is_needed(client, operator_user, association_a, fields, message):
    client.force_login(operator_user)
    page = client.get(reverse("stock:book-in")).content.decode()
    assert "Eine Sachspende braucht eine Spender*in" in page
    response = client.post(reverse("stock:book-in"), book_in_data(association_a, make_item(), **fields))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Donor.objects.exists() and not Donation.objects.exists()
