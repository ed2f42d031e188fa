"""The shipment page and /spenden/ are stored for anonymous visitors until public data change."""

import datetime

import pytest
from django.urls import reverse

from donations.models import Shipment
from tests.factories import make_association, make_item, make_need, make_partner_city, make_shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment():
    return make_shipment(
        source_association=make_association(), destination_city=make_partner_city(name="Schytomyr"),
        lines=[(make_item(name="Feldbetten"), 10)], status=Shipment.Status.DELIVERED,
        planned_on=datetime.date(2024, 3, 1), delivered_on=datetime.date(2024, 3, 5),
    )


def test_the_shipment_page_comes_from_the_cache_the_second_time(client, shipment, django_assert_num_queries):
    client.get(shipment.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(shipment.get_absolute_url())

    assert response.status_code == 200 and "Feldbetten" in response.content.decode()


def test_the_shipment_page_shows_a_change_at_once(client, shipment):
    client.get(shipment.get_absolute_url())

    shipment.title = "Betten für Schytomyr"
    shipment.save()

    assert "Betten für Schytomyr" in client.get(shipment.get_absolute_url()).content.decode()


def test_an_unknown_shipment_is_not_stored(client, shipment):
    url = reverse("donations:shipment-detail", args=[shipment.pk + 1])

    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_the_donate_page_comes_from_the_cache_the_second_time(client, db, django_assert_num_queries):
    client.get(reverse("donations:donate"))

    with django_assert_num_queries(0):
        response = client.get(reverse("donations:donate"))

    assert response.status_code == 200


def test_the_donate_page_shows_a_new_need_at_once(client, db):
    client.get(reverse("donations:donate"))

    make_need(item=make_item(name="Schlafsäcke"))

    assert "Schlafsäcke" in client.get(reverse("donations:donate")).content.decode()
