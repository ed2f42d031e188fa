"""Aid actions (issue 14): services, access, public pages, volunteers, offers answering an appeal."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from crises.actions import services
from crises.models import (
    AidAction,
    Appeal,
    ChecklistTemplate,
    ChecklistTemplateItem,
    NewsPost,
    Participant,
    ShiftSignup,
    Task,
    VolunteerShift,
)
from donations.models import AppealLine, Donation, DonationOffer, Shipment
from tests.factories import (
    make_association,
    make_crisis,
    make_donation,
    make_item,
    make_need,
    make_partner_city,
    make_shipment,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_action(**overrides):
    fields = {"crisis": overrides.pop("crisis", None) or make_crisis(), "title": "Winterhilfe", "slug": "winterhilfe",
              "summary": "Schlafsäcke für den Winter", "status": AidAction.Status.RUNNING,
              "starts_on": TODAY - datetime.timedelta(days=5), "budget": Decimal("1000.00")}
    fields.update(overrides)
    return AidAction.objects.create(**fields)


def make_shift(action, *, capacity=2, days=3, **overrides):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    fields = {"kind": VolunteerShift.Kind.SORTING, "title": "Sortieren", "starts_at": start,
              "ends_at": start + datetime.timedelta(hours=4), "place": "Lagerhalle", "capacity": capacity}
    fields.update(overrides)
    return VolunteerShift.objects.create(action=action, **fields)


def make_appeal(action, *, items=(), status=Appeal.Status.OPEN, **overrides):
    fields = {"title": "Schlafsäcke gesucht", "slug": "schlafsaecke", "text": "Wir suchen Schlafsäcke.",
              "wanted_until": TODAY + datetime.timedelta(days=10), "hand_in": "In der Lagerhalle.", "status": status}
    fields.update(overrides)
    appeal = Appeal.objects.create(action=action, **fields)
    for item, quantity, gone in items:
        AppealLine.objects.create(appeal=appeal, item=item, quantity=quantity, no_longer_needed=gone)
    return appeal


# --- status and tasks ------------------------------------------------------------------------------


def test_status_moves_forward_only_and_a_stale_page_cannot_reopen_a_completed_action(staff_user):
    action = make_action(status=AidAction.Status.PLANNED)
    stale = AidAction.objects.get(pk=action.pk)
    services.change_action_status(action=action, status=AidAction.Status.RUNNING, by=staff_user)
    services.change_action_status(action=action, status=AidAction.Status.COMPLETED, by=staff_user)
    with pytest.raises(ValidationError, match="inzwischen"):
        services.change_action_status(action=stale, status=AidAction.Status.CANCELLED, by=staff_user)
    action.refresh_from_db()
    assert action.status == AidAction.Status.COMPLETED
    assert action.history.first().history_user == staff_user


def test_a_checklist_template_becomes_tasks_due_relative_to_the_start_and_a_second_click_adds_none(staff_user):
    action = make_action()
    template = ChecklistTemplate.objects.create(name="Konvoi")
    ChecklistTemplateItem.objects.create(template=template, title="Zoll", due_days=-3, position=1)
    ChecklistTemplateItem.objects.create(template=template, title="Bericht", due_days=None, position=2)
    tasks = services.start_from_template(action=action, template=template, by=staff_user)
    assert [(t.title, t.due_on) for t in tasks] == [("Zoll", action.starts_on - datetime.timedelta(days=3)),
                                                    ("Bericht", None)]
    assert services.start_from_template(action=action, template=template, by=staff_user) == []
    assert action.tasks.count() == 2


def test_overdue_and_open_tasks():
    action = make_action()
    Task.objects.create(action=action, title="alt", due_on=TODAY - datetime.timedelta(days=1))
    Task.objects.create(action=action, title="neu", due_on=TODAY + datetime.timedelta(days=1))
    Task.objects.create(action=action, title="fertig", due_on=TODAY - datetime.timedelta(days=1),
                        status=Task.Status.DONE)
    assert list(Task.objects.overdue().values_list("title", flat=True)) == ["alt"]
    assert Task.objects.open().count() == 2


# --- appeals and news ------------------------------------------------------------------------------


def test_opening_and_closing_an_appeal_posts_news_and_a_second_open_is_refused(staff_user):
    action = make_action()
    appeal = make_appeal(action, status=Appeal.Status.DRAFT)
    services.open_appeal(appeal=appeal, by=staff_user)
    with pytest.raises(ValidationError):
        services.open_appeal(appeal=appeal, by=staff_user)
    services.close_appeal(appeal=appeal, by=staff_user)
    titles = set(NewsPost.objects.published().values_list("title", flat=True))
    assert titles == {"Spendenaufruf beendet: Schlafsäcke gesucht", "Spendenaufruf: Schlafsäcke gesucht"}
    assert all(post.crisis_id == action.crisis_id for post in NewsPost.objects.all())

    # A second appeal with the same slug start still gets its own news post.
    second = make_appeal(action, status=Appeal.Status.DRAFT, slug="schlafsaecke-2")
    NewsPost.objects.create(title="x", slug="aufruf-schlafsaecke-2", teaser="x", body="x")
    assert services.open_appeal(appeal=second, by=staff_user)
    assert NewsPost.objects.filter(slug="aufruf-schlafsaecke-2-2").exists()


def test_the_news_of_an_appeal_is_german_and_in_each_language_the_appeal_is_written_in(staff_user):
    """Opened by staff reading the portal in English: the German post is still complete."""
    action = make_action(title_uk="Зимова допомога")
    appeal = make_appeal(action, status=Appeal.Status.DRAFT, title_uk="Потрібні спальники")
    with translation.override("en"):
        services.open_appeal(appeal=appeal, by=staff_user)
    post = NewsPost.objects.get()
    assert post.title_de == "Spendenaufruf: Schlafsäcke gesucht"
    assert "Winterhilfe" in post.teaser_de and appeal.wanted_until.strftime("%d.%m.%Y") in post.teaser_de
    assert post.title_uk.endswith("Потрібні спальники") and "Зимова допомога" in post.teaser_uk
    assert post.title_en is None and post.title_tr is None  # no English appeal: the page falls back to German


def test_an_appeal_of_a_planned_action_does_not_open(staff_user):
    appeal = make_appeal(make_action(status=AidAction.Status.PLANNED), status=Appeal.Status.DRAFT)
    with pytest.raises(ValidationError, match="läuft"):
        services.open_appeal(appeal=appeal, by=staff_user)


# --- volunteers ----------------------------------------------------------------------------------------


def test_sign_up_mails_a_calendar_file_and_a_cancel_link_that_frees_the_place(client):
    shift = make_shift(make_action(), capacity=1)
    url = reverse("actions:shift-signup", args=[shift.action.slug, shift.pk])
    response = client.post(url, {"name": "Erika Muster", "email": "erika@example.org"})
    assert response.status_code == 302
    signup = ShiftSignup.objects.get()
    message = mail.outbox[-1]
    assert message.to == ["erika@example.org"]
    assert message.attachments[0][0] == "schicht.ics" and "BEGIN:VEVENT" in str(message.attachments[0][1])
    cancel = reverse("actions:signup-cancel", args=[signup.token])
    assert cancel in message.body

    # Full now: the next person is told so, next to nothing typed lost.
    response = client.post(url, {"name": "Max", "email": "max@example.org"})
    assert response.status_code == 200 and "schon voll" in response.content.decode()
    assert 'value="max@example.org"' in response.content.decode()

    assert client.post(cancel).status_code == 302
    signup.refresh_from_db()
    assert signup.cancelled_at is not None
    assert client.post(url, {"name": "Max", "email": "max@example.org"}).status_code == 302


def test_sign_up_errors_are_shown_next_to_the_field(client):
    shift = make_shift(make_action())
    response = client.post(reverse("actions:shift-signup", args=[shift.action.slug, shift.pk]),
                           {"name": "", "email": "kein-at"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Geben Sie Ihren Namen ein." in content and "im richtigen Format" in content
    assert ShiftSignup.objects.count() == 0


def test_the_same_address_cannot_take_two_places(client):
    shift = make_shift(make_action(), capacity=5)
    services.sign_up(shift=shift, name="Erika", email="erika@example.org")
    with pytest.raises(ValidationError, match="schon angemeldet"):
        services.sign_up(shift=shift, name="Erika", email="ERIKA@example.org")


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_sign_ups():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")
    shift = make_shift(make_action(), capacity=3)
    errors = []

    def sign(n):
        from django.db import connection as thread_connection
        try:
            services.sign_up(shift=shift, name=f"P{n}", email=f"p{n}@example.org")
        except ValidationError as error:
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ShiftSignup.objects.active().count() == 3 and len(errors) == 5


def test_reminder_goes_once_the_day_before(settings):
    action = make_action()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time(10), tzinfo=timezone.get_current_timezone())
    shift = make_shift(action, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    later = make_shift(action, days=5, title="Später")
    services.sign_up(shift=shift, name="Erika", email="erika@example.org")
    services.sign_up(shift=later, name="Max", email="max@example.org")
    mail.outbox.clear()
    call_command("send_shift_reminders", stdout=io.StringIO())
    call_command("send_shift_reminders", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["erika@example.org"]]


def test_volunteers_data_is_erased_after_the_retention_period_also_from_history(settings):
    settings.VOLUNTEER_ANONYMISE_AFTER_DAYS = 30
    action = make_action()
    shift = make_shift(action)
    signup = services.sign_up(shift=shift, name="Erika Muster", email="erika@example.org")
    VolunteerShift.objects.filter(pk=shift.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=40), ends_at=timezone.now() - datetime.timedelta(days=39))
    call_command("anonymise_volunteers", stdout=io.StringIO())
    signup.refresh_from_db()
    assert signup.email == "anonymisiert@invalid" and signup.anonymised_at
    assert not signup.history.filter(email="erika@example.org").exists()


def test_staff_message_goes_to_the_active_volunteers_of_a_shift(client, staff_user):
    shift = make_shift(make_action(), capacity=5)
    services.sign_up(shift=shift, name="Erika", email="erika@example.org")
    cancelled = services.sign_up(shift=shift, name="Max", email="max@example.org")
    services.cancel_signup(signup=cancelled)
    mail.outbox.clear()
    client.force_login(staff_user)
    response = client.post(reverse("actions:staff-shift", args=[shift.pk]), {"subject": "Treffpunkt", "text": "Tor 2"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["erika@example.org"]] and "Tor 2" in mail.outbox[0].body


# --- public pages ---------------------------------------------------------------------------------------


def test_the_public_page_shows_the_appeal_what_is_no_longer_needed_shifts_and_deliveries(client):
    association = make_association()
    city = make_partner_city(name="Schytomyr", slug="schytomyr")
    action = make_action()
    action.partner_cities.add(city)
    Participant.objects.create(action=action, kind=Participant.Kind.ASSOCIATION, association=association,
                               role="sammelt")
    bags, beds = make_item(name="Schlafsack"), make_item(name="Krankenhausbett")
    make_appeal(action, items=[(bags, 300, False), (beds, None, True)])
    make_shift(action)
    make_shipment(source_association=association, destination_city=city, lines=[(bags, 120)], action=action,
                  status=Shipment.Status.DELIVERED, delivered_on=TODAY, title="Erste Lieferung")
    make_shipment(source_association=association, destination_city=city, lines=[(bags, 7)], action=action,
                  title="Noch geplant")
    content = client.get(reverse("actions:detail", args=[action.slug])).content.decode()
    assert "Schlafsäcke gesucht" in content and "300 Stück Schlafsack" in content.replace("\xa0", " ")
    assert "Wird nicht mehr gebraucht" in content and "Krankenhausbett" in content
    assert "?aufruf=schlafsaecke" in content
    assert "Sortieren" in content and association.name in content
    assert "Erste Lieferung" in content and "Noch geplant" not in content
    assert "120 Stück Schlafsack" in content.replace("\xa0", " ")


def test_planned_and_cancelled_actions_are_not_public(client):
    for status in (AidAction.Status.PLANNED, AidAction.Status.CANCELLED):
        action = make_action(slug=f"a-{status}", status=status)
        assert client.get(reverse("actions:detail", args=[action.slug])).status_code == 404
    assert "Winterhilfe" not in client.get(reverse("actions:list")).content.decode()


def test_the_offer_form_is_preset_to_the_appeal_and_the_offer_remembers_it(client):
    from tests.factories import make_warehouse

    make_warehouse()
    bags = make_item(name="Schlafsack")
    appeal = make_appeal(make_action(), items=[(bags, 300, False)])
    response = client.get(reverse("offers:form") + "?aufruf=" + appeal.slug)
    content = response.content.decode()
    assert "Für den Spendenaufruf „Schlafsäcke gesucht“: Schlafsack" in content
    assert f'value="{appeal.slug}"' in content
    data = {"offerer_kind": "private", "contact_name": "Erika Muster", "email": "erika@example.org",
            "description": "20 Schlafsäcke", "quantity": "20", "unit": "piece", "condition": "new",
            "location": "Dortmund", "appeal": appeal.slug, "dropoff_slot": ""}
    assert client.post(reverse("offers:form"), data).status_code == 302
    assert client.post(reverse("offers:check")).status_code == 302
    assert DonationOffer.objects.get().appeal == appeal


def test_report_lists_goods_per_destination_costs_and_participants(client):
    association = make_association()
    action = make_action()
    Participant.objects.create(action=action, kind=Participant.Kind.COMPANY, name="Muster-Spedition", role="fährt")
    item = make_item(name="Generator")
    make_shipment(source_association=association, lines=[(item, 4)], action=action,
                  status=Shipment.Status.DELIVERED, delivered_on=TODAY, destination_name="Antakya",
                  destination_country="TR", destination_city=None)
    make_donation(association=association, kind=Donation.Kind.PROCUREMENT, supplier="Großhandel",
                  cost=Decimal("250.00"), action=action, lines=[(item, 4)])
    content = client.get(reverse("actions:report", args=[action.slug])).content.decode().replace("\xa0", " ")
    assert "Antakya" in content and "4 Stück" in content and "Muster-Spedition" in content
    assert "250,00" in content and "1.000,00" in content


def test_report_pdf_is_tagged_pdf_ua_with_headings_and_tables(client):
    from tests.donations.test_pdf_tagging import assert_tagged

    association = make_association()
    action = make_action()
    make_shipment(source_association=association, lines=[(make_item(), 4)], action=action,
                  status=Shipment.Status.DELIVERED, delivered_on=TODAY)
    response = client.get(reverse("actions:report-pdf", args=[action.slug]))
    assert response["Content-Type"] == "application/pdf"
    types = assert_tagged(response.content, "Bericht: Winterhilfe")
    assert "/H2" in types and "/TH" in types


# --- staff and associations -----------------------------------------------------------------------------


def test_staff_page_shows_progress_needs_spent_vs_budget_and_overdue_tasks(client, staff_user):
    association = make_association()
    city = make_partner_city()
    action = make_action()
    item = make_item()
    make_need(item=item, partner_city=city, quantity=10, action=action, needed_from=TODAY - datetime.timedelta(1))
    make_shipment(source_association=association, destination_city=city, lines=[(item, 10)], action=action,
                  status=Shipment.Status.DELIVERED, delivered_on=TODAY)
    make_donation(association=association, kind=Donation.Kind.PROCUREMENT, supplier="X", cost=Decimal("1250.00"),
                  action=action, lines=[(item, 10)])
    Task.objects.create(action=action, title="Zollpapiere", due_on=TODAY - datetime.timedelta(days=2))
    client.force_login(staff_user)
    content = client.get(reverse("actions:staff-detail", args=[action.pk])).content.decode().replace("\xa0", " ")
    assert "1 von 1" in content  # needs covered
    assert "1.250,00 €" in content and "über dem Budget" in content
    assert "Beschaffungen" in content and "10 Stück" in content
    assert "überfällig" in content and "Zollpapiere" in content


def test_a_participating_association_sees_its_tasks_and_marks_only_its_own_done(client, member_a, association_a,
                                                                                 member_b):
    action = make_action()
    mine = Participant.objects.create(action=action, kind=Participant.Kind.ASSOCIATION, association=association_a,
                                      role="lädt")
    own = Task.objects.create(action=action, title="Ladezone buchen", participant=mine)
    other = Task.objects.create(action=action, title="Zoll", notes="intern")
    client.force_login(member_a)
    content = client.get(reverse("actions:staff-detail", args=[action.pk])).content.decode()
    assert "Ladezone buchen" in content and "Zoll" not in content.split("tasks-heading")[1].split("</section>")[0]
    assert "Status ändern" not in content
    assert client.post(reverse("actions:staff-task-status", args=[other.pk]), {"status": "done"}).status_code == 404
    assert client.post(reverse("actions:staff-status", args=[action.pk]), {"status": "completed"}).status_code == 403
    assert client.post(reverse("actions:staff-task-status", args=[own.pk]), {"status": "done"}).status_code == 302
    own.refresh_from_db()
    assert own.status == Task.Status.DONE and own.done_by == member_a

    client.force_login(member_b)
    assert client.get(reverse("actions:staff-detail", args=[action.pk])).status_code == 404


def test_staff_change_status_and_apply_a_template_through_the_page(client, staff_user):
    action = make_action(status=AidAction.Status.PLANNED)
    template = ChecklistTemplate.objects.create(name="Konvoi")
    ChecklistTemplateItem.objects.create(template=template, title="Transport", due_days=-7)
    client.force_login(staff_user)
    client.post(reverse("actions:staff-template", args=[action.pk]), {"template": template.pk})
    client.post(reverse("actions:staff-status", args=[action.pk]), {"status": "running"})
    action.refresh_from_db()
    assert action.status == AidAction.Status.RUNNING and action.tasks.get().title == "Transport"
    # A status the action can no longer reach: a message, no 500.
    response = client.post(reverse("actions:staff-status", args=[action.pk]), {"status": "planned"}, follow=True)
    assert response.status_code == 200 and "nicht (mehr) möglich" in response.content.decode()


# --- query counts -----------------------------------------------------------------------------------------


def _grow(action, n, association, city):
    for i in range(n):
        item = make_item()
        make_need(item=item, partner_city=city, action=action)
        make_shipment(source_association=association, destination_city=city, lines=[(item, 2)], action=action,
                      status=Shipment.Status.DELIVERED, delivered_on=TODAY)
        make_donation(association=association, lines=[(item, 3)], action=action)
        Task.objects.create(action=action, title=f"T{i}", due_on=TODAY)
        Participant.objects.create(action=action, kind=Participant.Kind.COMPANY, name=f"Firma {i}", role="hilft")
        make_shift(action, title=f"S{i}")
    appeal = make_appeal(action, slug=f"aufruf-{n}")
    for _ in range(n):
        AppealLine.objects.create(appeal=appeal, item=make_item(), quantity=1)


@pytest.mark.parametrize("name", ["actions:detail", "actions:report", "actions:staff-detail"])
def test_action_pages_make_the_same_number_of_queries_for_2_and_12_rows(client, staff_user, name):
    association, city = make_association(), make_partner_city()
    action = make_action()
    client.force_login(staff_user)  # a logged-in user skips the page cache
    url = reverse(name, args=[action.pk if name.startswith("actions:staff") else action.slug])
    _grow(action, 2, association, city)
    client.get(url)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as small:
        assert client.get(url).status_code == 200
    _grow(action, 10, association, city)
    client.get(url)  # the site-wide figures (demo banner) are cached once per data version
    with CaptureQueriesContext(conn) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), "\n".join(
        [q["sql"][:90] for q in small.captured_queries] + ["----"] + [q["sql"][:90] for q in large.captured_queries])


def test_the_public_list_makes_the_same_number_of_queries_for_3_and_9_actions(client, staff_user):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    crisis = make_crisis()
    client.force_login(staff_user)
    for i in range(3):
        make_action(crisis=crisis, slug=f"a{i}")
    client.get(reverse("actions:list"))
    with CaptureQueriesContext(conn) as small:
        client.get(reverse("actions:list"))
    for i in range(3, 9):
        make_action(crisis=crisis, slug=f"a{i}")
    client.get(reverse("actions:list"))
    with CaptureQueriesContext(conn) as large:
        client.get(reverse("actions:list"))
    assert len(large) == len(small)


def test_demo_data_has_a_running_and_a_completed_action_linked_to_shipments():
    call_command("seed_demo", stdout=io.StringIO())
    running = AidAction.objects.get(slug="winterhilfe-schytomyr")
    done = AidAction.objects.get(slug="erdbebenhilfe-2023")
    assert running.status == AidAction.Status.RUNNING and done.status == AidAction.Status.COMPLETED
    assert running.is_demo and done.is_demo
    assert running.shipments.exists() and done.shipments.exists() and running.bookings.exists()
    assert running.appeals.get().status == Appeal.Status.OPEN


# --- dashboard, home and crisis pages, sitemap ----------------------------------------------------------


def test_dashboard_shows_my_open_tasks_overdue_tasks_and_actions_by_status(client, staff_user):
    action = make_action()
    Task.objects.create(action=action, title="Meine Aufgabe", owner=staff_user, due_on=TODAY + datetime.timedelta(3))
    Task.objects.create(action=action, title="Zu spät", due_on=TODAY - datetime.timedelta(days=1))
    client.force_login(staff_user)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Meine Aufgabe" in content and "1 überfällige Aufgabe" in content and "Zu spät" in content
    assert "Läuft: 1" in content


def test_open_appeals_show_on_the_home_page_and_their_crisis_page_and_the_sitemap_lists_the_action(client):
    action = make_action()
    make_appeal(action)
    make_appeal(make_action(slug="alt", title="Alt"), slug="beendet", title="Beendeter Aufruf",
                status=Appeal.Status.CLOSED)
    home = client.get("/").content.decode()
    assert "Schlafsäcke gesucht" in home and "Beendeter Aufruf" not in home
    assert "Schlafsäcke gesucht" in client.get(action.crisis.get_absolute_url()).content.decode()
    sitemap = client.get("/sitemap-actions.xml").content.decode()
    assert f"/hilfsaktionen/{action.slug}/" in sitemap and f"/hilfsaktionen/{action.slug}/bericht/" in sitemap


def test_the_privacy_tools_find_export_and_erase_a_volunteer(staff_user):
    from dortmund_hilft import personal_data

    signup = services.sign_up(shift=make_shift(make_action()), name="Erika Muster", email="erika@example.org")
    sources = {source.model for source, _rows in personal_data.find("erika@example.org")}
    assert ShiftSignup in sources
    assert "token" not in personal_data.export("erika@example.org")
    personal_data.erase("erika@example.org", by=staff_user)
    signup.refresh_from_db()
    assert signup.email == "anonymisiert@invalid"
    assert not signup.history.filter(name="Erika Muster").exists()


def test_a_sign_up_sent_after_the_shift_started_gets_a_clear_page(client):
    shift = make_shift(make_action())
    url = reverse("actions:shift-signup", args=[shift.action.slug, shift.pk])
    VolunteerShift.objects.filter(pk=shift.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    response = client.post(url, {"name": "Erika", "email": "erika@example.org"})
    assert response.status_code == 200
    assert "nicht mehr anmelden" in response.content.decode() and not ShiftSignup.objects.exists()
