"""/bedarf/ tells the truth (issue 11): coverage follows delivered shipments, stock and offers are shown."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from donations.models import DonationOffer, Need, Shipment
from tests.factories import (
    give_stock,
    make_association,
    make_crisis,
    make_item,
    make_item_category,
    make_need,
    make_offer,
    make_partner_city,
    make_shipment,
)

pytestmark = pytest.mark.django_db

URL = reverse("site:need-list")


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def deliver(item, quantity, *, city, crisis=None, on=None, need=None, association=None):
    return make_shipment(
        source_association=association or make_association(), destination_city=city, crisis=crisis,
        lines=[(item, quantity, need)], status=Shipment.Status.DELIVERED, planned_on=on or days_ago(3),
        delivered_on=on or days_ago(1),
    )


@pytest.fixture
def sleeping_bags():
    city, crisis = make_partner_city(name="Schytomyr"), make_crisis()
    item = make_item(name="Schlafsack")
    need = make_need(item=item, partner_city=city, crisis=crisis, quantity=500, needed_from=days_ago(30))
    return need, item, city, crisis


def listed(client, need):
    """The need as /bedarf/ shows it. A page served from the cache has no context: then this fails."""
    response = client.get(URL)
    return next(n for group in response.context["groups"] for n in group["needs"] if n.pk == need.pk), response


def test_coverage_follows_a_delivered_shipment_of_the_same_item_to_the_same_city(client, sleeping_bags):
    need, item, city, crisis = sleeping_bags
    deliver(item, 200, city=city, crisis=crisis)
    shown, response = listed(client, need)
    assert (shown.covered, shown.coverage_percent()) == (200, 40)
    assert "200 (40 %)" in response.content.decode()


def test_shipments_elsewhere_earlier_underway_or_of_other_goods_do_not_count(client, sleeping_bags):
    need, item, city, crisis = sleeping_bags
    deliver(item, 50, city=make_partner_city(), crisis=crisis)  # another city
    deliver(item, 60, city=city, crisis=make_crisis())  # another crisis
    deliver(item, 70, city=city, crisis=crisis, on=days_ago(60))  # before the need was reported
    deliver(make_item(category=item.category), 80, city=city, crisis=crisis)  # another item
    make_shipment(source_association=make_association(), destination_city=city, crisis=crisis,
                  lines=[(item, 90)], status=Shipment.Status.IN_TRANSIT)
    shown, _ = listed(client, need)
    assert shown.covered == 0


def test_a_line_linked_by_hand_counts_for_its_need_only(client, sleeping_bags):
    need, item, city, crisis = sleeping_bags
    other = make_need(item=item, partner_city=city, crisis=crisis, quantity=100, needed_from=days_ago(30))
    deliver(item, 100, city=city, crisis=crisis, need=other)
    # Linked by hand, a line counts even if it went elsewhere or before the need was reported.
    deliver(item, 25, city=make_partner_city(), on=days_ago(90), need=need)
    assert listed(client, need)[0].covered == 25
    cache.clear()
    assert listed(client, other)[0].covered == 100


def test_a_need_by_category_counts_the_category_in_its_unit(client):
    city = make_partner_city()
    category = make_item_category(name="Schlafen")
    need = make_need(item=None, description="Bettzeug", category=category, partner_city=city, quantity=100,
                     needed_from=days_ago(30))
    deliver(make_item(category=category), 30, city=city)
    deliver(make_item(category=category, unit="kg"), 500, city=city)  # another unit
    deliver(make_item(), 40, city=city)  # another category
    assert listed(client, need)[0].covered == 30


def test_stock_accepted_offers_and_what_to_donate_now(client, sleeping_bags):
    need, item, city, crisis = sleeping_bags
    deliver(item, 200, city=city, crisis=crisis)
    give_stock(item, make_association(), 120)
    give_stock(item, make_association(), 30)
    give_stock(make_item(category=item.category), make_association(), 999)  # another item of the category
    make_offer(category=item.category, quantity=15, status=DonationOffer.Status.ACCEPTED)
    make_offer(category=item.category, quantity=1000)  # new, not yet checked by staff: does not count
    make_offer(category=item.category, quantity=40, status=DonationOffer.Status.DECLINED)
    shown, response = listed(client, need)
    assert (shown.in_stock, shown.offered, shown.to_donate) == (150, 15, 500 - 200 - 150 - 15)
    content = response.content.decode()
    assert "<strong>135</strong>" in content
    assert "seit der Meldung des Bedarfs in derselben Stadt für dieselbe Krise" in content


def test_nothing_to_donate_when_stock_covers_the_rest(client, sleeping_bags):
    need, item, city, crisis = sleeping_bags
    give_stock(item, make_association(), 800)
    assert listed(client, need)[0].to_donate == 0


def test_stock_changes_show_on_the_cached_page(client, sleeping_bags):
    need, item, _city, _crisis = sleeping_bags
    assert listed(client, need)[0].in_stock == 0
    give_stock(item, make_association(), 10)
    assert listed(client, need)[0].in_stock == 10


def test_an_accepted_offer_shows_on_the_cached_page(client, sleeping_bags, staff_user):
    need, item, _city, _crisis = sleeping_bags
    offer = make_offer(category=item.category, quantity=7)
    assert listed(client, need)[0].offered == 0
    offer.accept(by=staff_user)
    assert listed(client, need)[0].offered == 7


def test_the_need_list_makes_the_same_number_of_queries_at_two_sizes(client, django_assert_num_queries):
    association = make_association()

    def add(n):
        for _ in range(n):
            city, crisis, item = make_partner_city(), make_crisis(), make_item()
            make_need(item=item, partner_city=city, crisis=crisis, needed_from=days_ago(10))
            make_need(item=None, description="Decken", category=item.category, partner_city=city)
            deliver(item, 3, city=city, crisis=crisis, association=association)
            give_stock(item, association, 4)
            make_offer(category=item.category, status=DonationOffer.Status.ACCEPTED)

    add(3)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    add(30)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["need_count"] == Need.objects.count() == 66
