"""Parallel clicks through the real server: every state change holds (issue 8).

gunicorn with four workers serves the test database (tests/ops/server.py). Each test lets two to
four people (operators, staff, a member) open their pages, then sends their POSTs together and
checks the rows: the final state is one that some order of those clicks, one after the other,
could have produced; the status history only moves forward; the stock level of each (item,
association) equals the sum of its ledger movements and is not negative; and nothing happened
twice (dispatch movements, donations, associations, accounts, mails). Each race runs ROUNDS rounds
on fresh objects, and all rounds run before the assertion, which lists every round's responses and
final state, so a failure shows how often and how it went wrong (`-s` or `-rA` shows them on
success too).

Before the rounds, each test checks that the clicks it races work on their own, so a renamed action
or a refused form cannot make a race pass by never happening. Each visitor loads a page once for its
CSRF token; the forms carry nothing else, so every later POST is one from a page left open.

    DATABASE_URL=postgres://… pytest -p no:xdist tests/ops/test_races.py -rA
    DH_RACE_ROUNDS=50 …   # to hunt a rare interleaving
"""
import datetime
import itertools
import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from donations.models import Donation, DonationOffer, Donor, Shipment, ShipmentEvent
from partners.models import Association, Membership
from tests.conftest import MEMBER_GROUP, OPERATOR_GROUP, STAFF_GROUP
from tests.factories import (
    days_ahead,
    give_stock,
    local_dt,
    make_association,
    make_bay,
    make_item,
    make_membership,
    make_offer,
    make_shipment,
    make_user,
    make_warehouse,
)
from tests.ops.server import Browser, answered, race, serve, statuses
from warehouse.booking.models import Booking, CalendarFeed
from warehouse.booking.schedule import week_start
from warehouse.intake import drafts
from warehouse.intake.models import CoUseApplication
from warehouse.intake.views import SESSION_ANSWERS
from warehouse.stock.models import StockLevel, StockMovement, Stocktake

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    # Committed at once, so the server sees it; emptied after each test.
    pytest.mark.django_db(transaction=True),
]

ROUNDS = int(os.environ.get("DH_RACE_ROUNDS", "5"))

Status = Shipment.Status
OfferStatus = DonationOffer.Status
CoUseStatus = CoUseApplication.Status

# Where each status may go next, directly or through others: a history that steps back is a lost update.
SHIPMENT_FORWARD = {
    Status.PLANNED: {Status.PACKING, Status.IN_TRANSIT, Status.DELIVERED, Status.CANCELLED},
    Status.PACKING: {Status.IN_TRANSIT, Status.DELIVERED, Status.CANCELLED},
    Status.IN_TRANSIT: {Status.DELIVERED},
}
OFFER_FORWARD = {
    OfferStatus.NEW: {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.RECEIVED},
    OfferStatus.ACCEPTED: {OfferStatus.DECLINED, OfferStatus.RECEIVED},
}
CO_USE_FORWARD = {CoUseStatus.NEW: {CoUseStatus.APPROVED, CoUseStatus.DECLINED}}


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    with serve(tmp_path_factory.mktemp("gunicorn"), workers=4) as running:
        yield running


# --- what every round checks


class Rounds:
    """The observations of all rounds of one race; `check()` fails listing every round."""

    def __init__(self, server, title):
        self.server = server
        self.title = title
        self.rows = []

    def add(self, responses, state, problems):
        if not answered(responses):
            problems = [f"not every request was answered below 500: {statuses(responses)}", *problems]
        self.rows.append((statuses(responses), state, problems))

    def check(self):
        lines = [f"{self.title}:"] + [
            f"  round {n}: {'ILLEGAL' if problems else 'ok'} responses={answers} state={state}"
            + "".join(f"\n      - {problem}" for problem in problems)
            for n, (answers, state, problems) in enumerate(self.rows, 1)
        ]
        report = "\n".join(lines)
        print(report)  # shown with -s or -rA: the record of observed states
        failed = [row for row in self.rows if row[2]]
        if failed:
            tail = self.server.errors()[-4000:]
            pytest.fail(f"{len(failed)} of {len(self.rows)} rounds ended in an illegal state.\n{report}\n"
                        f"--- end of the server's log ---\n{tail}", pytrace=False)


