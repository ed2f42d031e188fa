"""Stocktake pages: a whole category counted on one page, and a confirmation before closing (issue 11)."""

import pytest
from django.urls import reverse

from tests.factories import give_stock, make_item, make_item_category
from warehouse.stock.models import StockLevel, StocktakeCount
from warehouse.stock.services import record_count, start_stocktake

pytestmark = pytest.mark.django_db


@pytest.fixture
def sleeping(db):
    return make_item_category(name="Schlafen")


@pytest.fixture
def stocktake(association_a, operator_user):
    return start_stocktake(association=association_a, by=operator_user)


def category_url(stocktake, category=None):
    url = reverse("stock:stocktake-category", args=[stocktake.pk])
    return f"{url}?warengruppe={category.pk}" if category else url


def finalise_url(stocktake):
    return reverse("stock:stocktake-finalise", args=[stocktake.pk])


def level(item, association):
    return StockLevel.objects.get(item=item, association=association).quantity


def test_outsiders_and_methods(client, member_a, operator_user, stocktake, sleeping):
    for url in (category_url(stocktake, sleeping), finalise_url(stocktake)):
        assert client.get(url).status_code == 302
        client.force_login(member_a)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        client.logout()
    client.force_login(operator_user)
    assert client.put(category_url(stocktake, sleeping)).status_code == 405
    assert client.get(reverse("stock:stocktake-category", args=[999])).status_code == 404
    assert StocktakeCount.objects.count() == 0


def test_a_category_is_counted_on_one_page_blank_means_not_counted(
    client, operator_user, association_a, stocktake, sleeping
):
    bag, mattress, pillow = (make_item(name=n, category=sleeping) for n in ("Schlafsack", "Matratze", "Kissen"))
    make_item(name="Generator")  # another category: not on the list
    give_stock(bag, association_a, 10)
    give_stock(pillow, association_a, 4)
    client.force_login(operator_user)
    page = client.get(category_url(stocktake, sleeping))
    names = [item.name for item, _quantity, _field in page.context["form"].rows()]
    assert names == ["Kissen", "Matratze", "Schlafsack"]
    assert "Generator" not in page.content.decode()
    response = client.post(category_url(stocktake, sleeping),
                           {f"gezaehlt_{bag.pk}": "9", f"gezaehlt_{mattress.pk}": "2", f"gezaehlt_{pillow.pk}": ""},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("stock:stocktake", args=[stocktake.pk])
    assert "2 Zählungen sind gespeichert." in response.content.decode()
    counts = dict(StocktakeCount.objects.values_list("item__name", "counted"))
    assert counts == {"Schlafsack": 9, "Matratze": 2}
    assert level(bag, association_a) == 10  # nothing changes before closing
    again = client.get(category_url(stocktake, sleeping)).content.decode()
    assert f'name="gezaehlt_{bag.pk}" value="9"' in again


def test_a_wrong_count_keeps_everything_uncounted_and_is_named(client, operator_user, stocktake, sleeping):
    bag, pillow = make_item(name="Schlafsack", category=sleeping), make_item(name="Kissen", category=sleeping)
    client.force_login(operator_user)
    data = {f"gezaehlt_{bag.pk}": "3", f"gezaehlt_{pillow.pk}": "-1"}
    response = client.post(category_url(stocktake, sleeping), data)
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Fehler: " in body
    assert "Die Menge kann nicht kleiner als 0 sein." in body
    assert f'aria-describedby="id_gezaehlt_{pillow.pk}_error"' in body
    assert StocktakeCount.objects.count() == 0


def test_without_a_category_it_asks_for_one(client, operator_user, stocktake, sleeping):
    client.force_login(operator_user)
    response = client.get(category_url(stocktake))
    assert response.status_code == 200 and response.context["form"] is None


@pytest.mark.parametrize("rows", [5, 40])
def test_the_count_list_query_count_does_not_grow(client, operator_user, association_a, stocktake, sleeping, rows,
                                                   django_assert_num_queries):
    for _ in range(rows):
        item = make_item(category=sleeping)
        give_stock(item, association_a, 2)
        record_count(stocktake=stocktake, item=item, counted=1, by=operator_user)
    client.force_login(operator_user)
    client.get(category_url(stocktake, sleeping))
    # session, user, groups, the stocktake, the chosen category, levels, counts, items, and two for
    # the category select's choices: the same at any number of items
    with django_assert_num_queries(10):
        response = client.get(category_url(stocktake, sleeping))
    assert len(response.context["form"].items) == rows


def test_closing_asks_first_and_lists_what_changes(client, operator_user, association_a, stocktake, sleeping):
    bag, pillow, toy = (make_item(name=n, category=sleeping) for n in ("Schlafsack", "Kissen", "Teddy"))
    for item in (bag, pillow, toy):
        give_stock(item, association_a, 10)
    record_count(stocktake=stocktake, item=bag, counted=8, by=operator_user)
    record_count(stocktake=stocktake, item=pillow, counted=12, by=operator_user)
    record_count(stocktake=stocktake, item=toy, counted=10, by=operator_user)
    client.force_login(operator_user)
    stocktake_page = client.get(reverse("stock:stocktake", args=[stocktake.pk])).content.decode()
    assert f'href="{finalise_url(stocktake)}"' in stocktake_page
    body = client.get(finalise_url(stocktake)).content.decode()
    assert "Sie schließen die Inventur ab. Danach ändern sich 2 Bestände:" in body
    assert "Schlafsack: 10 → 8 (Unterschied -2)" in body and "Kissen: 10 → 12 (Unterschied +2)" in body
    assert "Teddy" not in body
    assert level(bag, association_a) == 10 and stocktake.counts.count() == 3
    response = client.post(finalise_url(stocktake), follow=True)
    assert "Die Inventur ist abgeschlossen. 2 Unterschiede sind gebucht." in response.content.decode()
    assert (level(bag, association_a), level(pillow, association_a), level(toy, association_a)) == (8, 12, 10)


def test_closing_one_change_is_singular_and_nothing_counted_says_so(client, operator_user, association_a, stocktake):
    item = make_item(name="Zelt")
    give_stock(item, association_a, 3)
    client.force_login(operator_user)
    assert "Es ist noch nichts gezählt." in client.get(finalise_url(stocktake)).content.decode()
    record_count(stocktake=stocktake, item=item, counted=1, by=operator_user)
    assert "Danach ändert sich 1 Bestand:" in client.get(finalise_url(stocktake)).content.decode()


def test_a_closed_stocktake_has_no_confirmation_page(client, operator_user, association_a, stocktake):
    item = make_item()
    give_stock(item, association_a, 3)
    record_count(stocktake=stocktake, item=item, counted=3, by=operator_user)
    client.force_login(operator_user)
    client.post(finalise_url(stocktake))
    assert client.get(finalise_url(stocktake)).status_code == 404
    assert client.get(category_url(stocktake)).status_code == 404
