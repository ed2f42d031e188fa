"""Stocktakes: a count corrects the level the ledger showed when it was counted, not a later one."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import give_stock, make_item, make_shipment
from warehouse.stock.models import StockLevel, StockMovement, Stocktake, StocktakeCount
from warehouse.stock.services import (
    StockError,
    book_in,
    dispatch_shipment,
    finalise_stocktake,
    record_count,
    start_stocktake,
)

pytestmark = pytest.mark.django_db


def level(item, association):
    row = StockLevel.objects.filter(item=item, association=association).first()
    return row.quantity if row else 0


@pytest.fixture
def item(db):
    return make_item(name="Feldbett")


def dispatch(item, association, quantity, by):
    dispatch_shipment(shipment=make_shipment(source_association=association, lines=[(item, quantity)]), by=by)


def test_goods_dispatched_after_the_count_stay_gone(item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=item, counted=10, by=operator_user)
    dispatch(item, association_a, 4, operator_user)
    [change] = finalise_stocktake(stocktake=stocktake, by=operator_user)
    assert level(item, association_a) == 6
    assert (change.recorded, change.counted, change.difference) == (10, 10, 0)
    assert (change.moved_since_count, change.level_before, change.level_after) == (-4, 6, 6)
    assert change.movement is None
    assert not StockMovement.objects.filter(kind=StockMovement.Kind.COUNT).exists()


def test_goods_received_after_the_count_stay(item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=item, counted=10, by=operator_user)
    book_in(item=item, association=association_a, quantity=5, by=operator_user)
    finalise_stocktake(stocktake=stocktake, by=operator_user)
    assert level(item, association_a) == 15


def test_a_difference_found_is_applied_to_the_current_level(item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=item, counted=8, by=operator_user)  # two are missing
    dispatch(item, association_a, 3, operator_user)
    [change] = finalise_stocktake(stocktake=stocktake, by=operator_user)
    assert level(item, association_a) == 10 - 3 - 2
    assert change.movement.quantity == -2 and change.movement.stocktake == stocktake


def test_the_count_keeps_the_ledger_level_of_its_moment(item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    count = record_count(stocktake=stocktake, item=item, counted=9, by=operator_user)
    assert (count.counted, count.recorded) == (9, 10)
    dispatch(item, association_a, 4, operator_user)
    count = record_count(stocktake=stocktake, item=item, counted=5, by=operator_user)  # a recount: level now
    assert (count.counted, count.recorded) == (5, 6)
    assert StocktakeCount.objects.count() == 1
    never_booked = make_item()
    assert record_count(stocktake=stocktake, item=never_booked, counted=2, by=operator_user).recorded == 0


def test_closing_refuses_to_drive_the_level_below_zero(item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=item, counted=2, by=operator_user)  # eight missing
    dispatch(item, association_a, 5, operator_user)  # yet five left: the count cannot have been right
    with pytest.raises(StockError, match="Bitte zählen Sie diese Positionen neu: Feldbett"):
        finalise_stocktake(stocktake=stocktake, by=operator_user)
    stocktake.refresh_from_db()
    assert stocktake.is_open and level(item, association_a) == 5


def test_two_open_stocktakes_are_refused_by_the_database(association_a, operator_user):
    Stocktake.objects.create(association=association_a, started_by=operator_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stocktake.objects.create(association=association_a, started_by=operator_user)


def test_start_says_when_a_stocktake_is_already_open(item, association_a, association_b, operator_user):
    first = start_stocktake(association=association_a, by=operator_user)
    with pytest.raises(StockError, match="Für diesen Verein läuft schon eine Inventur."):
        start_stocktake(association=association_a, by=operator_user)
    start_stocktake(association=association_b, by=operator_user)  # another association's count may run
    record_count(stocktake=first, item=item, counted=0, by=operator_user)
    finalise_stocktake(stocktake=first, by=operator_user)
    start_stocktake(association=association_a, by=operator_user)  # and after closing, a new one


def test_a_count_after_close_is_refused(item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=item, counted=10, by=operator_user)
    stale = Stocktake.objects.get(pk=stocktake.pk)
    finalise_stocktake(stocktake=stocktake, by=operator_user)
    late = make_item()
    with pytest.raises(StockError, match="Diese Inventur ist inzwischen abgeschlossen."):
        record_count(stocktake=stale, item=late, counted=3, by=operator_user)
    with pytest.raises(StockError, match="inzwischen abgeschlossen"):
        finalise_stocktake(stocktake=stale, by=operator_user)
    assert not StocktakeCount.objects.filter(item=late).exists() and level(late, association_a) == 0


# --- The operator's pages ------------------------------------------------------------------------------


def test_the_page_and_the_message_show_what_closing_changes(client, item, association_a, operator_user):
    give_stock(item, association_a, 10)
    client.force_login(operator_user)
    client.post(reverse("stock:stocktakes"), {"association": association_a.pk})
    stocktake = Stocktake.objects.get()
    url = reverse("stock:stocktake", args=[stocktake.pk])
    client.post(url, {"item": item.pk, "counted": 9})
    dispatch(item, association_a, 4, operator_user)
    page = client.get(url).content.decode()
    assert "laut Lagerbuch beim Zählen" in page and "seitdem bewegt" in page and "nach Abschluss" in page
    # recorded 10, counted 9, difference -1, moved -4, level now 6, after closing 5
    assert [cell for cell in ("10", "9", "-1", "-4", "6", "5") if f">{cell}</td>" not in page] == []
    response = client.post(reverse("stock:stocktake-finalise", args=[stocktake.pk]), follow=True)
    text = response.content.decode()
    assert "Die Inventur ist abgeschlossen. 1 Unterschied ist gebucht." in text
    assert ("Feldbett: gezählt 9, laut Lagerbuch beim Zählen 10, Unterschied -1 (seit dem Zählen bewegt: -4); "
            "Bestand 6 → 5") in text
    assert level(item, association_a) == 5


def test_a_second_stocktake_shows_the_message_beside_the_form(client, association_a, operator_user):
    start_stocktake(association=association_a, by=operator_user)
    client.force_login(operator_user)
    response = client.post(reverse("stock:stocktakes"), {"association": association_a.pk})
    assert response.status_code == 200
    assert "Für diesen Verein läuft schon eine Inventur." in response.content.decode()
    assert Stocktake.objects.count() == 1


def test_stale_forms_after_closing_get_a_clear_message(client, item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=item, counted=10, by=operator_user)
    client.force_login(operator_user)
    client.post(reverse("stock:stocktake-finalise", args=[stocktake.pk]))
    for url, data in [(reverse("stock:stocktake", args=[stocktake.pk]), {"item": item.pk, "counted": 3}),
                      (reverse("stock:stocktake-finalise", args=[stocktake.pk]), {})]:
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [(reverse("stock:stocktakes"), 302)]
        assert "Diese Inventur ist inzwischen abgeschlossen." in response.content.decode()
    assert level(item, association_a) == 10
    assert client.get(reverse("stock:stocktake", args=[stocktake.pk])).status_code == 404


def test_closing_below_zero_is_refused_on_the_page(client, item, association_a, operator_user):
    give_stock(item, association_a, 10)
    stocktake = start_stocktake(association=association_a, by=operator_user)
    record_count(stocktake=stocktake, item=item, counted=2, by=operator_user)
    dispatch(item, association_a, 5, operator_user)
    client.force_login(operator_user)
    page = client.get(reverse("stock:stocktake", args=[stocktake.pk])).content.decode()
    assert "-3 – bitte neu zählen" in page
    response = client.post(reverse("stock:stocktake-finalise", args=[stocktake.pk]), follow=True)
    assert "Bitte zählen Sie diese Positionen neu" in response.content.decode()
    assert level(item, association_a) == 5