def ledger_problems(*associations):
    """Each level of these associations equals the sum of its movements and is not negative."""
    movements = StockMovement.objects.filter(association__in=associations)
    totals = {
        (row["item"], row["association"]): row["total"]
        for row in movements.values("item", "association").annotate(total=Sum("quantity"))
    }
    levels = {(level.item_id, level.association_id): level.quantity
              for level in StockLevel.objects.filter(association__in=associations)}
    problems = []
    for key in sorted(set(totals) | set(levels)):
        level, total = levels.get(key, 0), totals.get(key, 0)
        if level != total or level < 0:
            problems.append(f"item {key[0]} of association {key[1]}: level {level}, ledger {total}")
    return problems


def path_problems(obj, forward):
    """The statuses the object went through (its history, then now) only ever move forward."""
    steps = [h.status for h in obj.history.order_by("history_date", "history_id")] + [obj.status]
    path = [status for n, status in enumerate(steps) if n == 0 or status != steps[n - 1]]
    backwards = [f"{a} → {b}" for a, b in zip(path, path[1:], strict=False) if b not in forward.get(a, set())]
    return [f"status went {', '.join(backwards)} (path {' → '.join(path)})"] if backwards else []


def operator():
    return make_user(groups=[OPERATOR_GROUP], is_staff=True)


def staff():
    return make_user(groups=[STAFF_GROUP], is_staff=True)


# --- shipments: pack / dispatch, cancel / dispatch


def shipment_url(shipment):
    return reverse("stock:shipment", args=[shipment.pk])


def planned_shipment(association, status=Status.PLANNED):
    item = make_item()
    give_stock(item, association, 10)
    shipment = make_shipment(source_association=association, lines=[(item, 4)], planned_on=timezone.localdate(),
                             status=status)
    return shipment, item


def shipment_state(shipment, item):
    shipment.refresh_from_db()
    dispatches = list(StockMovement.objects.filter(shipment=shipment, kind=StockMovement.Kind.DISPATCH)
                      .values_list("quantity", flat=True))
    level = StockLevel.objects.get(item=item, association=shipment.source_association).quantity
    events = shipment.events.filter(kind=ShipmentEvent.Kind.DISPATCHED).count()
    state = {"status": shipment.status, "dispatch_movements": dispatches, "level": level, "dispatch_events": events}
    problems = ledger_problems(shipment.source_association) + path_problems(shipment, SHIPMENT_FORWARD)
    if shipment.status in (Status.IN_TRANSIT, Status.DELIVERED):
        if dispatches != [-4] or level != 6 or events != 1 or shipment.dispatched_at is None:
            problems.append("dispatched, but not exactly once: one movement of -4, level 6, one event expected")
    elif dispatches or level != 10 or events or shipment.dispatched_at is not None:
        problems.append(f"{shipment.status}, but stock was booked out for it")
    return state, problems


def shipment_browsers(server):
    return Browser(server).login_as(operator()), Browser(server).login_as(operator())


def test_pack_and_dispatch_at_once_dispatch_once(server):
    first, second = shipment_browsers(server)
    association = make_association()
    alone, _ = planned_shipment(association)
    first.open(shipment_url(alone))
    assert first.post(shipment_url(alone), {"aktion": "pack"}).status == 302
    alone.refresh_from_db()
    assert alone.status == Status.PACKING

    second.open(shipment_url(alone))
    rounds = Rounds(server, "pack + dispatch + pack + dispatch, two operators with the page open")
    for _round in range(ROUNDS):
        shipment, item = planned_shipment(association)
        url = shipment_url(shipment)
        responses = race([
            (first, "POST", url, {"aktion": "pack"}), (second, "POST", url, {"aktion": "dispatch"}),
            (second, "POST", url, {"aktion": "pack"}), (first, "POST", url, {"aktion": "dispatch"}),
        ])
        state, problems = shipment_state(shipment, item)
        if shipment.status != Status.IN_TRANSIT:
            problems.append("a dispatch was clicked on an open shipment, so it should be in transit")
        rounds.add(responses, state, problems)
    rounds.check()


