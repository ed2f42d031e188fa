"""A co-use application publishes only what the applicant agreed to, and reaches the coordination unit."""

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from partners.models import Association
from tests.factories import make_association
from warehouse.intake.services import approve_co_use
from warehouse.models import CoUseApplication

pytestmark = pytest.mark.django_db

APPLY, CHECK = reverse("warehouse:co-use"), reverse("warehouse:co-use-check")
ANSWERS = {
    "association_name": "Hilfe für Bondo e.V.", "contact_name": "Amina Otieno", "email": "amina.privat@example.org",
    "phone": "0170 1234567", "goods": "Schulmaterial für unser Lager im Keller", "frequency": "monthly",
    "storage_need": "3 Paletten",
}
PUBLIC = {"publish_contact": "on", "public_contact": "Sprechzeit dienstags", "public_email": "info@bondo.example",
          "public_phone": "0231 555", "public_website": "bondo.example"}
PRIVATE = ["amina.privat@example.org", "Amina Otieno", "0170 1234567", "Schulmaterial für unser Lager"]


def _apply(client, answers):
    assert client.post(APPLY, answers)["Location"] == CHECK
    client.post(CHECK)
    return CoUseApplication.objects.get()


def _public_pages(client, association):
    return client.get(reverse("partners:association-list")).content.decode() + client.get(
        association.get_absolute_url()).content.decode()


def test_without_the_checkbox_the_public_fields_are_not_kept(client):
    application = _apply(client, {**ANSWERS, **PUBLIC, "publish_contact": ""})

    assert application.publish_contact is False
    assert (application.public_email, application.public_contact, application.public_website) == ("", "", "")


def test_the_checkbox_needs_at_least_one_public_detail(client):
    response = client.post(APPLY, {**ANSWERS, "publish_contact": "on"})

    assert response.status_code == 200
    assert "Geben Sie mindestens eine Kontaktangabe für die Website an" in response.content.decode()
    assert not CoUseApplication.objects.exists()


def test_the_check_page_says_what_will_be_public(client):
    client.post(APPLY, {**ANSWERS, **PUBLIC})
    check = client.get(CHECK).content.decode()
    assert "Ja, diese Angaben dürfen öffentlich erscheinen" in check and "info@bondo.example" in check

    client.post(APPLY, ANSWERS)
    assert "Nein, nichts davon erscheint öffentlich." in client.get(CHECK).content.decode()


def test_approval_without_consent_publishes_nothing_private(client, staff_user):
    application = _apply(client, ANSWERS)

    approve_co_use(application, by=staff_user)

    association = Association.objects.get(name="Hilfe für Bondo e.V.")
    assert (association.email, association.contact_name, association.phone) == (
        "amina.privat@example.org", "Amina Otieno", "0170 1234567")  # kept for the unit, internally
    assert not association.has_public_contact and association.summary == ""
    body = _public_pages(client, association)
    assert "Hilfe für Bondo e.V." in body
    for text in PRIVATE:
        assert text not in body, text


def test_approval_with_consent_publishes_exactly_the_public_fields(client, staff_user):
    application = _apply(client, {**ANSWERS, **PUBLIC})

    approve_co_use(application, by=staff_user)

    association = Association.objects.get(name="Hilfe für Bondo e.V.")
    assert (association.public_contact, association.public_email, association.public_phone, association.website) == (
        "Sprechzeit dienstags", "info@bondo.example", "0231 555", "https://bondo.example")
    body = _public_pages(client, association)
    assert 'href="mailto:info@bondo.example"' in body and "Sprechzeit dienstags" in body
    for text in PRIVATE:
        assert text not in body, text


def test_joining_an_existing_association_changes_nothing_on_its_public_page(staff_user):
    existing = make_association(name="Cukurova e.V.", public_email="info@cukurova.example")
    application = CoUseApplication.objects.create(
        **{**ANSWERS, "phone": ""}, join_association=existing, publish_contact=True, public_email="neu@example.org")

    approve_co_use(application, by=staff_user)

    existing.refresh_from_db()
    assert existing.public_email == "info@cukurova.example" and existing.email != ANSWERS["email"]


def test_the_unit_gets_an_email_with_the_admin_link(client, mailoutbox):
    application = _apply(client, ANSWERS)

    (unit_mail,) = [m for m in mailoutbox if m.to == [settings.UNIT_EMAIL]]
    assert application.reference in unit_mail.subject
    admin_path = reverse("admin:warehouse_couseapplication_change", args=[application.pk])
    assert settings.SITE_URL.rstrip("/") + admin_path in unit_mail.body
    assert [m.to for m in mailoutbox] == [["amina.privat@example.org"], [settings.UNIT_EMAIL]]


def test_the_dashboard_lists_new_applications_with_links_to_the_admin(client, staff_user):
    new = CoUseApplication.objects.create(**ANSWERS)
    CoUseApplication.objects.create(**{**ANSWERS, "association_name": "Schon entschieden e.V."}, status="declined")
    client.force_login(staff_user)

    body = client.get(reverse("dashboard")).content.decode()

    assert "1 neuer Antrag auf Mitnutzung" in body
    assert f'href="{reverse("admin:warehouse_couseapplication_change", args=[new.pk])}"' in body
    assert "Hilfe für Bondo e.V." in body and "Schon entschieden e.V." not in body
    assert f'href="{reverse("warehouse:associations")}"' in body


def test_the_migration_takes_applicants_details_off_the_public_page():
    from importlib import import_module

    migration = import_module("warehouse.migrations.0010_co_use_public_contact")
    staff_entered = make_association(name="Weltladen", contact_name="Erika", email="info@weltladen.example",
                                     phone="0231 1")
    from_application = make_association(name="Neu e.V.", contact_name="Amina", email="amina@example.org",
                                         summary=ANSWERS["goods"])
    CoUseApplication.objects.create(**ANSWERS, status="approved", association=from_application)

    migration.unpublish_applicants_details(apps, None)

    staff_entered.refresh_from_db()
    from_application.refresh_from_db()
    assert (staff_entered.public_contact, staff_entered.public_email, staff_entered.public_phone) == (
        "Erika", "info@weltladen.example", "0231 1")
    assert not from_application.has_public_contact and from_application.summary == ""
    assert from_application.email == "amina@example.org"
