"""`manage.py seed_demo`: the real facts, one user per role, and nothing changes on a second run."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from crises.models import Crisis, NewsPost
from dortmund_hilft.management.commands.seed_demo import DEBUG_DEMO_PASSWORD
from partners.models import Association, Membership, PartnerCity

pytestmark = pytest.mark.django_db

User = get_user_model()


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts():
    """Rows of every model of the seeded apps, history tables included."""
    models = [m for label in ("partners", "crises", "auth") for m in apps.get_app_config(label).get_models()]
    return {m._meta.label: m.objects.count() for m in models} | {
        "memberships of groups": User.groups.through.objects.count(),
        "group permissions": Group.permissions.through.objects.count(),
    }


def test_it_loads_the_facts_and_one_user_per_role():
    seed()
    assert PartnerCity.objects.count() == 13
    assert Association.objects.count() == 4
    assert User.objects.count() == 3
    assert Crisis.objects.count() == 2
    assert 3 <= NewsPost.objects.published().count() <= 5


def test_a_second_run_changes_nothing():
    seed()
    before = row_counts()
    output = seed()
    assert row_counts() == before
    assert "Partnerstädte: 13 (neu 0, geändert 0)" in output
    assert "Vereine: 4 (neu 0, geändert 0)" in output


def test_a_rerun_puts_back_an_edited_fact():
    seed()
    PartnerCity.objects.filter(slug="amiens").update(since_year=1999, description="")
    output = seed()
    amiens = PartnerCity.objects.get(slug="amiens")
    assert amiens.since_year == 1960 and amiens.description
    assert "Partnerstädte: 13 (neu 0, geändert 1)" in output


def test_partner_cities_carry_status_and_what_is_still_to_verify():
    seed()
    rostov = PartnerCity.objects.get(name="Rostow am Don")
    assert (rostov.status, rostov.status_note, rostov.country.code) == ("suspended", "ruht seit 2022", "RU")
    assert set(PartnerCity.objects.filter(to_verify=True).values_list("name", flat=True)) == {"Buffalo", "Schytomyr"}
    assert all(c.verification_note for c in PartnerCity.objects.filter(to_verify=True))
    zhytomyr = PartnerCity.objects.get(slug="schytomyr")
    assert (zhytomyr.kind, zhytomyr.local_name, zhytomyr.local_name_lang) == (
        PartnerCity.Kind.SOLIDARITY, "Житомир", "uk"
    )
    assert zhytomyr.since_date == datetime.date(2023, 2, 23)
    assert PartnerCity.objects.filter(latitude__isnull=True).count() == 0
    assert PartnerCity.objects.filter(description="").count() == 0


def test_associations_and_their_roles_at_the_warehouse():
    seed()
    operator = Association.objects.get(warehouse_role=Association.WarehouseRole.OPERATOR)
    assert (operator.name, operator.email) == ("Grenzenlose Wärme e.V.", "kontakt@grenzenlose-waerme.org")
    assert set(Association.objects.filter(warehouse_role="co_user").values_list("name", flat=True)) == {
        "Blau-Gelbes-Herz", "Cukurova e.V.", "Weltladen Aplerbeck"
    }
    # No invented phone numbers.
    assert not Association.objects.exclude(phone="").exists()


def test_the_two_crises_and_why_dortmund_helps():
    seed()
    war = Crisis.objects.get(slug="krieg-gegen-die-ukraine")
    assert (war.category, war.hazard_type, war.status) == ("man_made", "armed_conflict", "active")
    assert war.started_on == datetime.date(2022, 2, 24)
    assert [c.slug for c in war.affected_partner_cities.all()] == ["schytomyr"]
    quake = Crisis.objects.get(glide_number="EQ-2023-000015-TUR")
    assert sorted(c.code for c in quake.countries) == ["SY", "TR"]
    assert (quake.residents_origin, quake.status, quake.started_on) == (True, "monitoring", datetime.date(2023, 2, 6))
    for crisis in Crisis.objects.all():
        crisis.full_clean()


def test_demo_users_one_per_role():
    seed()
    users = {u.username: u for u in User.objects.prefetch_related("groups")}
    assert {name: ([g.name for g in u.groups.all()], u.is_staff) for name, u in users.items()} == {
        "koordination": (["Koordinierungseinheit"], True),
        "lagerbetrieb": (["Lagerbetrieb"], True),
        "verein": (["Verein"], False),
    }
    assert set(Membership.objects.values_list("user__username", "association__slug", "role")) == {
        ("lagerbetrieb", "grenzenlose-waerme", "manager"),
        ("verein", "blau-gelbes-herz", "manager"),
    }
    assert users["koordination"].has_perm("crises.change_crisis")
    assert not users["lagerbetrieb"].has_perm("crises.change_crisis")


def test_with_debug_on_the_documented_password_is_set_and_printed(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = seed()
    assert all(u.check_password(DEBUG_DEMO_PASSWORD) for u in User.objects.all())
    assert output.count(DEBUG_DEMO_PASSWORD) == 3


def test_with_debug_off_and_no_demo_password_nobody_can_log_in(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    output = seed()
    assert not any(u.has_usable_password() for u in User.objects.all())
    assert DEBUG_DEMO_PASSWORD not in output


def test_demo_password_from_the_environment_is_not_printed_with_debug_off(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("DEMO_PASSWORD", "aus-der-umgebung-42")
    output = seed()
    assert all(u.check_password("aus-der-umgebung-42") for u in User.objects.all())
    assert "aus-der-umgebung-42" not in output


def test_a_rerun_keeps_a_changed_password(settings):
    settings.DEBUG = True
    seed()
    user = User.objects.get(username="koordination")
    user.set_password("selbst-gewaehlt-2024")
    user.save()
    output = seed()
    user.refresh_from_db()
    assert user.check_password("selbst-gewaehlt-2024")
    assert "selbst-gewaehlt-2024" not in output


def test_the_demo_city_staff_user_can_log_in_to_the_admin(client, settings):
    settings.DEBUG = True
    seed()
    assert client.login(username="koordination", password=DEBUG_DEMO_PASSWORD)
    for url in ("/admin/", "/admin/crises/crisis/", "/admin/partners/partnercity/?pruefung=offen"):
        assert client.get(url).status_code == 200


def test_it_restores_the_role_groups_after_the_database_was_flushed():
    Group.objects.all().delete()
    seed()
    assert User.objects.get(username="koordination").has_perm("partners.change_association")