def test_cancel_and_dispatch_at_once_leave_a_consistent_shipment(server):
    first, second = shipment_browsers(server)
    association = make_association()
    alone, _ = planned_shipment(association)
    first.open(shipment_url(alone))
    assert first.post(shipment_url(alone), {"aktion": "cancel", "reason": "Lkw fällt aus"}).status == 302
    alone.refresh_from_db()
    assert alone.status == Status.CANCELLED

    second.open(shipment_url(alone))
    rounds = Rounds(server, "cancel + dispatch + dispatch + dispatch, two operators with the page open")
    for n in range(ROUNDS * 2):
        shipment, item = planned_shipment(association, status=Status.PACKING if n % 2 else Status.PLANNED)
        url = shipment_url(shipment)
        cancel = {"aktion": "cancel", "reason": "Grenze geschlossen"}
        # One cancel against several dispatch clicks: a cancel from the stale page must not come last.
        responses = race([
            (first, "POST", url, cancel), (second, "POST", url, {"aktion": "dispatch"}),
            (first, "POST", url, {"aktion": "dispatch"}), (second, "POST", url, {"aktion": "dispatch"}),
        ])
        state, problems = shipment_state(shipment, item)
        if shipment.status not in (Status.CANCELLED, Status.IN_TRANSIT):
            problems.append("neither cancelled nor in transit")
        rounds.add(responses, state, problems)
    rounds.check()


# --- donation offers: accept / decline (admin) and receive (operator page)


def test_accept_decline_and_receive_of_an_offer_at_once(server):
    desk = Browser(server).login_as(staff())
    hall = Browser(server).login_as(operator())
    item = make_item()
    changelist = reverse("admin:donations_donationoffer_changelist")

    def action(name, offer):
        data = {"action": name, "_selected_action": offer.pk, "index": 0, "select_across": 0}
        if name == "decline_offers":  # sent from the action's page that asks for the reason
            data.update(apply="1", reason_kind=DonationOffer.DeclineReason.values[0], reason="")
        return data

    desk.open(changelist)
    for name, expected in (("accept_offers", OfferStatus.ACCEPTED), ("decline_offers", OfferStatus.DECLINED)):
        alone = make_offer()
        assert desk.post(changelist, action(name, alone)).status == 302
        alone.refresh_from_db()
        assert alone.status == expected, name

    rounds = Rounds(server, "admin accept + admin decline + receive + receive (double click)")
    for n in range(ROUNDS):
        association = make_association()  # receives the goods: its stock is this round's alone
        offer = make_offer(email=f"spender{n}@example.org", quantity=12)
        receive_url = reverse("stock:offer-receive", args=[offer.pk])
        receive = {"item": item.pk, "quantity": 12, "association": association.pk}
        if hall.csrf_token is None:
            hall.open(receive_url)
        responses = race([
            (desk, "POST", changelist, action("accept_offers", offer)),
            (hall, "POST", receive_url, receive),
            (desk, "POST", changelist, action("decline_offers", offer)),
            (hall, "POST", receive_url, receive),
        ])
        offer.refresh_from_db()
        donations = Donation.objects.filter(receiving_association=association)
        donors = Donor.objects.filter(email=offer.email).count()
        receipts = list(StockMovement.objects.filter(donation__in=donations).values_list("quantity", flat=True))
        state = {"status": offer.status, "donation": offer.donation_id, "donations": donations.count(),
                 "receipts": receipts, "donors": donors}
        problems = ledger_problems(association) + path_problems(offer, OFFER_FORWARD)
        if offer.status == OfferStatus.RECEIVED:
            if offer.donation_id is None or donations.count() != 1 or receipts != [12] or donors > 1:
                problems.append("received, but not exactly one donation of 12 booked in and linked")
        elif offer.status == OfferStatus.DECLINED:
            if donations.exists() or receipts or offer.donation_id or donors:
                problems.append("declined, but goods were booked in for it")
        else:
            problems.append("a decline and a receive were sent, so the offer must be closed")
        rounds.add(responses, state, problems)
    rounds.check()


