"""Approving a co-use application: once, whoever clicks; a new Verein unless staff chose an existing one."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from partners.models import Association, Membership
from tests.factories import make_association, make_membership, make_user
from warehouse.intake.services import CoUseError, approve_co_use, decline_co_use
from warehouse.models import CoUseApplication

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:warehouse_couseapplication_changelist")
ANSWERS = {
    "association_name": "Hilfe für Bondo e.V.", "contact_name": "Amina Otieno", "email": "amina@example.org",
    "goods": "Schulmaterial", "frequency": "monthly", "storage_need": "3 Paletten",
}


def make_application(**overrides):
    return CoUseApplication.objects.create(**{**ANSWERS, **overrides})


def stale(application):
    return CoUseApplication.objects.get(pk=application.pk)


def password_links(outbox):
    return [message for message in outbox if "/konto/passwort-neu/" in message.body]


def test_a_double_click_approves_once_with_one_account_and_one_password_link(staff_user, mailoutbox):
    application = make_application()
    first, second = stale(application), stale(application)
    approve_co_use(first, by=staff_user)
    with pytest.raises(CoUseError, match="inzwischen angenommen"):
        approve_co_use(second, by=staff_user)
    assert get_user_model().objects.filter(email="amina@example.org").count() == 1
    assert Association.objects.filter(name="Hilfe für Bondo e.V.").count() == 1
    assert Membership.objects.count() == 1
    assert len(mailoutbox) == 1 and len(password_links(mailoutbox)) == 1
    assert application.history.first().history_user == staff_user


def test_a_decline_from_a_stale_list_does_not_undo_an_approval(staff_user, mailoutbox):
    application = make_application()
    old_copy = stale(application)
    approve_co_use(application, by=staff_user)
    with pytest.raises(CoUseError, match="inzwischen angenommen"):
        decline_co_use(old_copy, by=staff_user)
    application.refresh_from_db()
    assert application.status == CoUseApplication.Status.APPROVED and len(mailoutbox) == 1


def test_a_name_of_an_existing_association_is_refused_unless_staff_choose_it(staff_user, mailoutbox):
    existing = make_association(name="HILFE FÜR BONDO E.V.")
    manager = make_user("vorstand")
    make_membership(manager, existing, role=Membership.Role.MANAGER)
    application = make_application()
    with pytest.raises(CoUseError) as refused:
        approve_co_use(application, by=staff_user)
    assert "einem bestehenden Verein zuordnen" in refused.value.message
    application.refresh_from_db()
    assert application.status == CoUseApplication.Status.NEW and application.association is None
    assert list(existing.memberships.values_list("user__username", flat=True)) == ["vorstand"]
    assert not get_user_model().objects.filter(email="amina@example.org").exists()
    assert mailoutbox == []


def test_a_chosen_association_gets_the_applicant_as_a_plain_member(staff_user, mailoutbox):
    existing = make_association(name="Hilfe für Bondo e.V.", warehouse_role=Association.WarehouseRole.NONE)
    application = make_application(join_association=existing)
    approve_co_use(application, by=staff_user)
    membership = Membership.objects.get(association=existing)
    assert membership.user.email == "amina@example.org" and membership.role == Membership.Role.MEMBER
    existing.refresh_from_db()
    assert existing.warehouse_role == Association.WarehouseRole.CO_USER
    assert Association.objects.count() == 1
    assert len(password_links(mailoutbox)) == 1


def test_an_existing_membership_keeps_its_role(staff_user):
    existing = make_association(name="Hilfe für Bondo e.V.")
    amina = make_user("amina", email="Amina@example.org")
    make_membership(amina, existing, role=Membership.Role.MEMBER)
    approve_co_use(make_application(join_association=existing), by=staff_user)
    assert Membership.objects.get(user=amina).role == Membership.Role.MEMBER
    # Nor is a manager demoted: approval never touches a membership that exists.
    other = make_association(name="Anderer Verein e.V.")
    make_membership(amina, other, role=Membership.Role.MANAGER)
    approve_co_use(make_application(association_name="Noch ein Name", join_association=other), by=staff_user)
    assert Membership.objects.get(user=amina, association=other).role == Membership.Role.MANAGER


def test_a_new_association_is_managed_by_the_applicant(staff_user):
    approve_co_use(make_application(), by=staff_user)
    membership = Membership.objects.get()
    assert membership.role == Membership.Role.MANAGER
    assert membership.association.warehouse_role == Association.WarehouseRole.CO_USER


def test_a_double_decline_sends_one_mail(staff_user, mailoutbox):
    application = make_application()
    first, second = stale(application), stale(application)
    decline_co_use(first, by=staff_user)
    with pytest.raises(CoUseError, match="inzwischen abgelehnt"):
        decline_co_use(second, by=staff_user)
    assert len(mailoutbox) == 1


def test_the_admin_approves_what_it_can_and_reports_the_rest(client, staff_user, mailoutbox):
    make_association(name="Vorhanden e.V.")
    clash = make_application(association_name="vorhanden e.v.")
    done = make_application(association_name="Done e.V.", email="done@example.org",
                            status=CoUseApplication.Status.APPROVED)
    fresh = make_application(association_name="Neu e.V.", email="neu@example.org")
    client.force_login(staff_user)
    response = client.post(CHANGELIST, {"action": "approve", "_selected_action": [clash.pk, done.pk, fresh.pk]})
    assert response.status_code == 302
    shown = {(m.level_tag, m.message) for m in get_messages(response.wsgi_request)}
    assert ("warning", f"{done.reference}: Dieser Antrag wurde inzwischen angenommen.") in shown
    assert any(level == "warning" and text.startswith(f"{clash.reference}: Einen Verein „Vorhanden e.V.“")
               for level, text in shown)
    assert ("success", "1 Antrag angenommen.") in shown
    fresh.refresh_from_db()
    clash.refresh_from_db()
    assert fresh.status == CoUseApplication.Status.APPROVED and clash.status == CoUseApplication.Status.NEW
    assert len(mailoutbox) == 1


def test_staff_choose_the_association_in_the_change_form(client, staff_user):
    existing = make_association(name="Hilfe für Bondo e.V.")
    application = make_application()
    client.force_login(staff_user)
    url = reverse("admin:warehouse_couseapplication_change", args=[application.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    assert "join_association" in form.fields and "status" not in form.fields
    assert "admin-autocomplete" in page.content.decode()
    data = {name: form[name].value() or "" for name in form.fields}
    data["join_association"] = existing.pk
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.join_association == existing
    approve_co_use(application, by=staff_user)
    assert "join_association" not in client.get(url).context["adminform"].form.fields


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_create_one_user_one_association_and_send_one_mail(staff_user):
    application = make_application()
    clicks = 6
    barrier = threading.Barrier(clicks)
    results = []
    mail.outbox = []

    def click():
        try:
            copy = stale(application)
            barrier.wait(timeout=10)
            approve_co_use(copy, by=staff_user)
            results.append("approved")
        except CoUseError:
            results.append("refused")
        except Exception as error:  # noqa: BLE001 - any other failure must show in the assertion
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["approved"] + ["refused"] * (clicks - 1)
    assert get_user_model().objects.filter(email="amina@example.org").count() == 1
    assert Association.objects.filter(name="Hilfe für Bondo e.V.").count() == 1
    assert len(password_links(mail.outbox)) == 1
