"""An aid action from plan to delivery (issue 14): staff plan it from a checklist template and open its
appeal, a citizen answers with an offer, a volunteer signs up for a shift, the operator packs and ships
the action's shipment, and the public page and the report show it. Every page is axe-clean."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from crises.models import AidAction, Appeal, ChecklistTemplate, Crisis, ShiftSignup, VolunteerShift
from donations.models import AppealLine, DonationOffer, Item, Shipment
from tests.browser.test_stock_pages import check, log_in


@pytest.mark.django_db(transaction=True)
def test_an_action_from_plan_to_delivery(demo_data, live_server, page, watch):
    today = timezone.localdate()
    action = AidAction.objects.create(
        crisis=Crisis.objects.get(slug="krieg-gegen-die-ukraine"), title="Betten für Schytomyr",
        slug="betten-fuer-schytomyr", summary="Matratzen und Kissen für eine Notunterkunft.",
        starts_on=today + datetime.timedelta(days=7), is_demo=True,
    )
    shipment = Shipment.objects.get(title="Schlafsäcke und Matratzen für Schytomyr")
    Shipment.objects.filter(pk=shipment.pk).update(action=action)
    appeal = Appeal.objects.create(action=action, title="Kissen gesucht", slug="kissen-gesucht",
                                   text="Wir suchen neue Kopfkissen.", hand_in="Nach Termin in der Lagerhalle.",
                                   wanted_until=today + datetime.timedelta(days=14))
    AppealLine.objects.create(appeal=appeal, item=Item.objects.get(slug="kopfkissen"), quantity=100)
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=4)
    shift = VolunteerShift.objects.create(action=action, kind=VolunteerShift.Kind.LOADING, title="Lkw beladen",
                                          starts_at=start, ends_at=start + datetime.timedelta(hours=3),
                                          place="Lagerhalle", capacity=4)

    # Staff: the checklist from the template, then the action runs and its appeal opens (admin action).
    log_in(page, live_server, "koordination")
    staff_url = f"{live_server.url}/intern/hilfsaktionen/{action.pk}/"
    problems = check(page, watch, staff_url)
    page.select_option("#id_template", label=ChecklistTemplate.objects.get().name)
    with page.expect_navigation():
        page.get_by_role("button", name="Aufgaben anlegen").click()
    assert action.tasks.count() == ChecklistTemplate.objects.get().items.count()
    page.select_option("#id_status", "running")
    with page.expect_navigation():
        page.get_by_role("button", name="Status ändern").click()
    page.goto(f"{live_server.url}/admin/crises/appeal/")
    page.check(f"input[name='_selected_action'][value='{appeal.pk}']")
    page.select_option("select[name='action']", "open_appeals")
    with page.expect_navigation():
        page.locator("button[name='index']").click()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OPEN
    problems += check(page, watch, staff_url)
    problems += check(page, watch, f"{live_server.url}/intern/hilfsaktionen/")
    problems += check(page, watch, f"{live_server.url}/intern/")
    page.context.clear_cookies()

    # A citizen answers the appeal with an offer, from the action's page.
    problems += check(page, watch, live_server.url + action.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Sachspende für diesen Aufruf anbieten").click()
    assert "Kopfkissen" in page.input_value("#id_description")
    page.check("#id_offerer_kind_0")
    page.fill("#id_contact_name", "Erika Muster")
    page.fill("#id_email", "erika@example.org")
    page.fill("#id_quantity", "20")
    page.check("#id_condition_0")
    page.fill("#id_location", "Dortmund-Hörde")
    with page.expect_navigation():
        page.locator("button[name='weiter']").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Angebot senden").click()
    assert DonationOffer.objects.get(email="erika@example.org").appeal == appeal

    # A volunteer signs up for the loading shift and gets a calendar file.
    page.goto(live_server.url + action.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Lkw beladen").click()
    problems += check(page, watch, page.url)
    page.fill("#id_name", "Max Muster")
    page.fill("#id_email", "max@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Verbindlich anmelden").click()
    assert ShiftSignup.objects.get(shift=shift).email == "max@example.org"
    assert any(m.to == ["max@example.org"] and m.attachments for m in mail.outbox)

    # The operator packs and ships the action's shipment on the existing shipment page.
    log_in(page, live_server, "lagerbetrieb")
    page.goto(f"{live_server.url}/lager/bestand/lieferungen/{shipment.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Packen beginnen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Abfahrt buchen (Waren ausbuchen)").click()
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    page.context.clear_cookies()

    # Staff see who signed up; the association that takes part sees its tasks of the running demo action.
    log_in(page, live_server, "koordination")
    problems += check(page, watch, f"{live_server.url}/intern/hilfsaktionen/schichten/{shift.pk}/")
    assert "Max Muster" in page.locator("main").inner_text()
    page.context.clear_cookies()
    log_in(page, live_server, "verein")
    winter = AidAction.objects.get(slug="winterhilfe-schytomyr")
    problems += check(page, watch, f"{live_server.url}/intern/hilfsaktionen/{winter.pk}/")
    assert page.get_by_role("button", name="Als erledigt melden").count() >= 1
    page.context.clear_cookies()

    # The public page and the report show what is on its way.
    problems += check(page, watch, live_server.url + action.get_absolute_url())
    assert shipment.title in page.locator("#delivered-heading + ol").inner_text()
    problems += check(page, watch, f"{live_server.url}/hilfsaktionen/{action.slug}/bericht/")
    report = page.locator("main").inner_text()
    assert shipment.title in report and "Schytomyr" in report
    assert not problems, "\n".join(problems)