# --- co-use applications: approve twice, approve / decline


_applications = itertools.count(1)


def co_use_application():
    # Numbered across the module: the server's mail log outlives each test's database.
    n = next(_applications)
    return CoUseApplication.objects.create(
        association_name=f"Hilfe Runde {n} e.V.", contact_name=f"Person {n}", email=f"antrag{n}@example.org",
        phone="0231 1", goods="Kartons mit Kleidung", frequency=CoUseApplication.Frequency.MONTHLY,
        storage_need="zwei Paletten",
    )


def co_use_state(server, application):
    application.refresh_from_db()
    email, name = application.email, application.association_name
    users = get_user_model().objects.filter(email__iexact=email)
    associations = Association.objects.filter(name__iexact=name)
    memberships = Membership.objects.filter(user__in=users)
    texts = server.mails_to(email)
    mails, password_links = len(texts), sum("passwort-neu" in text for text in texts)
    state = {"status": application.status, "associations": associations.count(), "users": users.count(),
             "memberships": memberships.count(), "mails": mails, "password_links": password_links}
    problems = path_problems(application, CO_USE_FORWARD)
    if application.status == CoUseStatus.APPROVED:
        if (associations.count(), users.count(), memberships.count(), mails, password_links) != (1, 1, 1, 1, 1):
            problems.append("approved, but not exactly one association, account, membership and mail with a "
                            "link to set the password")
        elif application.association_id != associations.get().pk or memberships.get().association_id != \
                application.association_id:
            problems.append("the application, the membership and the new association do not match")
    elif application.status == CoUseStatus.DECLINED:
        if associations.exists() or users.exists() or memberships.exists() or mails != 1 or password_links:
            problems.append("declined, but an association or account was made, or not exactly one mail went out")
    else:
        problems.append("still new after being decided")
    return state, problems


def admin_action(name, application):
    return {"action": name, "_selected_action": application.pk, "index": 0, "select_across": 0}


def co_use_changelist():
    return reverse(f"admin:{CoUseApplication._meta.app_label}_couseapplication_changelist")


def test_approving_a_co_use_application_twice_makes_one_association_and_one_invitation(server):
    make_user(groups=[MEMBER_GROUP])  # accounts and associations around that are not theirs
    make_association(name="Ein anderer Verein e.V.")
    first = Browser(server).login_as(staff())
    colleague = Browser(server).login_as(staff())
    url = co_use_changelist()
    first.open(url)
    colleague.open(url)

    rounds = Rounds(server, "approve + approve (double click) + approve by a colleague")
    for _round in range(ROUNDS):
        application = co_use_application()
        responses = race([
            (first, "POST", url, admin_action("approve", application)),
            (first, "POST", url, admin_action("approve", application)),
            (colleague, "POST", url, admin_action("approve", application)),
        ])
        state, problems = co_use_state(server, application)
        if application.status != CoUseStatus.APPROVED:
            problems.append("only approvals were sent")
        rounds.add(responses, state, problems)
    rounds.check()


def test_approving_and_declining_a_co_use_application_at_once_decides_it_once(server):
    first = Browser(server).login_as(staff())
    colleague = Browser(server).login_as(staff())
    url = co_use_changelist()
    alone = co_use_application()
    first.open(url)
    colleague.open(url)
    assert first.post(url, admin_action("decline", alone)).status == 302
    alone.refresh_from_db()
    assert alone.status == CoUseStatus.DECLINED

    rounds = Rounds(server, "approve + decline + approve + decline, two members of staff")
    for _round in range(ROUNDS):
        application = co_use_application()
        responses = race([
            (first, "POST", url, admin_action("approve", application)),
            (colleague, "POST", url, admin_action("decline", application)),
            (colleague, "POST", url, admin_action("approve", application)),
            (first, "POST", url, admin_action("decline", application)),
        ])
        rounds.add(responses, *co_use_state(server, application))
    rounds.check()


# --- stocktakes: start twice, close / count


