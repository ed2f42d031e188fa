"""The admin pages of goods, donations, offers, needs and shipments, and the read-only stock ledger."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from dortmund_hilft.roles import apply_role_permissions
from tests.factories import (
    give_stock,
    make_association,
    make_donation,
    make_item,
    make_need,
    make_offer,
    make_shipment,
)

DONATION_MODELS = ["itemcategory", "item", "itemunit", "donor", "donation", "donationoffer", "need", "shipment"]
LEDGER_MODELS = ["stockmovement", "stocklevel", "stocktake"]


@pytest.fixture(autouse=True)
def _role_permissions(db):
    apply_role_permissions(apps)
    Group.objects.get_or_create(name="Verein")


@pytest.fixture
def rows(db):
    association = make_association()
    item = make_item()
    give_stock(item, association, 5)
    make_donation(association=association, lines=[(item, 2)])
    make_offer()
    make_need()
    make_shipment(source_association=association, lines=[(item, 1)])


@pytest.mark.parametrize("model", DONATION_MODELS + LEDGER_MODELS)
def test_staff_see_every_list_and_change_page(client, staff_user, rows, model):
    client.force_login(staff_user)
    app = "warehouse" if model in LEDGER_MODELS else "donations"
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    obj = apps.get_model(app, model).objects.first()
    if obj is not None:
        assert client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code == 200


@pytest.mark.parametrize("model", LEDGER_MODELS)
def test_the_ledger_cannot_be_added_to_or_deleted_in_the_admin(client, staff_user, rows, model):
    client.force_login(staff_user)
    assert client.get(reverse(f"admin:warehouse_{model}_add")).status_code == 403
    obj = apps.get_model("warehouse", model).objects.first()
    if obj is not None:
        response = client.post(reverse(f"admin:warehouse_{model}_delete", args=[obj.pk]), {"post": "yes"})
        assert response.status_code == 403


def test_the_operator_reads_donations_and_changes_offers_only(client, operator_user, rows):
    client.force_login(operator_user)
    assert client.get(reverse("admin:donations_shipment_changelist")).status_code == 200
    assert client.get(reverse("admin:donations_shipment_add")).status_code == 403
    offer = apps.get_model("donations", "donationoffer").objects.first()
    assert client.get(reverse("admin:donations_donationoffer_change", args=[offer.pk])).status_code == 200


def test_members_have_no_admin(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("admin:donations_shipment_changelist")).status_code == 302


def test_book_in_action_books_a_recorded_donation(client, staff_user, association_a):
    item = make_item()
    donation = make_donation(association=association_a, lines=[(item, 4)])
    client.force_login(staff_user)
    client.post(reverse("admin:donations_donation_changelist"),
                {"action": "book_in", "_selected_action": [donation.pk]})
    donation.refresh_from_db()
    assert donation.booked_in_at is not None
    assert item.stock_levels.get(association=association_a).quantity == 4
