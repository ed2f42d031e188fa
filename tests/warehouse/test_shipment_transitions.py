"""Shipment transitions: one service each, on the locked row, refusing when the shipment moved on.

A "stale" copy below is what a page or a parallel request holds: read before another transition
committed. The old model methods decided on such a copy and saved every field; these tests are the
single-threaded form of the races in test_transition_concurrency.py.
"""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from donations.models import Donation, Shipment
from tests.factories import give_stock, make_donation, make_item, make_shipment
from warehouse.stock.models import StockLevel, StockMovement
from warehouse.stock.services import (
    StockError,
    add_shipment_event,
    cancel_shipment,
    dispatch_shipment,
    mark_shipment_delivered,
    receive_donation,
    start_packing,
)

pytestmark = pytest.mark.django_db


def level(item, association):
    row = StockLevel.objects.filter(item=item, association=association).first()
    return row.quantity if row else 0


def dispatched(item, shipment):
    return StockMovement.objects.filter(item=item, shipment=shipment, kind=StockMovement.Kind.DISPATCH).count()


@pytest.fixture
def item(db):
    return make_item(name="Feldbett")


@pytest.fixture
def shipment(association_a, item):
    give_stock(item, association_a, 10)
    return make_shipment(source_association=association_a, lines=[(item, 4)])


def stale(shipment):
    return Shipment.objects.get(pk=shipment.pk)


def test_packing_starts_from_planned_and_records_who(shipment, operator_user):
    start_packing(shipment=shipment, by=operator_user)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.PACKING
    assert shipment.history.first().history_user == operator_user
    with pytest.raises(StockError, match="wird inzwischen schon gepackt"):
        start_packing(shipment=shipment, by=operator_user)


def test_a_stale_pack_after_dispatch_is_refused_and_allows_no_second_dispatch(shipment, item, association_a,
                                                                               operator_user):
    old = stale(shipment)
    dispatch_shipment(shipment=shipment, by=operator_user)
    with pytest.raises(StockError, match="Diese Lieferung ist inzwischen abgefahren."):
        start_packing(shipment=old, by=operator_user)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    with pytest.raises(StockError, match="inzwischen abgefahren"):
        dispatch_shipment(shipment=old, by=operator_user)
    assert level(item, association_a) == 6 and dispatched(item, shipment) == 1


def test_a_cancel_after_dispatch_is_refused_and_the_stock_stays_booked_out(shipment, item, association_a,
                                                                           operator_user):
    old = stale(shipment)
    dispatch_shipment(shipment=shipment, by=operator_user)
    with pytest.raises(StockError, match="inzwischen abgefahren"):
        cancel_shipment(shipment=old, reason="Kein Fahrzeug", by=operator_user)
    shipment.refresh_from_db()
    assert (shipment.status, shipment.cancel_reason) == (Shipment.Status.IN_TRANSIT, "")
    assert level(item, association_a) == 6


def test_a_dispatch_after_cancel_is_refused_and_takes_nothing(shipment, item, association_a, operator_user):
    old = stale(shipment)
    cancel_shipment(shipment=shipment, reason="Kein Fahrzeug", by=operator_user)
    with pytest.raises(StockError, match="inzwischen abgesagt"):
        dispatch_shipment(shipment=old, by=operator_user)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CANCELLED and shipment.dispatched_at is None
    assert level(item, association_a) == 10 and dispatched(item, shipment) == 0


def test_cancel_needs_a_reason(shipment, operator_user):
    with pytest.raises(StockError) as refused:
        cancel_shipment(shipment=shipment, reason="  ", by=operator_user)
    assert refused.value.field == "reason"
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.PLANNED


def test_a_transition_saves_only_its_own_fields(shipment, operator_user):
    old = stale(shipment)
    # Meanwhile city staff change the carrier in the admin.
    Shipment.objects.filter(pk=shipment.pk).update(carrier="Spedition Neu")
    start_packing(shipment=old, by=operator_user)
    shipment.refresh_from_db()
    assert (shipment.status, shipment.carrier) == (Shipment.Status.PACKING, "Spedition Neu")


def test_events_and_arrival_only_while_in_transit(shipment, operator_user):
    with pytest.raises(StockError, match="noch nicht abgefahren"):
        add_shipment_event(shipment=shipment, kind="customs_entry", occurred_at=timezone.now(), by=operator_user)
    with pytest.raises(StockError, match="noch nicht abgefahren"):
        mark_shipment_delivered(shipment=shipment, received={}, delivered_on=timezone.localdate(),
                                confirmation="Frau K.", by=operator_user)
    assert not shipment.events.exists()


def test_dispatch_and_arrival_are_not_entered_as_events(shipment, operator_user):
    dispatch_shipment(shipment=shipment, by=operator_user)
    for kind in ("dispatched", "delivered", "unknown"):
        with pytest.raises(StockError) as refused:
            add_shipment_event(shipment=shipment, kind=kind, occurred_at=timezone.now(), by=operator_user)
        assert refused.value.field == "kind"