def test_starting_a_stocktake_twice_opens_one(server):
    first = Browser(server).login_as(operator())
    second = Browser(server).login_as(operator())
    url = reverse("stock:stocktakes")
    first.open(url)
    second.open(url)
    rounds = Rounds(server, "start + start + start + start for the same association, two operators")
    for _round in range(ROUNDS):
        association = make_association()
        give_stock(make_item(), association, 3)
        data = {"association": association.pk, "note": ""}
        responses = race([(first, "POST", url, data), (second, "POST", url, data)] * 2)
        open_ones = Stocktake.objects.open().filter(association=association).count()
        rounds.add(responses, {"open_stocktakes": open_ones},
                   [] if open_ones == 1 else [f"{open_ones} open stocktakes for one association"])
    rounds.check()


def test_closing_a_stocktake_while_counting_loses_no_count(server):
    first = Browser(server).login_as(operator())
    second = Browser(server).login_as(operator())
    start_url = reverse("stock:stocktakes")
    first.open(start_url)
    second.open(start_url)

    rounds = Rounds(server, "finalise + count (changed) + count (new line) + finalise (double click)")
    for _round in range(ROUNDS):
        association = make_association()
        counted_before, counted_new = make_item(), make_item()
        give_stock(counted_before, association, 10)
        give_stock(counted_new, association, 5)
        assert first.post(start_url, {"association": association.pk, "note": ""}).status == 302
        stocktake = Stocktake.objects.get(association=association)
        url = reverse("stock:stocktake", args=[stocktake.pk])
        finalise_url = reverse("stock:stocktake-finalise", args=[stocktake.pk])
        assert first.post(url, {"item": counted_before.pk, "counted": 8}).status == 302
        responses = race([
            (first, "POST", finalise_url, {}),
            (second, "POST", url, {"item": counted_before.pk, "counted": 7}),
            (second, "POST", url, {"item": counted_new.pk, "counted": 6}),
            (first, "POST", finalise_url, {}),
        ])
        stocktake.refresh_from_db()
        levels = dict(StockLevel.objects.filter(association=association).values_list("item", "quantity"))
        counts = list(stocktake.counts.all())
        movements = list(StockMovement.objects.filter(stocktake=stocktake).values_list("item", "quantity"))
        state = {"closed": stocktake.finalised_at is not None,
                 "counts": {c.item_id: c.counted for c in counts}, "levels": levels, "count_movements": movements}
        problems = ledger_problems(association)
        if stocktake.finalised_at is None:
            problems.append("two finalise clicks, and the stocktake is still open")
        for count in counts:
            if levels.get(count.item_id, 0) != count.counted:
                problems.append(f"item {count.item_id}: counted {count.counted}, but the level is "
                                f"{levels.get(count.item_id, 0)} (a count written while or after closing)")
            if stocktake.finalised_at and count.counted_at > stocktake.finalised_at:
                problems.append(f"item {count.item_id} was counted after the stocktake was closed")
        items = [item for item, _quantity in movements]
        if len(items) != len(set(items)):
            problems.append("a difference was booked twice")
        rounds.add(responses, state, problems)
    rounds.check()


# --- member pages: the calendar (finding 8) and a booking sent twice


def _pbkdf2(password):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt(), iterations=1000)  # the server upgrades it on login


def test_two_parallel_loads_of_the_calendar_page_do_not_fail(server):
    member = make_user(groups=[MEMBER_GROUP])
    member.password = _pbkdf2("kalender-passwort-1")  # the tests hash with MD5, which the server does not know
    member.save(update_fields=["password"])
    make_membership(member, make_association())
    browser = Browser(server).login_with_password(member.username, "kalender-passwort-1")
    url = reverse("warehouse:calendar")
    try:
        create_name = "warehouse:calendar-create"
        reverse(create_name, args=[1])
    except NoReverseMatch:  # the page made the feed on GET before issue 8
        create_name = None

    rounds = Rounds(server, "four loads of /lager/kalender/ at once, an association without a feed yet"
                    + (", then two clicks on its create button at once" if create_name else ""))
    for _round in range(ROUNDS):
        association = make_association()
        make_membership(member, association)
        responses = race([(browser, "GET", url)] * 4)
        feeds_after_loads = CalendarFeed.objects.filter(association=association).count()
        problems = [] if feeds_after_loads <= 1 else [f"{feeds_after_loads} calendar feeds for one association"]
        if not all(getattr(r, "status", None) == 200 for r in responses):
            problems.append("not every load showed the page")
        state = {"feeds_after_loads": feeds_after_loads}
        if create_name:
            create_url = reverse(create_name, args=[association.pk])
            browser.open(url)
            clicks = race([(browser, "POST", create_url, {})] * 2)
            responses += clicks
            state["feeds_after_clicks"] = CalendarFeed.objects.filter(association=association).count()
            if state["feeds_after_clicks"] != 1:
                problems.append("two clicks on the create button, and not exactly one feed")
        rounds.add(responses, state, problems)
    rounds.check()


