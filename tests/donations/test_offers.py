"""Offers: the public form with check and confirmation, the drop-off wish, triage and anonymisation."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from donations.models import DonationOffer
from partners.models import Association
from tests.factories import (
    days_ahead,
    local_dt,
    make_association,
    make_bay,
    make_item_category,
    make_offer,
    make_warehouse,
)
from warehouse.booking.models import Booking

ANSWERS = {
    "offerer_kind": "private", "organisation": "", "contact_name": "Erika Muster", "email": "erika@example.org",
    "phone": "0231 123456", "category": "", "description": "20 Schlafsäcke, neu", "quantity": "20",
    "unit": "piece", "condition": "new", "location": "Dortmund-Hörde", "dropoff_slot": "",
}


@pytest.fixture
def hall(db):
    operator = make_association(name="Grenzenlose Wärme e.V.", slug="gw",
                                warehouse_role=Association.WarehouseRole.OPERATOR)
    warehouse = make_warehouse(operator=operator)
    make_bay(warehouse, name="Tor 1")
    return warehouse


def test_the_form_renders_with_fieldsets_and_dropoff_slots(client, hall):
    response = client.get(reverse("offers:form"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<fieldset" in content and "Wer bietet an?" in content and "novalidate" in content
    assert "<optgroup" in content  # free drop-off times grouped by day


def test_wrong_method(client, db):
    assert client.put(reverse("offers:form")).status_code == 405
    assert client.post(reverse("offers:done")).status_code == 405


def test_errors_are_shown_next_to_the_field_and_the_text_is_kept(client, hall):
    response = client.post(reverse("offers:form"), {**ANSWERS, "quantity": "zwanzig", "email": "erika"})
    content = response.content.decode()
    assert "<title>Fehler: " in content and "Es gibt ein Problem" in content
    assert "Geben Sie die Menge als ganze Zahl ein, zum Beispiel 20." in content
    assert 'value="zwanzig"' in content
    assert "im richtigen Format" in content
    assert not DonationOffer.objects.exists()


def test_an_overlong_description_is_refused_beside_the_field(client, hall):
    response = client.post(reverse("offers:form"), {**ANSWERS, "description": "a" * 4_900_000})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "description": ["Bitte kürzen Sie den Text auf höchstens 2000 Zeichen (jetzt 4900000)."]
    }
    assert 'id="id_description_error"' in response.content.decode()
    assert 'maxlength="2000"' in response.content.decode()
    assert client.get(reverse("offers:check")).url == reverse("offers:form")  # nothing kept for the next step
    assert not DonationOffer.objects.exists()


def test_an_organisation_needs_its_name(client, hall):
    response = client.post(reverse("offers:form"), {**ANSWERS, "offerer_kind": "company"})
    assert "Geben Sie den Namen des Unternehmens" in response.content.decode()


def test_check_then_send_gives_a_reference_and_a_german_email(client, hall):
    response = client.post(reverse("offers:form"), ANSWERS)
    assert response.url == reverse("offers:check")
    check = client.get(reverse("offers:check")).content.decode()
    assert "Prüfen Sie Ihre Angaben" in check and "20 Schlafsäcke, neu" in check
    assert not DonationOffer.objects.exists()
    response = client.post(reverse("offers:check"))
    assert response.url == reverse("offers:done")
    offer = DonationOffer.objects.get()
    done = client.get(reverse("offers:done")).content.decode()
    assert offer.reference in done
    assert len(mail.outbox) == 1
    assert offer.reference in mail.outbox[0].subject and "vielen Dank für Ihr Angebot" in mail.outbox[0].body
    assert not Booking.objects.exists()


def test_a_dropoff_wish_becomes_a_requested_booking_of_the_operator(client, hall):
    start = local_dt(days_ahead(3), 10)
    client.post(reverse("offers:form"), {**ANSWERS, "dropoff_slot": start.isoformat()})
    client.post(reverse("offers:check"))
    offer = DonationOffer.objects.get()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.REQUESTED and booking.purpose == Booking.Purpose.DONATION_DROPOFF
    assert booking.association == hall.operator and booking.donation_offer == offer
    assert booking.start == start and offer.dropoff_wish == start
    assert offer.reference in booking.note


def test_a_dropoff_time_taken_in_the_meantime_sends_back_to_the_form(client, hall):
    start = local_dt(days_ahead(3), 10)
    client.post(reverse("offers:form"), {**ANSWERS, "dropoff_slot": start.isoformat()})
    other = make_association()
    Booking.objects.create(association=other, bay=hall.bays.get(), start=start,
                           end=start + datetime.timedelta(hours=1), purpose="deliver")
    response = client.post(reverse("offers:check"))
    assert "Dieser Termin ist nicht mehr frei" in response.content.decode()
    assert not DonationOffer.objects.exists()


def test_check_and_done_without_answers_go_back_to_the_form(client, db):
    assert client.get(reverse("offers:check")).url == reverse("offers:form")
    assert client.get(reverse("offers:done")).url == reverse("offers:form")


def test_staff_accept_and_decline_in_the_admin(client, staff_user):
    accept, decline = make_offer(), make_offer()
    client.force_login(staff_user)
    url = reverse("admin:donations_donationoffer_changelist")
    client.post(url, {"action": "accept_offers", "_selected_action": [accept.pk]})
    reason_form = client.post(url, {"action": "decline_offers", "_selected_action": [decline.pk]})
    assert "Warum lehnen Sie das Angebot ab?" in reason_form.content.decode()  # first the reason
    client.post(url, {"action": "decline_offers", "_selected_action": [decline.pk], "apply": "1",
                      "reason_kind": "condition", "reason": "Die Matratzen sind fleckig."})
    accept.refresh_from_db()
    decline.refresh_from_db()
    assert accept.status == DonationOffer.Status.ACCEPTED and accept.decided_by == staff_user
    assert decline.status == DonationOffer.Status.DECLINED and decline.closed_at is not None
    assert (decline.decline_reason_kind, decline.decline_reason) == ("condition", "Die Matratzen sind fleckig.")


def test_the_received_action_leads_to_the_stock_form(client, staff_user):
    offer = make_offer()
    client.force_login(staff_user)
    response = client.post(reverse("admin:donations_donationoffer_changelist"),
                           {"action": "mark_received", "_selected_action": [offer.pk]})
    assert response.url == reverse("stock:offer-receive", args=[offer.pk])


def test_anonymise_offers_removes_personal_data_after_the_configured_days(db, settings):
    settings.OFFER_ANONYMISE_AFTER_DAYS = 30
    category = make_item_category()
    old = make_offer(status="declined", closed_at=timezone.now() - datetime.timedelta(days=31), category=category)
    recent = make_offer(status="declined", closed_at=timezone.now() - datetime.timedelta(days=5))
    still_open = make_offer()
    call_command("anonymise_offers")
    old.refresh_from_db()
    assert "Erika" not in old.contact_name and old.email == "anonymisiert@invalid" and old.phone == ""
    assert old.location == "" and old.anonymised_at is not None
    assert old.description == "20 Schlafsäcke" and old.category == category
    for offer in (recent, still_open):
        offer.refresh_from_db()
        assert offer.contact_name == "Erika Muster" and offer.anonymised_at is None
    call_command("anonymise_offers")  # idempotent


def test_anonymise_offers_also_anonymises_the_private_donor_of_a_received_offer(db, settings, association_a,
                                                                                 operator_user):
    from tests.factories import make_item
    from warehouse.stock.services import receive_offer

    settings.OFFER_ANONYMISE_AFTER_DAYS = 0
    offer = make_offer()
    donation = receive_offer(offer=offer, item=make_item(), quantity=3, association=association_a, by=operator_user)
    call_command("anonymise_offers")
    donation.donor.refresh_from_db()
    assert "Erika" not in donation.donor.name and donation.donor.email == "" and donation.donor.phone == ""
    assert donation.lines.get().quantity == 3
