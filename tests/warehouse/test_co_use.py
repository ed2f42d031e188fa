import re

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from partners.models import Association, Membership
from tests.factories import make_association, make_user
from warehouse.intake.admin import CoUseApplicationAdmin
from warehouse.models import CoUseApplication

pytestmark = pytest.mark.django_db

APPLY = reverse("warehouse:co-use")
CHECK = reverse("warehouse:co-use-check")
DONE = reverse("warehouse:co-use-done")

ANSWERS = {
    "association_name": "Hilfe für Bondo e.V.", "contact_name": "Amina Otieno", "email": "amina@example.org",
    "phone": "", "goods": "Schulmaterial und Wasserfilter", "frequency": "monthly", "storage_need": "3 Paletten",
}


def test_apply_check_and_send(client, mailoutbox):
    page = client.get(APPLY)
    assert page.status_code == 200
    assert "Datenschutzhinweisen" in page.content.decode()
    assert client.post(APPLY, ANSWERS)["Location"] == CHECK
    assert not CoUseApplication.objects.exists()
    check = client.get(CHECK).content.decode()
    assert "Schulmaterial und Wasserfilter" in check and "etwa einmal im Monat" in check
    assert client.post(CHECK)["Location"] == DONE
    application = CoUseApplication.objects.get()
    assert application.status == CoUseApplication.Status.NEW
    done = client.get(DONE).content.decode()
    assert application.reference in done
    assert application.reference in mailoutbox[0].subject


def test_errors_stay_next_to_the_fields(client):
    response = client.post(APPLY, {**ANSWERS, "email": "kein-at", "goods": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fehler: " in html
    assert response.context["form"].errors == {
        "email": ["Geben Sie eine E-Mail-Adresse im richtigen Format ein, z. B. name@example.org."],
        "goods": ["Beschreiben Sie, was Sie lagern möchten."],
    }
    assert "Amina Otieno" in html


def test_overlong_text_is_refused_beside_the_field(client):
    response = client.post(APPLY, {**ANSWERS, "goods": "a" * 2001, "storage_need": "b" * 201})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "goods": ["Bitte kürzen Sie den Text auf höchstens 2000 Zeichen (jetzt 2001)."],
        "storage_need": ["Bitte kürzen Sie den Text auf höchstens 200 Zeichen (jetzt 201)."],
    }
    assert client.get(CHECK)["Location"] == APPLY
    assert not CoUseApplication.objects.exists()


def test_the_check_and_done_pages_need_answers_first(client):
    assert client.get(CHECK)["Location"] == APPLY
    assert client.post(CHECK)["Location"] == APPLY
    assert client.get(DONE)["Location"] == APPLY


def test_wrong_methods(client):
    assert client.put(APPLY).status_code == 405
    assert client.post(DONE).status_code == 405


def run_action(name, queryset, user):
    request = RequestFactory().post("/admin/")
    request.user = user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    getattr(CoUseApplicationAdmin(CoUseApplication, site), name)(request, queryset)


def test_approve_creates_association_user_and_sends_a_password_link(client, staff_user, mailoutbox):
    application = CoUseApplication.objects.create(**ANSWERS)
    run_action("approve", CoUseApplication.objects.all(), staff_user)
    application.refresh_from_db()
    association = Association.objects.get(name="Hilfe für Bondo e.V.")
    assert association.warehouse_role == Association.WarehouseRole.CO_USER
    membership = Membership.objects.get(association=association)
    assert membership.role == Membership.Role.MANAGER
    assert membership.user.email == "amina@example.org"
    assert (application.status, application.association, application.decided_by) == ("approved", association,
                                                                                     staff_user)
    link = re.search(r"http://\S+/konto/passwort-neu/\S+/", mailoutbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.context["validlink"]
    response = client.post(response.redirect_chain[-1][0], {"new_password1": "Hafen-Lager-2026!",
                                                            "new_password2": "Hafen-Lager-2026!"})
    assert response["Location"] == reverse("account:password_reset_complete")
    assert client.login(username=membership.user.username, password="Hafen-Lager-2026!")
    assert client.get(reverse("warehouse:home")).status_code == 200


def test_approve_into_a_chosen_association_marks_it_and_reuses_the_user(staff_user, mailoutbox):
    existing = make_association(name="Hilfe für Bondo e.V.", warehouse_role=Association.WarehouseRole.NONE)
    user = make_user("amina")
    user.email = "Amina@example.org"
    user.save()
    CoUseApplication.objects.create(**ANSWERS, join_association=existing)
    run_action("approve", CoUseApplication.objects.all(), staff_user)
    existing.refresh_from_db()
    assert existing.warehouse_role == Association.WarehouseRole.CO_USER
    membership = Membership.objects.get(association=existing)
    assert (membership.user, membership.role) == (user, Membership.Role.MEMBER)
    assert "passwort-neu" not in mailoutbox[-1].body


def test_decline_tells_the_applicant_and_is_final(staff_user, mailoutbox):
    application = CoUseApplication.objects.create(**ANSWERS)
    run_action("decline", CoUseApplication.objects.all(), staff_user)
    run_action("approve", CoUseApplication.objects.all(), staff_user)
    application.refresh_from_db()
    assert application.status == "declined"
    assert not Association.objects.filter(name=ANSWERS["association_name"]).exists()
    assert len(mailoutbox) == 1
