"""The role groups: created by a migration, their permissions derived from rules."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from dortmund_hilft.roles import (
    MEMBER_GROUP,
    OPERATOR_GROUP,
    ROLE_RULES,
    STAFF_GROUP,
    Rule,
    apply_role_permissions,
)

pytestmark = pytest.mark.django_db


def codenames(group_name, app_label=None):
    perms = Group.objects.get(name=group_name).permissions.all()
    if app_label:
        perms = perms.filter(content_type__app_label=app_label)
    return set(perms.values_list("codename", flat=True))


def app_codenames(app_label):
    return set(Permission.objects.filter(content_type__app_label=app_label).values_list("codename", flat=True))


def test_the_migration_created_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {STAFF_GROUP, OPERATOR_GROUP, MEMBER_GROUP}
    assert set(ROLE_RULES) == {STAFF_GROUP, OPERATOR_GROUP, MEMBER_GROUP}


def test_the_conftest_cast_gets_the_migrated_groups(staff_user, operator_user):
    assert staff_user.has_perm("crises.change_crisis")
    assert staff_user.has_perm("partners.add_partnercity")
    assert operator_user.has_perm("partners.view_association")
    assert not operator_user.has_perm("crises.view_crisis")


@pytest.mark.parametrize("app_label", ["partners", "crises", "dortmund_hilft"])
def test_city_staff_get_every_permission_of_the_content_apps(app_label):
    assert app_codenames(app_label)
    assert codenames(STAFF_GROUP, app_label) == app_codenames(app_label)


def test_city_staff_may_view_users_but_not_manage_accounts():
    assert codenames(STAFF_GROUP, "auth") == {"view_user"}


def test_the_operator_reads_partners_and_touches_no_crisis():
    assert codenames(OPERATOR_GROUP, "partners") == {c for c in app_codenames("partners") if c.startswith("view_")}
    assert codenames(OPERATOR_GROUP, "crises") == set()
    assert codenames(OPERATOR_GROUP, "auth") == set()


def test_association_members_have_no_admin_permissions():
    assert codenames(MEMBER_GROUP) == set()


def test_rules_pick_up_models_added_later():
    # A later feature adds donations.DonationOffer and a migration that applies the rules again.
    offer, _ = ContentType.objects.get_or_create(app_label="donations", model="donationoffer")
    for action in ("add", "change", "delete", "view"):
        Permission.objects.get_or_create(content_type=offer, codename=f"{action}_donationoffer",
                                         defaults={"name": action})

    apply_role_permissions(apps)

    donations = app_codenames("donations")
    assert codenames(OPERATOR_GROUP, "donations") == {c for c in donations if c.startswith("view_")} | {
        "change_donationoffer"
    }
    assert "delete_donationoffer" not in codenames(OPERATOR_GROUP)
    assert codenames(STAFF_GROUP, "donations") == donations
    assert codenames(MEMBER_GROUP) == set()


def test_applying_again_changes_nothing_and_restores_what_was_removed_by_hand():
    apply_role_permissions(apps)
    before = {name: codenames(name) for name in ROLE_RULES}
    staff = Group.objects.get(name=STAFF_GROUP)
    staff.permissions.remove(Permission.objects.get(codename="delete_crisis"))
    Group.objects.get(name=OPERATOR_GROUP).permissions.add(Permission.objects.get(codename="delete_crisis"))

    apply_role_permissions(apps)
    apply_role_permissions(apps)

    assert {name: codenames(name) for name in ROLE_RULES} == before
    assert Group.objects.filter(name__in=ROLE_RULES).count() == 3


def test_applying_creates_missing_groups():
    Group.objects.filter(name__in=ROLE_RULES).delete()

    apply_role_permissions(apps)

    assert codenames(STAFF_GROUP, "crises") == app_codenames("crises")
    assert Group.objects.filter(name=MEMBER_GROUP).exists()


OFFERS = Rule("donations", actions=("change",), models=("donationoffer",))


@pytest.mark.parametrize(
    ("rule", "app_label", "model", "codename", "expected"),
    [
        (Rule("crises"), "crises", "crisis", "delete_crisis", True),
        (Rule("crises"), "partners", "association", "view_association", False),
        (Rule("partners", actions=("view",)), "partners", "association", "view_association", True),
        (Rule("partners", actions=("view",)), "partners", "association", "change_association", False),
        (OFFERS, "donations", "donationoffer", "change_donationoffer", True),
        (OFFERS, "donations", "donation", "change_donation", False),
        # Custom permissions (no action prefix) count as "all permissions" only.
        (Rule("warehouse"), "warehouse", "booking", "confirm_booking", True),
        (Rule("warehouse", actions=("view",)), "warehouse", "booking", "confirm_booking", False),
    ],
)
def test_rule_matching(rule, app_label, model, codename, expected):
    assert rule.matches(app_label, model, codename) is expected


@pytest.mark.django_db(transaction=True)
def test_the_groups_come_back_complete_after_a_flush():
    """A flush (as between transactional tests) re-runs post_migrate, which restores the role groups."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    staff = Group.objects.get(name="Koordinierungseinheit")
    operator = Group.objects.get(name="Lagerbetrieb")
    assert staff.permissions.filter(content_type__app_label="donations").exists()
    assert operator.permissions.filter(content_type__app_label="warehouse", codename="change_booking").exists()