def test_a_booking_sent_twice_at_once_books_once(server):
    association = make_association()
    member = make_user(groups=[MEMBER_GROUP])
    make_membership(member, association)
    bay = make_bay(make_warehouse())
    browser = Browser(server).login_as(member)
    url = reverse("warehouse:booking-create")
    browser.open(f"{url}?bay={bay.pk}&week={week_start(days_ahead(3)).isoformat()}")

    rounds = Rounds(server, "the same booking form sent twice at once (double click)")
    for n in range(ROUNDS):
        day = days_ahead(3 + n // 20)  # half-hour slots from 08:00, 20 a day
        start = local_dt(day, 8) + datetime.timedelta(minutes=30 * (n % 20))
        data = {"bay": bay.pk, "week": week_start(day).isoformat(), "start": start.isoformat(), "duration": 30,
                "purpose": "deliver", "note": f"Runde {n}"}
        responses = race([(browser, "POST", url, data), (browser, "POST", url, data)])
        booked = Booking.objects.filter(bay=bay, start=start).count()
        problems = [] if booked == 1 else [f"{booked} bookings for one slot"]
        if not any(getattr(r, "status", None) == 302 for r in responses):
            problems.append("neither request booked")
        rounds.add(responses, {"bookings": booked}, problems)
    rounds.check()


def test_dropoff_wishes_sent_at_once_do_not_pass_the_days_cap(server):
    operator_association = make_association(warehouse_role=Association.WarehouseRole.OPERATOR)
    bay = make_bay(make_warehouse(operator=operator_association))
    cap = settings.DROPOFF_OPEN_REQUESTS_PER_DAY  # the server reads the same environment
    url = reverse("offers:check")

    rounds = Rounds(server, "the last drop-off place of a day wished for by four people at once")
    for n in range(min(ROUNDS, 2)):  # four public form posts a round, within the per-address rate limit
        day = days_ahead(3 + n)
        for hour in range(cap - 1):  # the day has one place left
            Booking.objects.create(
                association=operator_association, bay=bay, start=local_dt(day, 7 + hour),
                end=local_dt(day, 7 + hour, 30), purpose=Booking.Purpose.DONATION_DROPOFF, donation_offer=make_offer(),
            )
        requests = []
        for person in range(4):
            client = Client()
            session = client.session
            session[SESSION_ANSWERS] = drafts.stored({
                "offerer_kind": "private", "contact_name": "Erika Muster", "email": f"person{n}{person}@example.org",
                "description": "Decken", "quantity": "5", "unit": "piece", "condition": "new", "location": "Hörde",
                "dropoff_slot": timezone.localtime(local_dt(day, 15 + person)).isoformat(),
            })
            session.save()
            browser = Browser(server)
            browser.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
            browser.open(url)
            requests.append((browser, "POST", url, {}))
        responses = race(requests)
        wishes = Booking.objects.open_public_dropoffs()
        on_the_day = wishes.filter(start__gte=local_dt(day, 0), end__lte=local_dt(day, 23))
        booked = on_the_day.filter(start__gte=local_dt(day, 15)).count()
        problems = [] if booked == 1 else [f"{booked} wishes got the day's last place"]
        rounds.add(responses, {"won": booked, "open_on_the_day": on_the_day.count()}, problems)
    rounds.check()
