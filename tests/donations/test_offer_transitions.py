"""An offer's status changes once, whoever clicks: stale copies, double clicks and stale admin lists."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from donations.models import DonationOffer
from tests.factories import make_association, make_donation, make_offer

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:donations_donationoffer_changelist")


def stale(offer):
    """A second copy of the offer, as another browser tab or admin list has it."""
    return DonationOffer.objects.get(pk=offer.pk)


def test_a_stale_decline_after_the_receipt_is_refused(staff_user):
    offer = make_offer(status=DonationOffer.Status.ACCEPTED)
    old_copy = stale(offer)
    offer.mark_received(donation=make_donation(association=make_association()), by=staff_user)
    with pytest.raises(ValidationError) as refused:
        old_copy.decline(by=staff_user, reason="Wird nicht gebraucht")
    assert refused.value.messages == ["Dieses Angebot wurde inzwischen als eingegangen erfasst."]
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.RECEIVED and offer.decline_reason == ""
    assert old_copy.status == DonationOffer.Status.RECEIVED  # the stale copy learns the state


def test_a_double_accept_accepts_once(staff_user):
    offer = make_offer()
    first, second = stale(offer), stale(offer)
    first.accept(by=staff_user)
    with pytest.raises(ValidationError, match="inzwischen angenommen"):
        second.accept(by=staff_user)
    assert list(offer.history.values_list("status", flat=True)) == ["accepted", "new"]
    assert offer.history.first().history_user == staff_user


def test_a_receipt_after_a_decline_is_refused(staff_user):
    offer = make_offer()
    old_copy = stale(offer)
    offer.decline(by=staff_user)
    with pytest.raises(ValidationError, match="inzwischen abgelehnt"):
        old_copy.mark_received(donation=make_donation(association=make_association()), by=staff_user)
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.DECLINED and offer.donation is None


def test_a_transition_keeps_a_note_saved_meanwhile(staff_user):
    offer = make_offer()
    old_copy = stale(offer)
    DonationOffer.objects.filter(pk=offer.pk).update(staff_note="Rückruf am Montag")
    old_copy.accept(by=staff_user)
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.ACCEPTED and offer.staff_note == "Rückruf am Montag"


def test_the_admin_reports_each_offer_it_could_not_change(client, staff_user):
    received = make_offer(status=DonationOffer.Status.RECEIVED)
    new = make_offer()
    client.force_login(staff_user)
    response = client.post(CHANGELIST, {"action": "decline_offers", "_selected_action": [received.pk, new.pk],
                                        "apply": "1", "reason_kind": "not_needed"})
    assert response.status_code == 302
    shown = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    assert ("warning", f"{received.reference}: Dieses Angebot wurde inzwischen als eingegangen erfasst.") in shown
    assert ("success", "1 Angebot abgelehnt.") in shown
    received.refresh_from_db()
    new.refresh_from_db()
    assert received.status == DonationOffer.Status.RECEIVED and new.status == DonationOffer.Status.DECLINED


def _change_form_data(client, offer):
    form = client.get(reverse("admin:donations_donationoffer_change", args=[offer.pk])).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "dropoff_wish":
            data.update(dropoff_wish_0="", dropoff_wish_1="")
        elif value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    return form, data


def test_a_stale_change_form_does_not_undo_a_decision(client, staff_user):
    offer = make_offer()
    client.force_login(staff_user)
    form, data = _change_form_data(client, offer)
    assert "status" not in form.fields  # the status changes only through the actions
    stale(offer).decline(by=staff_user)
    data.update(status=DonationOffer.Status.NEW, staff_note="Gut erhalten")
    response = client.post(reverse("admin:donations_donationoffer_change", args=[offer.pk]), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.DECLINED and offer.staff_note == "Gut erhalten"
    assert offer.history.first().history_user == staff_user


def test_the_offer_history_shows_in_the_admin(client, staff_user):
    offer = make_offer()
    offer.accept(by=staff_user)
    client.force_login(staff_user)
    response = client.get(reverse("admin:donations_donationoffer_history", args=[offer.pk]))
    assert response.status_code == 200
    assert [(r.status, r.history_user) for r in response.context["page_obj"]] == [
        ("accepted", staff_user), ("new", None)]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("transition", ["accept", "decline"])
def test_parallel_clicks_change_the_offer_once(staff_user, transition):
    offer = make_offer()
    clicks = 8
    barrier = threading.Barrier(clicks)
    results = []

    def click():
        try:
            copy = stale(offer)
            barrier.wait(timeout=10)
            getattr(copy, transition)(by=staff_user)
            results.append("done")
        except ValidationError:
            results.append("refused")
        except Exception as error:  # noqa: BLE001 - any other failure must show in the assertion
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["done"] + ["refused"] * (clicks - 1)
    assert offer.history.count() == 2
