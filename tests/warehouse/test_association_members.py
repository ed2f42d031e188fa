"""/lager/verein/<slug>/mitglieder/: invite people, change roles, remove members; the last manager stays."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from partners.models import Membership
from tests.factories import make_association, make_membership, make_user
from warehouse.association.services import MembershipError, change_role, invite_member, remove_member

pytestmark = pytest.mark.django_db

MANAGER, MEMBER = Membership.Role.MANAGER, Membership.Role.MEMBER


def members_url(association):
    return reverse("warehouse:association-members", args=[association.slug])


def role_url(membership):
    return reverse("warehouse:association-member-role", args=[membership.association.slug, membership.pk])


def remove_url(membership):
    return reverse("warehouse:association-member-remove", args=[membership.association.slug, membership.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def manager_a(association_a):
    user = make_user("manager_a", groups=["Verein"], first_name="Mara", last_name="Manager")
    make_membership(user, association_a, role=MANAGER)
    return user


def _follow_password_link(client, body, password):
    link = re.search(r"http://\S+/konto/passwort-neu/\S+/", body).group(0)
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    assert response.context["validlink"]
    response = client.post(response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert response["Location"] == reverse("account:password_reset_complete")


def test_an_invitation_creates_the_account_membership_and_a_working_password_link(client, association_a, manager_a,
                                                                                   mailoutbox):
    client.force_login(manager_a)
    response = client.post(members_url(association_a), {"email": "neu@example.org", "name": "Nina Neu",
                                                        "role": MEMBER})

    assert response["Location"] == members_url(association_a)
    user = get_user_model().objects.get(email="neu@example.org")
    assert not user.has_usable_password() and user.groups.filter(name="Verein").exists()
    membership = Membership.objects.get(user=user, association=association_a)
    assert membership.role == MEMBER
    assert membership.history.get().history_user == manager_a
    (mail,) = mailoutbox
    assert mail.to == ["neu@example.org"] and association_a.name in mail.subject
    client.logout()
    _follow_password_link(client, mail.body, "Hafen-Lager-2026!")
    assert client.login(username=user.username, password="Hafen-Lager-2026!")
    assert client.get(reverse("warehouse:home")).status_code == 200


def test_a_person_with_an_account_is_told_to_log_in(association_a, manager_a, mailoutbox):
    existing = make_user("vorhanden", email="da@example.org")

    invite_member(association=association_a, email="DA@example.org", role=MANAGER, by=manager_a)

    assert Membership.objects.get(user=existing, association=association_a).role == MANAGER
    assert "/konto/passwort-neu/" not in mailoutbox[0].body and "/konto/anmelden/" in mailoutbox[0].body


def test_a_duplicate_invitation_is_refused_beside_the_field(client, association_a, manager_a, member_a, mailoutbox):
    client.force_login(manager_a)
    response = client.post(members_url(association_a), {"email": member_a.email, "role": MANAGER})

    assert response.status_code == 200
    assert "<title>Fehler: " in response.content.decode()
    assert f"{member_a.email} gehört schon zu {association_a.name}." in response.content.decode()
    assert Membership.objects.get(user=member_a, association=association_a).role == MEMBER
    assert mailoutbox == []


def test_the_invite_form_explains_its_errors(client, association_a, manager_a):
    client.force_login(manager_a)
    response = client.post(members_url(association_a), {"email": "", "role": "chef"})

    html = response.content.decode()
    assert "Geben Sie die E-Mail-Adresse der Person ein." in html
    assert "Wählen Sie eine Rolle aus der Liste." in html


def test_a_role_changes(client, association_a, manager_a, member_a):
    membership = Membership.objects.get(user=member_a)
    client.force_login(manager_a)

    response = client.post(role_url(membership), {"role": MANAGER})

    assert response["Location"] == members_url(association_a)
    membership.refresh_from_db()
    assert membership.role == MANAGER and membership.history.first().history_user == manager_a


def test_the_last_manager_cannot_be_demoted(client, association_a, manager_a):
    membership = Membership.objects.get(user=manager_a)
    client.force_login(manager_a)

    response = client.post(role_url(membership), {"role": MEMBER})

    membership.refresh_from_db()
    assert membership.role == MANAGER
    assert "letzte verantwortliche Person" in messages_of(response)[0]


def test_the_last_manager_cannot_be_removed(client, association_a, manager_a, staff_user):
    membership = Membership.objects.get(user=manager_a)
    client.force_login(staff_user)

    response = client.post(remove_url(membership))

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "kann nicht entfernt werden" in messages_of(response)[0]
    with pytest.raises(MembershipError):
        remove_member(association=association_a, membership_pk=membership.pk, by=staff_user)


def test_a_second_manager_lets_the_first_step_down(association_a, manager_a, member_a):
    change_role(association=association_a, membership_pk=Membership.objects.get(user=member_a).pk, role=MANAGER,
                by=manager_a)
    change_role(association=association_a, membership_pk=Membership.objects.get(user=manager_a).pk, role=MEMBER,
                by=manager_a)
    with pytest.raises(MembershipError):
        change_role(association=association_a, membership_pk=Membership.objects.get(user=member_a).pk, role=MEMBER,
                    by=manager_a)


def test_a_member_is_removed_after_confirming(client, association_a, manager_a, member_a):
    membership = Membership.objects.get(user=member_a)
    client.force_login(manager_a)

    page = client.get(remove_url(membership))
    assert page.status_code == 200 and "Ja, entfernen" in page.content.decode()
    response = client.post(remove_url(membership))

    assert response["Location"] == members_url(association_a)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    member_a.refresh_from_db()
    assert not member_a.is_active and not member_a.has_usable_password()  # no association left: no login
    assert Membership.history.filter(id=membership.pk, history_type="-").get().history_user == manager_a


def test_a_person_in_another_association_keeps_their_login(association_a, association_b, manager_a, member_a):
    make_membership(member_a, association_b)
    remove_member(association=association_a, membership_pk=Membership.objects.get(user=member_a,
                                                                                   association=association_a).pk,
                  by=manager_a)
    member_a.refresh_from_db()
    assert member_a.is_active and member_a.has_usable_password()


def test_a_removed_person_invited_again_can_log_in_again(association_a, manager_a, member_a, mailoutbox):
    remove_member(association=association_a, membership_pk=Membership.objects.get(user=member_a).pk, by=manager_a)
    invite_member(association=association_a, email=member_a.email, role=MEMBER, by=manager_a)
    member_a.refresh_from_db()
    assert member_a.is_active and "/konto/passwort-neu/" in mailoutbox[-1].body


def test_a_manager_who_removes_themself_goes_back_to_the_area(client, association_a, manager_a, member_a):
    change_role(association=association_a, membership_pk=Membership.objects.get(user=member_a).pk, role=MANAGER,
                by=manager_a)
    client.force_login(manager_a)
    response = client.post(remove_url(Membership.objects.get(user=manager_a)))
    assert response["Location"] == reverse("warehouse:home")


def test_staff_reach_every_association(client, association_b, staff_user, member_b):
    client.force_login(staff_user)
    assert client.get(members_url(association_b)).status_code == 200
    client.post(members_url(association_b), {"email": "b2@example.org", "role": MANAGER})
    assert Membership.objects.filter(association=association_b, user__email="b2@example.org", role=MANAGER).exists()


def test_another_associations_manager_cannot_touch_yours(client, association_a, association_b, member_a):
    manager_b = make_user("manager_b", groups=["Verein"])
    make_membership(manager_b, association_b, role=MANAGER)
    membership = Membership.objects.get(user=member_a)
    client.force_login(manager_b)

    assert client.get(members_url(association_a)).status_code == 404
    assert client.post(members_url(association_a), {"email": "x@example.org", "role": MEMBER}).status_code == 404
    assert client.post(role_url(membership), {"role": MANAGER}).status_code == 404
    assert client.post(remove_url(membership)).status_code == 404
    membership.refresh_from_db()
    assert membership.role == MEMBER and not Membership.objects.filter(user__email="x@example.org").exists()


def test_a_membership_of_another_association_is_not_found_through_yours(client, association_a, association_b,
                                                                         manager_a, member_b):
    client.force_login(manager_a)
    foreign = Membership.objects.get(user=member_b)
    url = reverse("warehouse:association-member-role", args=[association_a.slug, foreign.pk])
    response = client.post(url, {"role": MANAGER})
    assert "nicht mehr Mitglied" in messages_of(response)[0]
    assert client.get(reverse("warehouse:association-member-remove", args=[association_a.slug, foreign.pk])
                      ).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == MEMBER


def test_plain_members_and_visitors_are_refused(client, association_a, member_a):
    assert client.get(members_url(association_a))["Location"].startswith(reverse("account:login"))
    client.force_login(member_a)
    assert client.get(members_url(association_a)).status_code == 404


def test_wrong_methods(client, association_a, manager_a):
    membership = Membership.objects.get(user=manager_a)
    client.force_login(manager_a)
    assert client.get(role_url(membership)).status_code == 405
    assert client.put(remove_url(membership)).status_code == 405
    assert client.delete(members_url(association_a)).status_code == 405


def test_the_member_list_makes_the_same_number_of_queries_for_3_and_30_members(client, django_assert_num_queries,
                                                                                 association_a, manager_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _ in range(n):
            make_membership(make_user(), association_a)

    make_association()
    client.force_login(manager_a)
    add(2)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(members_url(association_a)).context["memberships"]) == 3
    # session, user, groups (staff check), association, members with their users; the layout may add one
    assert len(small.captured_queries) <= 6
    add(27)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(members_url(association_a)).context["memberships"]) == 30
