"""Public drop-off wishes cannot close the hall: no quota until confirmed, a cap per day, bulk decline of bots."""

import contextlib
import datetime

import pytest
from django.urls import reverse

from donations.forms import DonationOfferForm
from donations.models import DonationOffer
from partners.models import Association
from tests.factories import local_dt, make_association, make_bay, make_booking, make_offer, make_warehouse
from warehouse.booking import services
from warehouse.booking.models import Booking
from warehouse.booking.schedule import BookingError, DropoffDayFull, week_start
from warehouse.intake.services import dropoff_slots, submit_offer

REVIEW = reverse("warehouse:operator-dropoffs")
ANSWERS = {
    "offerer_kind": "private", "organisation": "", "contact_name": "Erika Muster", "email": "erika@example.org",
    "phone": "0231 123456", "category": "", "description": "20 Schlafsäcke, neu", "quantity": "20",
    "unit": "piece", "condition": "new", "location": "Dortmund-Hörde", "dropoff_slot": "",
}


@pytest.fixture
def hall(db):
    """The operator's hall: one bay, open 07:00–19:00, 30-minute drop-offs, 10 hours a week per association."""
    operator = make_association(name="Grenzenlose Wärme e.V.", slug="gw",
                                warehouse_role=Association.WarehouseRole.OPERATOR)
    warehouse = make_warehouse(operator=operator, weekly_quota_hours=10)
    make_bay(warehouse, name="Tor 1")
    return warehouse


@pytest.fixture
def next_week():
    """Monday to Sunday of next week: past the notice time, inside the 14 days the offer form lists."""
    monday = week_start(datetime.date.today()) + datetime.timedelta(days=7)
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def send_offer(start, **answers):
    """An offer with a drop-off wish, as the public form sends it."""
    form = DonationOfferForm({**ANSWERS, **answers})
    assert form.is_valid(), form.errors
    return submit_offer(form=form, dropoff_start=start)


def dropoff(hall, start, **offer_fields):
    offer = make_offer(**offer_fields)
    return services.request_dropoff(warehouse=hall, offer=offer, start=start, note="")


def test_bot_wishes_use_no_quota_and_block_neither_the_operator_nor_a_real_donor(client, hall, next_week,
                                                                                 operator_user):
    for day in next_week[1:6]:  # 8 wishes a day, Tuesday to Saturday: 20 hours, twice the weekly quota
        for hour in range(8, 16):
            with contextlib.suppress(BookingError):  # a bot does not care
                send_offer(local_dt(day, hour), email=f"bot{hour}@example.net", description="Kisten")
    sunday = next_week[6]
    booking = services.book_slot(
        association=hall.operator, bay=hall.bays.get(), start=local_dt(sunday, 14), end=local_dt(sunday, 15),
        purpose=Booking.Purpose.DELIVER, by=operator_user,
    )
    assert booking.status == Booking.Status.REQUESTED

    wish = local_dt(sunday, 10)
    assert wish in dropoff_slots(hall)[sunday]  # listed, and so bookable
    client.post(reverse("offers:form"), {**ANSWERS, "dropoff_slot": wish.isoformat()})
    assert client.post(reverse("offers:check"))["Location"] == reverse("offers:done")
    assert Booking.objects.get(start=wish).donation_offer.email == "erika@example.org"
    assert Booking.objects.open_public_dropoffs().count() == 41


def test_a_confirmed_dropoff_counts_and_confirming_is_not_refused_by_the_quota(hall, next_week, operator_user):
    hall.weekly_quota_hours = 1
    hall.save()
    bay, tuesday = hall.bays.get(), next_week[1]
    make_booking(association=hall.operator, bay=bay, start=local_dt(tuesday, 8), status=Booking.Status.CONFIRMED)
    first, second = dropoff(hall, local_dt(tuesday, 10)), dropoff(hall, local_dt(tuesday, 11))
    services.confirm_booking(booking=first, by=operator_user)  # the operator's decision, past the quota
    with pytest.raises(BookingError, match="schon 1:30 Stunden gebucht"):
        services.book_slot(association=hall.operator, bay=bay, start=local_dt(tuesday, 14),
                           end=local_dt(tuesday, 14, 30), purpose=Booking.Purpose.DELIVER, by=operator_user)
    assert second.status == Booking.Status.REQUESTED


