"""Partner cities, associations and memberships: querysets, constraints and display."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partners.models import Association, Membership, PartnerCity
from tests.factories import make_association, make_membership, make_partner_city, make_user

pytestmark = pytest.mark.django_db


def test_active_cities_leave_out_suspended_partnerships():
    amiens = make_partner_city(name="Amiens")
    make_partner_city(name="Rostow am Don", status=PartnerCity.Status.SUSPENDED, status_note="ruht seit 2022")
    assert list(PartnerCity.objects.active()) == [amiens]


def test_cities_are_ordered_by_the_year_the_partnership_began():
    make_partner_city(name="Leeds", since_year=1969)
    make_partner_city(name="Amiens", since_year=1960)
    assert [c.name for c in PartnerCity.objects.all()] == ["Amiens", "Leeds"]


def test_since_shows_the_exact_date_when_known():
    assert make_partner_city(since_year=1960).since_display == 1960
    city = make_partner_city(since_year=2023, since_date=datetime.date(2023, 2, 23))
    assert city.since_display == datetime.date(2023, 2, 23)


def test_city_str_and_url():
    city = make_partner_city(name="Schytomyr", slug="schytomyr")
    assert str(city) == "Schytomyr"
    assert city.get_absolute_url() == "/partnerstaedte/schytomyr/"


def test_city_slugs_are_unique():
    make_partner_city(slug="amiens")
    with pytest.raises(IntegrityError):
        make_partner_city(slug="amiens")


@pytest.mark.parametrize(("field", "value"), [("latitude", "91"), ("longitude", "-180.5"), ("since_year", 1850)])
def test_coordinates_and_year_are_range_checked(field, value):
    city = make_partner_city()
    setattr(city, field, value)
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert field in error.value.message_dict


def test_only_active_associations_that_use_the_hall_are_warehouse_users():
    operator = make_association(name="A Betreiber", warehouse_role=Association.WarehouseRole.OPERATOR)
    co_user = make_association(name="B Mitnutzer")
    make_association(name="C ohne Halle", warehouse_role=Association.WarehouseRole.NONE)
    make_association(name="D inaktiv", is_active=False)
    assert list(Association.objects.warehouse_users()) == [operator, co_user]
    assert operator.uses_warehouse
    assert not Association(warehouse_role=Association.WarehouseRole.NONE).uses_warehouse


def test_association_names_and_slugs_are_unique():
    make_association(name="Cukurova e.V.", slug="cukurova")
    with pytest.raises(IntegrityError):
        make_association(name="Cukurova e.V.", slug="cukurova-2")


def test_association_str_and_url():
    association = make_association(name="Blau-Gelbes-Herz", slug="blau-gelbes-herz")
    assert str(association) == "Blau-Gelbes-Herz"
    assert association.get_absolute_url() == "/vereine/blau-gelbes-herz/"


def test_a_person_is_member_of_an_association_only_once(association_a):
    user = make_user("anna")
    membership = make_membership(user, association_a)
    assert str(membership) == "anna – Verein A e.V."
    assert membership.role == Membership.Role.MEMBER
    assert list(user.associations.all()) == [association_a]
    with pytest.raises(IntegrityError):
        make_membership(user, association_a, role=Membership.Role.MANAGER)


def test_changes_are_recorded_in_the_history():
    city = make_partner_city(name="Buffalo", to_verify=True)
    city.to_verify = False
    city.save()
    assert [h.to_verify for h in city.history.all()] == [False, True]
