"""Low-stock warnings follow a minimum per association and item, set on the stock page (issue 11)."""

import pytest
from django.urls import reverse

from tests.factories import give_stock, make_item
from warehouse.stock.models import StockLevel
from warehouse.stock.services import set_minimums

pytestmark = pytest.mark.django_db


@pytest.fixture
def bed(db):
    return make_item(name="Feldbett")


def url(association):
    return reverse("stock:minimums", args=[association.pk])


def test_a_level_is_low_only_below_its_own_minimum(bed, association_a, association_b):
    give_stock(bed, association_a, 5)
    give_stock(bed, association_b, 5)
    set_minimums(association=association_a, minimums={bed.pk: 10})
    assert [level.association for level in StockLevel.objects.low()] == [association_a]
    assert StockLevel.objects.get(association=association_a).is_low
    assert not StockLevel.objects.get(association=association_b).is_low  # holds none on purpose


@pytest.mark.parametrize("minimum", [None, 0])
def test_no_minimum_or_zero_means_no_warning(bed, association_a, minimum):
    give_stock(bed, association_a, 1)
    set_minimums(association=association_a, minimums={bed.pk: minimum})
    level = StockLevel.objects.get()
    assert (level.minimum, level.is_low, StockLevel.objects.low().exists()) == (None, False, False)


def test_a_minimum_does_not_touch_the_quantity_or_other_associations(bed, association_a, association_b):
    give_stock(bed, association_a, 4)
    give_stock(bed, association_b, 2)
    assert set_minimums(association=association_a, minimums={bed.pk: 7}) == 1
    assert set_minimums(association=association_a, minimums={bed.pk: 7}) == 0
    assert dict(StockLevel.objects.values_list("association__slug", "minimum")) == {"verein-a": 7, "verein-b": None}
    assert StockLevel.objects.get(association=association_a).quantity == 4


def test_wrong_method(client, member_a, association_a):
    client.force_login(member_a)
    assert client.put(url(association_a)).status_code == 405


def test_outsiders(client, member_b, association_a, bed):
    give_stock(bed, association_a, 3)
    assert client.get(url(association_a)).status_code == 302
    client.force_login(member_b)
    assert client.get(url(association_a)).status_code == 404
    assert client.post(url(association_a), {f"minimum_{bed.pk}": "9"}).status_code == 404
    assert StockLevel.objects.get().minimum is None


@pytest.mark.parametrize("user", ["member_a", "operator_user"])
def test_members_and_the_operator_set_minimums(client, request, association_a, bed, user):
    tent = make_item(name="Zelt")
    give_stock(bed, association_a, 3)
    give_stock(tent, association_a, 3)
    set_minimums(association=association_a, minimums={tent.pk: 5})
    client.force_login(request.getfixturevalue(user))
    page = client.get(url(association_a))
    assert page.status_code == 200
    assert f'name="minimum_{tent.pk}" value="5"' in page.content.decode()
    response = client.post(url(association_a), {f"minimum_{bed.pk}": "10", f"minimum_{tent.pk}": ""}, follow=True)
    assert "2 Mindestbestände sind geändert." in response.content.decode()
    assert dict(StockLevel.objects.values_list("item__name", "minimum")) == {"Feldbett": 10, "Zelt": None}
    assert "unter Mindestbestand" in client.get(reverse("stock:association", args=[association_a.pk])).content.decode()


def test_a_wrong_minimum_is_named_beside_the_field(client, member_a, association_a, bed):
    give_stock(bed, association_a, 3)
    client.force_login(member_a)
    response = client.post(url(association_a), {f"minimum_{bed.pk}": "-1"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Fehler: " in body
    assert "Der Mindestbestand kann nicht kleiner als 0 sein." in body
    assert f'aria-describedby="id_minimum_{bed.pk}_error"' in body
    assert StockLevel.objects.get().minimum is None


@pytest.mark.parametrize("rows", [5, 40])
def test_the_page_query_count_does_not_grow(client, member_a, association_a, rows, django_assert_num_queries):
    for _ in range(rows):
        give_stock(make_item(), association_a, 1)
    client.force_login(member_a)
    # session, user, groups (operator?), the association, its levels
    with django_assert_num_queries(5):
        assert client.get(url(association_a)).status_code == 200
