"""The operator's ledger at /lager/bestand/lagerbuch/: all movements, page by page, with filters (issue 11)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import give_stock, make_item
from warehouse.stock.models import StockMovement
from warehouse.stock.services import adjust_stock

pytestmark = pytest.mark.django_db

URL = reverse("stock:ledger")


def test_the_url_is_german():
    assert URL == "/lager/bestand/lagerbuch/"


def test_wrong_method(client, operator_user):
    client.force_login(operator_user)
    assert client.post(URL).status_code == 405


def test_outsiders(client, member_a):
    assert client.get(URL)["Location"] == f"/konto/anmelden/?next={URL}"
    client.force_login(member_a)
    assert client.get(URL).status_code == 403


def test_it_pages_through_every_movement_newest_first(client, operator_user, association_a):
    item = make_item(name="Feldbett")
    for n in range(55):
        give_stock(item, association_a, n + 1)
    client.force_login(operator_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert [m.quantity for m in response.context["movements"]][:2] == [55, 54]
    body = response.content.decode()
    assert "55 Bewegungen" in body and 'href="?seite=2"' in body
    assert [m.quantity for m in client.get(URL, {"seite": 2}).context["movements"]] == [5, 4, 3, 2, 1]


def test_filters_combine_and_page_links_keep_them(client, operator_user, association_a, association_b):
    bed, tent = make_item(name="Feldbett"), make_item(name="Zelt")
    for _ in range(52):
        give_stock(bed, association_a, 2)
    give_stock(bed, association_b, 1)
    give_stock(tent, association_a, 1)
    adjust_stock(item=bed, association=association_a, quantity=-1, reason="damaged", by=operator_user)
    client.force_login(operator_user)
    params = {"hilfsgut": bed.pk, "verein": association_a.pk, "art": "receipt"}
    response = client.get(URL, params)
    assert response.context["page"].paginator.count == 52
    assert {(m.item, m.association, m.kind) for m in response.context["movements"]} == {(bed, association_a, "receipt")}
    next_page = f'href="?hilfsgut={bed.pk}&amp;verein={association_a.pk}&amp;art=receipt&amp;seite=2"'
    assert next_page in response.content.decode()
    adjusted = client.get(URL, {"art": "adjustment"}).context["movements"]
    assert [m.quantity for m in adjusted] == [-1]


def test_a_date_range_covers_whole_local_days(client, operator_user, association_a, time_machine):
    item = make_item()
    today = timezone.localdate()
    for days_ago in (3, 2, 1):
        time_machine.move_to(timezone.now() - datetime.timedelta(days=days_ago))
        give_stock(item, association_a, days_ago)
        time_machine.move_to(timezone.now() + datetime.timedelta(days=days_ago))
    client.force_login(operator_user)
    two_days_ago = (today - datetime.timedelta(days=2)).isoformat()
    response = client.get(URL, {"von": two_days_ago, "bis": two_days_ago})
    assert [m.quantity for m in response.context["movements"]] == [2]


def test_a_wrong_range_is_named_and_not_applied(client, operator_user, association_a):
    give_stock(make_item(), association_a, 1)
    client.force_login(operator_user)
    today = timezone.localdate()
    response = client.get(URL, {"von": today.isoformat(), "bis": (today - datetime.timedelta(days=3)).isoformat()})
    body = response.content.decode()
    assert "Der letzte Tag darf nicht vor dem ersten liegen." in body
    assert "<title>Fehler: " in body
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize("filtered", [False, True])
def test_its_query_count_does_not_grow(client, operator_user, association_a, django_assert_num_queries, filtered):
    def add(n):
        for _ in range(n):
            give_stock(make_item(), association_a, 3, by=operator_user)

    client.force_login(operator_user)
    params = {"verein": association_a.pk, "art": "receipt"} if filtered else {}
    add(5)
    client.get(URL, params)
    # session, user, groups (operator), the filter's items and associations, the count, one page;
    # a chosen association is looked up once more when the filter is checked
    queries = 8 if filtered else 7
    with django_assert_num_queries(queries):
        client.get(URL, params)
    add(60)
    with django_assert_num_queries(queries):
        response = client.get(URL, params)
    assert len(response.context["movements"]) == 50
    assert StockMovement.objects.count() == 65


def test_the_association_page_links_to_its_ledger(client, operator_user, association_a):
    client.force_login(operator_user)
    body = client.get(reverse("stock:association", args=[association_a.pk])).content.decode()
    assert f'href="{URL}?verein={association_a.pk}"' in body