def test_public_dropoffs_are_never_confirmed_automatically(hall, next_week):
    hall.bays.update(auto_confirm=True)
    assert dropoff(hall, local_dt(next_week[1], 10)).status == Booking.Status.REQUESTED


def test_a_day_takes_at_most_the_cap_of_open_wishes(hall, next_week, settings, operator_user):
    settings.DROPOFF_OPEN_REQUESTS_PER_DAY = 2
    tuesday, wednesday = next_week[1], next_week[2]
    first = dropoff(hall, local_dt(tuesday, 8))
    dropoff(hall, local_dt(tuesday, 9))
    assert tuesday not in dropoff_slots(hall) and wednesday in dropoff_slots(hall)
    with pytest.raises(DropoffDayFull):
        dropoff(hall, local_dt(tuesday, 10))
    assert dropoff(hall, local_dt(wednesday, 10)).status == Booking.Status.REQUESTED
    services.decline_dropoffs(bookings=[first], by=operator_user)
    assert tuesday in dropoff_slots(hall)  # a decided wish no longer holds a place
    dropoff(hall, local_dt(tuesday, 10))


def test_a_stale_form_on_a_full_day_says_so_and_keeps_the_answers(client, hall, next_week, settings):
    settings.DROPOFF_OPEN_REQUESTS_PER_DAY = 1
    wish = local_dt(next_week[1], 10)
    client.post(reverse("offers:form"), {**ANSWERS, "dropoff_slot": wish.isoformat()})
    dropoff(hall, local_dt(next_week[1], 8))  # someone else fills the day meanwhile

    response = client.post(reverse("offers:check"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {"dropoff_slot": [
        "Für diesen Tag nehmen wir keine weiteren Abgabewünsche an. Bitte wählen Sie einen anderen Tag "
        "oder „Noch kein Termin“. Ihr Angebot können Sie auch ohne Termin senden."
    ]}
    assert 'id="id_dropoff_slot_error"' in html and "20 Schlafsäcke, neu" in html and "Dortmund-Hörde" in html
    assert DonationOffer.objects.count() == 1  # only the other one

    client.post(reverse("offers:form"), {**ANSWERS, "dropoff_slot": ""})  # send it without a time
    assert client.post(reverse("offers:check"))["Location"] == reverse("offers:done")
    assert DonationOffer.objects.order_by("pk").last().dropoff_wish is None


def test_the_day_filling_up_while_sending_is_refused_under_the_lock(client, hall, next_week, settings, monkeypatch):
    settings.DROPOFF_OPEN_REQUESTS_PER_DAY = 1
    wish = local_dt(next_week[1], 10)
    client.post(reverse("offers:form"), {**ANSWERS, "dropoff_slot": wish.isoformat()})
    # The form was checked before another submission took the day's last place.
    dropoff(hall, local_dt(next_week[1], 8))
    monkeypatch.setattr("warehouse.intake.views.dropoff_choices", lambda warehouse: ({next_week[1]: [wish]}, set()))
    response = client.post(reverse("offers:check"))
    assert "Für diesen Tag nehmen wir keine weiteren Abgabewünsche an." in response.content.decode()
    assert DonationOffer.objects.count() == 1  # only the other one


# --- the operator's review page ---

def test_the_review_lists_open_public_wishes_with_hints(client, hall, next_week, operator_user, association_a):
    tuesday = next_week[1]
    bots = [dropoff(hall, local_dt(tuesday, 8 + n), email="bot@spam.example", description="Kisten") for n in range(5)]
    donor = dropoff(hall, local_dt(next_week[2], 9), email="erika@example.org", description="Ein Kinderwagen")
    make_booking(association=association_a, bay=hall.bays.get(), start=local_dt(next_week[3], 9))  # not public
    client.force_login(operator_user)
    response = client.get(REVIEW)
    rows = {row.booking: row.flags for row in response.context["rows"]}
    assert list(rows) == [*bots, donor]
    assert rows[bots[0]] == [
        "Gleiche E-Mail-Adresse wie 4 andere offene Anfragen", "Gleiche Beschreibung wie 4 andere offene Anfragen",
        "6 Anfragen innerhalb von 10 Minuten",
    ]
    html = response.content.decode()
    assert bots[0].donation_offer.reference in html and "spam.example" in html and "bot@spam.example" not in html
    assert f'<label class="kern-label" for="abgabe-{donor.pk}">' in html and "<legend" in html
    assert 'scope="col"' in html and 'scope="row"' in html


@pytest.mark.parametrize("rows", [3, 30])
def test_the_review_query_count_does_not_grow(client, hall, operator_user, rows, django_assert_num_queries):
    bay = hall.bays.get()
    start = local_dt(week_start(datetime.date.today()) + datetime.timedelta(days=8), 7)
    for n in range(rows):
        make_booking(association=hall.operator, bay=bay, start=start + datetime.timedelta(minutes=10 * n),
                     minutes=10, purpose=Booking.Purpose.DONATION_DROPOFF, donation_offer=make_offer())
    client.force_login(operator_user)
    # session, user, the user's role groups, the wishes with their offers and bays
    with django_assert_num_queries(4):
        client.get(REVIEW)


def test_bulk_decline_declines_the_wishes_and_their_offers(client, hall, next_week, staff_user, mailoutbox):
    bots = [dropoff(hall, local_dt(next_week[1], 8 + n), email="bot@spam.example") for n in range(3)]
    donor = dropoff(hall, local_dt(next_week[2], 9))
    mailoutbox.clear()
    client.force_login(staff_user)
    response = client.post(REVIEW, {"bookings": [b.pk for b in bots]}, follow=True)
    assert response.redirect_chain == [(REVIEW, 302)]
    assert "3 Abgabewünsche sind abgelehnt, mit ihren Angeboten." in response.content.decode()
    for booking in bots:
        booking.refresh_from_db()
        assert (booking.status, booking.decided_by) == (Booking.Status.DECLINED, staff_user)
        assert booking.donation_offer.status == DonationOffer.Status.DECLINED
    assert list(response.context["rows"])[0].booking == donor
    assert mailoutbox == []  # no mail to the bots' addresses nor to the operator about its own decision


def test_bulk_decline_skips_wishes_decided_meanwhile_and_says_so(client, hall, next_week, operator_user):
    confirmed, open_one = dropoff(hall, local_dt(next_week[1], 8)), dropoff(hall, local_dt(next_week[1], 9))
    services.confirm_booking(booking=confirmed, by=operator_user)
    client.force_login(operator_user)
    response = client.post(REVIEW, {"bookings": [confirmed.pk, open_one.pk]}, follow=True)
    html = response.content.decode()
    assert "1 Abgabewunsch ist abgelehnt, mit seinem Angebot." in html
    assert f"1 Abgabewunsch war schon entschieden und bleibt, wie er ist: {confirmed.donation_offer.reference}." in html
    confirmed.refresh_from_db()
    assert confirmed.status == Booking.Status.CONFIRMED
    assert confirmed.donation_offer.status == DonationOffer.Status.NEW


def test_bulk_decline_without_a_choice_says_so(client, hall, next_week, operator_user):
    dropoff(hall, local_dt(next_week[1], 8))
    client.force_login(operator_user)
    response = client.post(REVIEW, {})
    assert response.status_code == 200
    assert response.context["form"].errors == {"bookings": ["Wählen Sie mindestens einen Abgabewunsch aus."]}
    assert "<title>Fehler: " in response.content.decode()


def test_bulk_decline_refuses_wrong_methods_and_outsiders(client, hall, next_week, operator_user, member_a):
    booking = dropoff(hall, local_dt(next_week[1], 8))
    response = client.post(REVIEW, {"bookings": [booking.pk]})
    assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")
    client.force_login(member_a)
    assert client.get(REVIEW).status_code == 403
    assert client.post(REVIEW, {"bookings": [booking.pk]}).status_code == 403
    client.force_login(operator_user)
    assert client.put(REVIEW).status_code == 405
    assert client.delete(REVIEW).status_code == 405
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED
