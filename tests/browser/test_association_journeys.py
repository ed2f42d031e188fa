"""Associations and their people, in the browser: staff invite a member who sets a password and logs in;
a co-use application that is approved publishes nothing private. Every new page is axe-clean and reflows."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from partners.models import Association, Membership
from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_stock_pages import check, log_in
from warehouse.intake.services import approve_co_use
from warehouse.models import CoUseApplication

NEW_PASSWORD = "Hafen-Lager-Neu-2026!"  # noqa: S105


@pytest.mark.django_db(transaction=True)
def test_staff_invite_a_member_who_sets_a_password_and_logs_in(demo_data, live_server, page, watch, context):
    association = Association.objects.get(slug="blau-gelbes-herz")
    log_in(page, live_server, "koordination")

    page.goto(f"{live_server.url}/intern/")
    with page.expect_navigation():
        page.get_by_role("link", name="Vereine und ihre Mitglieder verwalten").click()
    with page.expect_navigation():
        page.get_by_role("link", name=f"Mitglieder von {association.name}").click()
    members_url = page.url
    membership = Membership.objects.filter(association=association).first()
    paths = ["/lager/verein/", f"/lager/verein/{association.slug}/", f"/lager/verein/{association.slug}/mitglieder/",
             f"/lager/verein/{association.slug}/mitglieder/{membership.pk}/entfernen/"]
    problems = [problem for path in paths for problem in check(page, watch, live_server.url + path)]

    # The invitation sent without an address: the page with the error, axe-clean too.
    page.goto(members_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Einladung senden").click()
    assert page.title().startswith("Fehler: ")
    violations = axe_violations(page)
    problems += [f"{page.url} (with an error): {format_violations(violations)}"] if violations else []

    page.fill("#id_email", "neu.mitglied@example.org")
    page.fill("#id_name", "Nina Neu")
    page.get_by_label("Verantwortlich", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Einladung senden").click()
    assert "Die Einladung an neu.mitglied@example.org ist unterwegs." in page.content()
    assert "neu.mitglied@example.org" in page.locator("main ul.kern-list").inner_text()
    assert problems == [], "\n".join(problems)

    invitation = next(m for m in mail.outbox if m.to == ["neu.mitglied@example.org"])
    link = re.search(r"https?://\S+/konto/passwort-neu/\S+/", invitation.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    context.clear_cookies()
    page.goto(live_server.url + path)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    page.goto(live_server.url + "/konto/anmelden/")
    user = Membership.objects.get(association=association, user__email="neu.mitglied@example.org").user
    page.fill("#id_username", user.username)
    page.fill("#id_password", NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    page.goto(f"{live_server.url}/lager/")
    assert association.name in page.content()
    assert page.goto(f"{live_server.url}/lager/verein/{association.slug}/mitglieder/").status == 200  # a manager


@pytest.mark.django_db(transaction=True)
def test_an_approved_co_use_application_publishes_nothing_private(demo_data, live_server, page, watch):
    problems = check(page, watch, f"{live_server.url}/lager/mitnutzung/")
    page.goto(f"{live_server.url}/lager/mitnutzung/")
    page.fill("#id_association_name", "Hilfe für Bondo e.V.")
    page.fill("#id_contact_name", "Amina Otieno")
    page.fill("#id_email", "amina.privat@example.org")
    page.fill("#id_goods", "Schulhefte im Keller unserer Vorsitzenden")
    page.get_by_label("etwa einmal im Monat").check()
    page.fill("#id_storage_need", "3 Paletten")
    page.fill("#id_public_email", "soll-nicht-erscheinen@example.org")  # typed, but the box is not ticked
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter zur Prüfung").click()
    assert "Nein, nichts davon erscheint öffentlich." in page.content()
    problems += check(page, watch, page.url)
    page.goto(f"{live_server.url}/lager/mitnutzung/pruefen/")
    with page.expect_navigation():
        page.get_by_role("button", name="Antrag senden").click()

    application = CoUseApplication.objects.get(email="amina.privat@example.org")
    approve_co_use(application, by=get_user_model().objects.get(username="koordination"))
    association = Association.objects.get(name="Hilfe für Bondo e.V.")

    for url in [f"{live_server.url}/vereine/", f"{live_server.url}{association.get_absolute_url()}"]:
        problems += check(page, watch, url)
        page.goto(url)
        text = page.content()
        assert "Hilfe für Bondo e.V." in text
        for private in ["amina.privat@example.org", "Amina Otieno", "Schulhefte", "soll-nicht-erscheinen"]:
            assert private not in text, (url, private)
    assert problems == [], "\n".join(problems)
