"""The operator's stock pages and the members' read-only view of their own stock."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from donations.models import DonationOffer, Shipment
from tests.factories import give_stock, make_donor, make_item, make_offer, make_shipment
from warehouse.stock.models import StockLevel, StockMovement, Stocktake

OPERATOR_PAGES = ["stock:book-in", "stock:transfer", "stock:adjust", "stock:stocktakes", "stock:shipments"]


def level(item, association):
    row = StockLevel.objects.filter(item=item, association=association).first()
    return row.quantity if row else 0


@pytest.fixture
def item(db):
    return make_item(name="Feldbett")


@pytest.mark.parametrize("name", OPERATOR_PAGES)
def test_operator_pages_render_for_the_operator(client, operator_user, name):
    client.force_login(operator_user)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", OPERATOR_PAGES)
def test_operator_pages_are_refused_to_members_and_visitors(client, member_a, name):
    assert client.get(reverse(name)).status_code == 302  # to the login
    client.force_login(member_a)
    assert client.get(reverse(name)).status_code == 403


def test_operator_pages_refuse_other_methods(client, operator_user):
    client.force_login(operator_user)
    assert client.put(reverse("stock:book-in")).status_code == 405
    assert client.put(reverse("stock:stocktake-finalise", args=[1])).status_code == 405


def test_member_sees_own_stock_and_movements_only(client, member_a, association_a, association_b, item):
    give_stock(item, association_a, 7)
    give_stock(make_item(name="Fremdes Zelt"), association_b, 3)
    client.force_login(member_a)
    response = client.get(reverse("stock:association", args=[association_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Feldbett" in content and "Fremdes Zelt" not in content
    assert client.get(reverse("stock:association", args=[association_b.pk])).status_code == 404
    home = client.get(reverse("stock:home")).content.decode()
    assert "Feldbett" in home and "Fremdes Zelt" not in home


def test_stock_home_needs_a_login_and_a_role(client, django_user_model):
    assert client.get(reverse("stock:home")).status_code == 302
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert client.get(reverse("stock:home")).status_code == 403


def test_operator_books_in_a_donation(client, operator_user, association_a, item):
    donor = make_donor(name="Stadtwerke")
    client.force_login(operator_user)
    received_on = f"{timezone.localdate() - datetime.timedelta(days=5):%d.%m.%Y}"
    data = {
        "association": association_a.pk, "kind": "donation", "donor": donor.pk, "received_on": received_on,
        "pos-TOTAL_FORMS": "2", "pos-INITIAL_FORMS": "0", "pos-0-item": item.pk, "pos-0-quantity": "12",
        "pos-1-item": "", "pos-1-quantity": "",
    }
    response = client.post(reverse("stock:book-in"), data)
    assert response.status_code == 302
    assert level(item, association_a) == 12
    assert association_a.donations_received.get().booked_in_at is not None


def test_book_in_shows_errors_next_to_fields(client, operator_user, association_a, item):
    client.force_login(operator_user)
    data = {"association": association_a.pk, "kind": "donation", "received_on": "gestern",
            "pos-TOTAL_FORMS": "1", "pos-INITIAL_FORMS": "0", "pos-0-item": item.pk, "pos-0-quantity": "viele"}
    response = client.post(reverse("stock:book-in"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Fehler: " in content and "Es gibt ein Problem" in content
    assert "Wählen Sie, wer gespendet hat, oder tragen Sie eine neue Spender*in ein." in content
    assert "Geben Sie die Menge als ganze Zahl ein." in content and 'value="viele"' in content
    assert not StockMovement.objects.exists()


def test_operator_transfers_and_sees_a_clear_message_when_short(client, operator_user, association_a, association_b,
                                                                 item):
    give_stock(item, association_a, 5)
    client.force_login(operator_user)
    data = {"item": item.pk, "from_association": association_a.pk, "to_association": association_b.pk,
            "quantity": 9, "note": ""}
    response = client.post(reverse("stock:transfer"), data)
    assert "hat nur 5 Stück Feldbett auf Lager" in response.content.decode()
    data["quantity"] = 2
    assert client.post(reverse("stock:transfer"), data).status_code == 302
    assert (level(item, association_a), level(item, association_b)) == (3, 2)


def test_operator_adjusts_with_a_reason(client, operator_user, association_a, item):
    give_stock(item, association_a, 5)
    client.force_login(operator_user)
    data = {"item": item.pk, "association": association_a.pk, "reason": "damaged", "quantity": 2,
            "note": "Wasserschaden"}
    assert client.post(reverse("stock:adjust"), data).status_code == 302
    assert level(item, association_a) == 3
    movement = StockMovement.objects.get(kind="adjustment")
    assert (movement.reason, movement.note, movement.created_by) == ("damaged", "Wasserschaden", operator_user)
    response = client.post(reverse("stock:adjust"), {**data, "note": ""})
    assert "Beschreiben Sie kurz, was passiert ist." in response.content.decode()


def test_operator_counts_and_finalises_a_stocktake(client, operator_user, association_a, item):
    give_stock(item, association_a, 10)
    client.force_login(operator_user)
    response = client.post(reverse("stock:stocktakes"), {"association": association_a.pk})
    stocktake = Stocktake.objects.get()
    assert response.url == reverse("stock:stocktake", args=[stocktake.pk])
    client.post(reverse("stock:stocktake", args=[stocktake.pk]), {"item": item.pk, "counted": 8})
    assert level(item, association_a) == 10
    page = client.get(reverse("stock:stocktake", args=[stocktake.pk])).content.decode()
    assert "-2" in page
    client.post(reverse("stock:stocktake-finalise", args=[stocktake.pk]))
    assert level(item, association_a) == 8
    assert client.get(reverse("stock:stocktake", args=[stocktake.pk])).status_code == 404


def test_shipment_workflow_dispatch_event_delivered(client, operator_user, association_a, item, time_machine):
    # Dispatched on a fixed day, customs the day after, arrival the day after that: events must lie
    # between the dispatch and now, so the clock is set rather than whatever today is.
    dispatched = datetime.datetime(2027, 5, 11, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    time_machine.move_to(dispatched, tick=False)
    give_stock(item, association_a, 10)
    shipment = make_shipment(source_association=association_a, lines=[(item, 6)])
    url = reverse("stock:shipment", args=[shipment.pk])
    client.force_login(operator_user)
    assert client.get(url).status_code == 200
    client.post(url, {"aktion": "pack"})
    client.post(url, {"aktion": "dispatch"})
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT and level(item, association_a) == 4
    time_machine.move_to(dispatched + datetime.timedelta(days=2), tick=False)
    client.post(url, {"aktion": "event", "kind": "customs_entry", "occurred_at": "12.05.2027 10:00", "note": ""})
    line = shipment.lines.get()
    response = client.post(url, {"aktion": "delivered", "delivered_on": "13.05.2027", "confirmation": "Frau K.",
                                 f"line_{line.pk}": 5})
    assert response.status_code == 302
    shipment.refresh_from_db()
    line.refresh_from_db()
    assert shipment.status == Shipment.Status.DELIVERED and shipment.delivered_on == datetime.date(2027, 5, 13)
    assert line.received_quantity == 5 and line.difference == -1
    assert list(shipment.events.values_list("kind", flat=True)) == ["dispatched", "customs_entry", "delivered"]
    assert "Feldbett: 6 → 5" in shipment.events.get(kind="delivered").note


def test_dispatch_names_what_is_short(client, operator_user, association_a, item):
    give_stock(item, association_a, 1)
    shipment = make_shipment(source_association=association_a, lines=[(item, 6)])
    client.force_login(operator_user)
    response = client.post(reverse("stock:shipment", args=[shipment.pk]), {"aktion": "dispatch"}, follow=True)
    assert response.status_code == 200
    assert "Feldbett: 6 benötigt, 1 vorhanden" in response.content.decode()


def test_cancel_needs_a_reason_and_only_before_dispatch(client, operator_user, association_a, item):
    shipment = make_shipment(source_association=association_a, lines=[(item, 1)])
    url = reverse("stock:shipment", args=[shipment.pk])
    client.force_login(operator_user)
    response = client.post(url, {"aktion": "cancel", "reason": ""})
    assert "Geben Sie einen Grund an." in response.content.decode()
    client.post(url, {"aktion": "cancel", "reason": "Transport fällt aus"})
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.CANCELLED


def test_shipment_page_is_for_the_operator_only(client, member_a, association_a):
    shipment = make_shipment(source_association=association_a)
    client.force_login(member_a)
    assert client.get(reverse("stock:shipment", args=[shipment.pk])).status_code == 403


def test_operator_receives_an_offer(client, operator_user, association_a, item):
    offer = make_offer()
    client.force_login(operator_user)
    url = reverse("stock:offer-receive", args=[offer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"item": item.pk, "quantity": 18, "association": association_a.pk})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == DonationOffer.Status.RECEIVED and level(item, association_a) == 18
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["stock:home", "stock:association", "stock:shipments"])
def test_stock_lists_make_the_same_number_of_queries_for_5_and_50_rows(client, operator_user, association_a,
                                                                        django_assert_num_queries, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _ in range(n):
            item = make_item()
            give_stock(item, association_a, 3, by=operator_user)
            StockLevel.objects.filter(item=item).update(minimum=1000)
            make_shipment(source_association=association_a, lines=[(item, 1)])

    client.force_login(operator_user)
    url = reverse(name, args=[association_a.pk]) if name == "stock:association" else reverse(name)
    add(5)
    client.get(url)  # the session and the user are cached after the first request
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(45)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
