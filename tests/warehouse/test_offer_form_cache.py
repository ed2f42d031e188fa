"""The offer form's free drop-off times and its empty markup are stored until the plan or the hour changes."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from donations.models import DonationOffer
from partners.models import Association
from tests.factories import local_dt, make_association, make_bay, make_blocked_time, make_warehouse
from warehouse.booking.models import BlockedTime, Booking
from warehouse.booking.schedule import week_start
from warehouse.intake.services import dropoff_choices, dropoff_slots

FORM = reverse("offers:form")
ANSWERS = {
    "offerer_kind": "private", "organisation": "", "contact_name": "Erika Muster", "email": "erika@example.org",
    "phone": "0231 123456", "category": "", "description": "20 Schlafsäcke, neu", "quantity": "20",
    "unit": "piece", "condition": "new", "location": "Dortmund-Hörde", "dropoff_slot": "",
}


@pytest.fixture
def hall(db):
    operator = make_association(name="Grenzenlose Wärme e.V.", slug="gw",
                                warehouse_role=Association.WarehouseRole.OPERATOR)
    warehouse = make_warehouse(operator=operator)
    make_bay(warehouse, name="Tor 1")
    make_bay(warehouse, name="Tor 2")
    return warehouse


@pytest.fixture
def tuesday():
    return week_start(datetime.date.today()) + datetime.timedelta(days=8)


def block_all_bays(hall, start):
    for bay in hall.bays.all():
        make_blocked_time(warehouse=hall, bay=bay, start=start)


def test_the_empty_form_is_rendered_once_and_gets_a_fresh_token(client, hall, django_assert_max_num_queries):
    first = client.get(FORM).content.decode()

    with django_assert_max_num_queries(0):
        second = client.get(FORM).content.decode()

    token = 'name="csrfmiddlewaretoken" value="'
    assert token in second and "csrftokenplaceholder" not in second
    assert first.split(token)[1][:64] != second.split(token)[1][:64]
    assert first.split(token)[0] == second.split(token)[0]


def test_the_stored_form_can_be_sent_with_its_token(hall):
    client = Client(enforce_csrf_checks=True)
    client.get(FORM)  # stores the markup
    html = client.get(FORM).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = client.post(FORM, {**ANSWERS, "csrfmiddlewaretoken": token})

    assert response.status_code == 302


def test_a_new_booking_or_block_shows_at_once(client, hall, tuesday):
    ten = local_dt(tuesday, 10)
    assert ten.isoformat() in client.get(FORM).content.decode()

    block_all_bays(hall, ten)

    assert ten.isoformat() not in client.get(FORM).content.decode()
    assert ten not in dropoff_choices(hall)[0][tuesday]

    BlockedTime.objects.filter(warehouse=hall).delete()

    assert ten.isoformat() in client.get(FORM).content.decode()


def test_a_time_taken_without_a_signal_is_refused_when_sent(client, hall, tuesday):
    ten = local_dt(tuesday, 10)
    client.get(FORM)
    # Written past the signals (a bulk insert), so the stored list still offers the time.
    Booking.objects.bulk_create([
        Booking(association=hall.operator, bay=bay, start=ten, end=ten + datetime.timedelta(hours=1),
                purpose=Booking.Purpose.DELIVER, status=Booking.Status.CONFIRMED)
        for bay in hall.bays.all()
    ])
    assert ten in dropoff_choices(hall)[0][tuesday]

    client.post(FORM, {**ANSWERS, "dropoff_slot": ten.isoformat()})
    response = client.post(reverse("offers:check"))

    assert "Dieser Termin ist nicht mehr frei" in response.content.decode()
    assert not DonationOffer.objects.exists()


def test_the_stored_times_follow_the_clock(hall, tuesday):
    monday_evening = local_dt(tuesday - datetime.timedelta(days=8), 18)
    with time_machine.travel(monday_evening, tick=False):
        before = dropoff_choices(hall)[0]
    with time_machine.travel(monday_evening + datetime.timedelta(days=1), tick=False):
        after = dropoff_choices(hall)[0]

    assert min(before) < min(after)
    assert after == dropoff_slots(hall, now=monday_evening + datetime.timedelta(days=1))


def test_the_times_are_computed_with_a_fixed_number_of_queries(hall, tuesday, django_assert_num_queries):
    make_bay(hall, name="Tor 3")  # one query for every bay, not one per bay
    for hour in range(8, 12):
        block_all_bays(hall, local_dt(tuesday, hour))

    with django_assert_num_queries(6):
        slots = dropoff_slots(hall)

    assert local_dt(tuesday, 12) in slots[tuesday] and local_dt(tuesday, 10) not in slots[tuesday]


def test_a_fresh_visitor_gets_the_stored_page_with_a_token_of_their_own(hall, django_assert_num_queries):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page = first.get(reverse("offers:form")).content.decode()
    with django_assert_num_queries(0):  # the stored page: no plan, no categories, no template
        again = second.get(reverse("offers:form")).content.decode()

    def token(html):
        return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    assert "csrftokenplaceholder" not in again and token(page) != token(again)
    assert again.replace(token(again), "") == page.replace(token(page), "")
    answers = {
        "offerer_kind": "private", "contact_name": "Erika Muster", "email": "erika@example.org",
        "description": "Decken", "quantity": "5", "unit": "piece", "condition": "new", "location": "Hörde",
        "csrfmiddlewaretoken": token(again),
    }
    assert second.post(reverse("offers:form"), answers)["Location"] == reverse("offers:check")


def test_a_visitor_with_answers_in_the_session_gets_them_back_not_the_stored_page(client, hall):
    client.get(reverse("offers:form"))
    answers = {"offerer_kind": "private", "contact_name": "Erika Muster", "email": "erika@example.org",
               "description": "Zwölf Decken", "quantity": "12", "unit": "piece", "condition": "new",
               "location": "Hörde"}
    client.post(reverse("offers:form"), answers)
    assert "Zwölf Decken" in client.get(reverse("offers:form")).content.decode()
