"""Receiving an offered donation happens once, whoever clicks, and not after it was declined."""

import pytest
from django.urls import reverse

from donations.models import Donation, DonationOffer, Donor
from tests.factories import make_item, make_offer
from warehouse.stock.models import StockLevel
from warehouse.stock.services import StockError, receive_offer

pytestmark = pytest.mark.django_db


def test_a_second_receipt_from_a_stale_form_books_nothing(client, operator_user, association_a):
    item = make_item()
    offer = make_offer()
    client.force_login(operator_user)
    url = reverse("stock:offer-receive", args=[offer.pk])
    data = {"item": item.pk, "quantity": 18, "association": association_a.pk}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data, follow=True)  # the double click, or a second tab
    assert "Dieses Angebot ist inzwischen abgeschlossen (eingegangen)." in response.content.decode()
    assert Donation.objects.count() == 1 and Donor.objects.count() == 1
    assert StockLevel.objects.get(item=item, association=association_a).quantity == 18


def test_a_declined_offer_is_not_received(association_a, operator_user):
    offer = make_offer(status=DonationOffer.Status.DECLINED)
    with pytest.raises(StockError, match="inzwischen abgeschlossen \\(abgelehnt\\)"):
        receive_offer(offer=offer, item=make_item(), quantity=3, association=association_a, by=operator_user)
    assert not Donation.objects.exists() and not Donor.objects.exists()
