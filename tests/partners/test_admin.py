"""The admin for partner cities, associations and memberships, as city staff and the operator use it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Association, Membership
from tests.factories import make_association, make_membership, make_partner_city, make_user

MODELS = ["partnercity", "association", "membership"]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_each_changelist_and_add_form_renders_for_city_staff(staff_client, model, view):
    make_membership(make_user(), make_association())
    make_partner_city()
    response = staff_client.get(reverse(f"admin:partners_{model}_{view}"))
    assert response.status_code == 200


def test_change_form_and_history_render(staff_client):
    city = make_partner_city(name="Amiens", slug="amiens")
    for view in ("change", "history"):
        response = staff_client.get(reverse(f"admin:partners_partnercity_{view}", args=[city.pk]))
        assert response.status_code == 200


def test_search_finds_a_city_by_its_local_name(staff_client):
    make_partner_city(name="Schytomyr", local_name="Zhytomyr", slug="schytomyr")
    make_partner_city(name="Amiens", slug="amiens")
    response = staff_client.get(reverse("admin:partners_partnercity_changelist"), {"q": "zhytomyr"})
    names = [city.name for city in response.context["cl"].result_list]
    assert names == ["Schytomyr"]


def test_staff_can_list_the_facts_still_to_verify(staff_client):
    make_partner_city(name="Buffalo", slug="buffalo", to_verify=True, verification_note="1977 oder 1978?")
    make_partner_city(name="Leeds", slug="leeds")
    url = reverse("admin:partners_partnercity_changelist")

    to_verify = staff_client.get(url, {"pruefung": "offen"})
    verified = staff_client.get(url, {"pruefung": "geprueft"})

    assert [c.name for c in to_verify.context["cl"].result_list] == ["Buffalo"]
    assert [c.name for c in verified.context["cl"].result_list] == ["Leeds"]
    assert "noch zu prüfen" in to_verify.content.decode()


def test_the_add_form_builds_the_slug_from_the_name_on_the_server(staff_client):
    response = staff_client.get(reverse("admin:partners_partnercity_add"))
    form = response.context["adminform"].form
    assert not form.fields["slug"].required and "hilfe-fuer-novi-sad" in str(form.fields["slug"].help_text)
    assert not response.context["adminform"].prepopulated_fields  # no script that spells "für" as "fur"


def test_association_list_counts_members(staff_client, association_a, member_a):
    make_membership(make_user(), association_a)
    response = staff_client.get(reverse("admin:partners_association_changelist"))
    [row] = [a for a in response.context["cl"].result_list if a.pk == association_a.pk]
    assert row.member_count == 2


def test_filter_by_warehouse_role(staff_client):
    make_association(name="Betreiber e.V.", slug="betreiber", warehouse_role=Association.WarehouseRole.OPERATOR)
    make_association(name="Mitnutzer e.V.", slug="mitnutzer")
    response = staff_client.get(reverse("admin:partners_association_changelist"), {"warehouse_role__exact": "operator"})
    assert [a.name for a in response.context["cl"].result_list] == ["Betreiber e.V."]


def test_staff_add_an_association_with_a_member_in_one_form(staff_client):
    person = make_user("neu")
    data = {
        "name": "Neuer Verein e.V.", "slug": "neuer-verein", "summary": "Hilft mit.", "description": "",
        "is_active": "on", "contact_name": "", "email": "", "phone": "", "website": "", "warehouse_role": "co_user",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-user": str(person.pk), "memberships-0-role": "manager",
    }
    response = staff_client.post(reverse("admin:partners_association_add"), data)
    assert response.status_code == 302
    association = Association.objects.get(slug="neuer-verein")
    assert association.memberships.get().role == Membership.Role.MANAGER
    assert association.history.count() == 1


def test_the_member_inline_looks_people_up_by_autocomplete(staff_client, association_a):
    response = staff_client.get(reverse("admin:partners_association_change", args=[association_a.pk]))
    assert "admin-autocomplete" in response.content.decode()
    lookup = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "partners", "model_name": "membership", "field_name": "user", "term": "staff"},
    )
    assert lookup.status_code == 200
    assert [item["text"] for item in lookup.json()["results"]] == ["staff"]


def test_membership_since_is_read_only(staff_client, member_a):
    membership = Membership.objects.get(user=member_a)
    response = staff_client.get(reverse("admin:partners_membership_change", args=[membership.pk]))
    assert "created_at" not in response.context["adminform"].form.fields
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["association", "membership"])
def test_changelists_make_the_same_number_of_queries_for_5_and_50_rows(staff_client, model):
    url = reverse(f"admin:partners_{model}_changelist")
    counts = []
    for rows in (5, 45):
        for _ in range(rows):
            make_membership(make_user(), make_association())
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_operator_may_read_but_not_change_partners(client, operator_user):
    city = make_partner_city()
    client.force_login(operator_user)
    assert client.get(reverse("admin:partners_partnercity_changelist")).status_code == 200
    assert client.get(reverse("admin:partners_partnercity_add")).status_code == 403
    response = client.post(reverse("admin:partners_partnercity_change", args=[city.pk]), {"name": "Anders"})
    assert response.status_code == 403


def test_association_members_are_sent_to_the_login(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("admin:partners_association_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