def test_arrival_keeps_differences_and_comes_last(shipment, operator_user):
    dispatch_shipment(shipment=shipment, by=operator_user)
    add_shipment_event(shipment=shipment, kind="customs_entry", occurred_at=timezone.now(), by=operator_user)
    line = shipment.lines.get()
    old = stale(shipment)
    mark_shipment_delivered(shipment=shipment, received={line.pk: 3}, delivered_on=timezone.localdate(),
                            confirmation=" Frau K. ", by=operator_user)
    shipment.refresh_from_db()
    line.refresh_from_db()
    assert (shipment.status, shipment.delivery_confirmation) == (Shipment.Status.DELIVERED, "Frau K.")
    assert line.received_quantity == 3 and line.history.first().history_user == operator_user
    assert list(shipment.events.values_list("kind", flat=True)) == ["dispatched", "customs_entry", "delivered"]
    assert shipment.events.get(kind="delivered").note == "Feldbett: 4 → 3"
    with pytest.raises(StockError, match="inzwischen angekommen"):
        mark_shipment_delivered(shipment=old, received={}, delivered_on=timezone.localdate(),
                                confirmation="Herr M.", by=operator_user)
    with pytest.raises(StockError, match="inzwischen angekommen"):
        add_shipment_event(shipment=old, kind="note", occurred_at=timezone.now(), by=operator_user)


# --- The operator's page: only services, a clear message for a stale form -----------------------------


@pytest.mark.parametrize("action, data", [
    ("pack", {}), ("dispatch", {}), ("cancel", {"reason": "Kein Fahrzeug"}),
])
def test_a_stale_form_after_dispatch_gets_a_clear_message(client, operator_user, shipment, item, association_a,
                                                          action, data):
    client.force_login(operator_user)
    url = reverse("stock:shipment", args=[shipment.pk])
    client.post(url, {"aktion": "dispatch"})
    response = client.post(url, {"aktion": action, **data}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Diese Lieferung ist inzwischen abgefahren." in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    assert level(item, association_a) == 6 and dispatched(item, shipment) == 1


@pytest.mark.parametrize("action, data", [
    ("event", {"kind": "customs_entry", "occurred_at": "", "note": ""}),
    ("delivered", {"delivered_on": "", "confirmation": ""}),
])
def test_a_stale_form_for_a_cancelled_shipment_gets_a_clear_message(client, operator_user, shipment, action, data):
    cancel_shipment(shipment=shipment, reason="Kein Fahrzeug", by=operator_user)
    client.force_login(operator_user)
    url = reverse("stock:shipment", args=[shipment.pk])
    response = client.post(url, {"aktion": action, **data}, follow=True)
    assert response.status_code == 200
    assert "Diese Lieferung ist inzwischen abgesagt." in response.content.decode()


def test_an_unknown_action_is_a_bad_request(client, operator_user, shipment):
    client.force_login(operator_user)
    response = client.post(reverse("stock:shipment", args=[shipment.pk]), {"aktion": "beamen"})
    assert response.status_code == 400
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.PLANNED


def test_cancel_without_a_reason_shows_the_error_beside_the_field(client, operator_user, shipment):
    client.force_login(operator_user)
    response = client.post(reverse("stock:shipment", args=[shipment.pk]), {"aktion": "cancel", "reason": ""})
    assert response.status_code == 200
    assert "Geben Sie einen Grund an." in response.content.decode()


# --- The admin: nothing there assigns a status ----------------------------------------------------------


def _admin_request(user):
    request = RequestFactory().post("/")
    request.user = user
    request._messages = []
    return request


def test_the_shipment_admin_shows_transition_fields_read_only(shipment, staff_user):
    admin = site._registry[Shipment]
    readonly = admin.get_readonly_fields(_admin_request(staff_user), shipment)
    for name in ("status", "dispatched_at", "delivered_on", "delivery_confirmation", "cancel_reason"):
        assert name in readonly
    assert "source_association" not in readonly
    dispatch_shipment(shipment=shipment, by=staff_user)
    shipment.refresh_from_db()
    assert "source_association" in admin.get_readonly_fields(_admin_request(staff_user), shipment)


def test_saving_a_stale_admin_page_keeps_the_status_a_transition_wrote(shipment, staff_user, item, association_a):
    old = stale(shipment)
    dispatch_shipment(shipment=shipment, by=staff_user)
    old.carrier = "Spedition Neu"
    site._registry[Shipment].save_model(_admin_request(staff_user), old, form=None, change=True)
    shipment.refresh_from_db()
    assert (shipment.status, shipment.carrier) == (Shipment.Status.IN_TRANSIT, "Spedition Neu")
    assert shipment.dispatched_at is not None
    with pytest.raises(StockError):
        dispatch_shipment(shipment=shipment, by=staff_user)
    assert level(item, association_a) == 6


def test_events_are_not_edited_in_the_admin(shipment, staff_user, client):
    dispatch_shipment(shipment=shipment, by=staff_user)
    client.force_login(staff_user)
    response = client.get(reverse("admin:donations_shipment_change", args=[shipment.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "abgefahren" in page  # the dispatch event is shown ...
    assert 'name="events-0-occurred_at"' not in page  # ... but not as a field to change


def test_saving_a_stale_donation_admin_page_keeps_it_booked_in(association_a, staff_user, item):
    donation = make_donation(association=association_a, lines=[(item, 5)])
    old = Donation.objects.get(pk=donation.pk)
    receive_donation(donation=donation, by=staff_user)
    old.note = "Nachgetragen"
    site._registry[Donation].save_model(_admin_request(staff_user), old, form=None, change=True)
    donation.refresh_from_db()
    assert donation.booked_in_at is not None and donation.note == "Nachgetragen"
    with pytest.raises(StockError, match="schon eingebucht"):
        receive_donation(donation=donation, by=staff_user)
    assert level(item, association_a) == 5
