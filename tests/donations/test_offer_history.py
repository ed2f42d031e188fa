"""Offers and donors keep their change history, and anonymising leaves no personal data in it."""

import datetime
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from donations.models import DonationOffer, Donor
from dortmund_hilft import personal_data
from tests.factories import make_association, make_donor, make_item, make_offer
from warehouse.stock.services import receive_offer

pytestmark = pytest.mark.django_db

TRACES = ("Erika", "Muster", "erika@example.org", "0231 123456", "Hörde", "Musterweg")


def history_text(*rows):
    """Every old version of the rows, as one text to search for personal data."""
    versions = [version for row in rows for version in row.history.all()]
    return serializers.serialize("json", versions)


def a_received_offer_with_a_past(staff_user, operator_user):
    """A private offer edited twice, then received: its donor is recorded from it."""
    offer = make_offer(contact_name="Erika Musterfrau", location="Dortmund-Hörde, Musterweg 1")
    offer.phone = "0231 654321"
    offer.save()
    offer.accept(by=staff_user)
    donation = receive_offer(offer=offer, item=make_item(), quantity=3, association=make_association(),
                             by=operator_user)
    offer.refresh_from_db()
    return offer, donation.donor


def test_the_history_of_an_offer_and_its_donor_holds_the_person_until_anonymised(staff_user, operator_user):
    offer, donor = a_received_offer_with_a_past(staff_user, operator_user)
    assert offer.history.count() == 4 and donor.history.count() == 1
    assert "Erika" in history_text(offer, donor)
    assert offer.history.first().history_user == operator_user


def test_anonymise_offers_scrubs_the_old_versions_of_offer_and_donor(settings, staff_user, operator_user):
    settings.OFFER_ANONYMISE_AFTER_DAYS = 0
    offer, donor = a_received_offer_with_a_past(staff_user, operator_user)
    call_command("anonymise_offers")
    text = history_text(offer, donor)
    assert not [trace for trace in TRACES if trace in text] and "654321" not in text
    # The decisions stay in the history: who accepted and who booked it in.
    assert list(offer.history.order_by("history_id").values_list("status", flat=True)) == [
        "new", "new", "accepted", "received", "received"]
    assert offer.history.get(status="accepted").history_user == staff_user


def test_anonymise_offers_leaves_a_company_offer_its_organisation(settings):
    settings.OFFER_ANONYMISE_AFTER_DAYS = 30
    offer = make_offer(offerer_kind=DonationOffer.OffererKind.COMPANY, organisation="Hafenlogistik GmbH",
                       status=DonationOffer.Status.DECLINED,
                       closed_at=timezone.now() - datetime.timedelta(days=31))
    call_command("anonymise_offers")
    text = history_text(offer)
    assert "Hafenlogistik GmbH" in text and "Erika" not in text and "erika@example.org" not in text


def test_anonymising_a_donor_scrubs_its_old_versions(db):
    donor = make_donor(kind=Donor.Kind.PRIVATE, name="Erika Muster", email="erika@example.org",
                       address="Musterweg 1, 44135 Dortmund")
    donor.phone = "0231 123456"
    donor.save()
    donor.anonymise()
    assert donor.history.count() == 3
    text = history_text(donor)
    assert not [trace for trace in TRACES if trace in text]


def test_erasing_a_person_scrubs_offer_and_donor_history_and_names_who_erased(staff_user, operator_user):
    offer, donor = a_received_offer_with_a_past(staff_user, operator_user)
    other = make_offer(contact_name="Max Mustermann", email="max@example.org")
    personal_data.erase("erika@example.org", by=staff_user)
    text = history_text(offer, donor)
    assert not [trace for trace in TRACES if trace in text] and "654321" not in text
    assert offer.history.first().history_user == staff_user
    assert donor.history.first().history_user == staff_user
    assert "Max Mustermann" in history_text(other)  # only the person asked about


def test_the_export_holds_the_history_of_offers_and_donors(staff_user, operator_user):
    offer, donor = a_received_offer_with_a_past(staff_user, operator_user)
    document = json.loads(personal_data.export("erika@example.org"))
    offers = document["records"]["Spendenangebote"]
    donors = document["records"]["Spender*innen"]
    assert [entry["pk"] for entry in offers] == [offer.pk] and [entry["pk"] for entry in donors] == [donor.pk]
    assert len(offers[0]["history"]) == 4 and len(donors[0]["history"]) == 1
    assert "0231 123456" in json.dumps(offers[0]["history"])  # the phone number before the change
