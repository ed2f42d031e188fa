"""/intern/: what needs attention today, for city staff and the operator."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    days_ahead,
    give_stock,
    local_dt,
    make_association,
    make_bay,
    make_booking,
    make_item,
    make_need,
    make_offer,
    make_shipment,
)
from warehouse.stock.models import StockLevel

URL = "/intern/"


def test_the_url_is_named():
    assert reverse("dashboard") == URL


def test_visitors_go_to_the_login_and_members_are_refused(client, member_a):
    assert client.get(URL).status_code == 302
    client.force_login(member_a)
    assert client.get(URL).status_code == 403


def test_wrong_method(client, staff_user):
    client.force_login(staff_user)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("user", ["staff_user", "operator_user"])
def test_it_lists_what_needs_attention(client, db, request, user):
    association = make_association()
    make_offer(description="Zwanzig Feldbetten")
    make_offer(description="Schon entschieden", status="declined")
    make_booking(association=association, bay=make_bay(), start=local_dt(days_ahead(2), 10))
    make_need(item=make_item(name="Generator"), quantity=5, priority=1)
    make_shipment(source_association=association, title="Busse nach Schytomyr", planned_on=timezone.localdate())
    make_shipment(source_association=association, title="Nächstes Jahr",
                  planned_on=timezone.localdate() + datetime.timedelta(days=400))
    low = make_item(name="Schlafsack")
    give_stock(low, association, 10)
    StockLevel.objects.filter(item=low).update(minimum=50)
    client.force_login(request.getfixturevalue(user))
    content = client.get(URL).content.decode()
    assert "Zwanzig Feldbetten" in content and "Schon entschieden" not in content
    assert "1 Buchung zu entscheiden" in content
    assert "Generator" in content
    assert "Busse nach Schytomyr" in content and "Nächstes Jahr" not in content
    assert "Schlafsack" in content and "10 von mindestens 50" in content


def test_the_dashboard_makes_the_same_number_of_queries_for_5_and_50_rows(client, staff_user,
                                                                           django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dortmund_hilft.models import OutboxMessage

    association = make_association()
    bay = make_bay()

    def add(n, offset):
        for i in range(n):
            make_offer()
            make_booking(association=association, bay=bay, start=local_dt(days_ahead(2 + (offset + i) // 10),
                                                                          7 + (offset + i) % 10))
            make_need(quantity=5)
            make_shipment(source_association=association, planned_on=timezone.localdate())
            item = make_item()
            give_stock(item, association, 1)
            StockLevel.objects.filter(item=item).update(minimum=50)
            OutboxMessage.objects.create(subject=f"Mail {offset + i}", recipients="a@example.org",
                                         status=OutboxMessage.Status.FAILED, attempts=6)

    client.force_login(staff_user)
    add(5, 0)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    add(45, 5)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(URL).status_code == 200
