"""Needs lists through a partner's personal link: sending, the staff review into needs, the contact's view."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from donations.models import Need, Priority
from donations.partner_requests import NeedsRequest, RequestError, accept_needs_request, submit_needs_request
from tests.donations.partner_support import make_contact, needs_link
from tests.factories import make_item, make_need, make_user

pytestmark = pytest.mark.django_db


def form_data(rows, **fields):
    data = {"institution": "Krankenhaus Nr. 1", "deadline": "", "note": "", "pos-TOTAL_FORMS": str(len(rows)),
            "pos-INITIAL_FORMS": "0", "pos-MIN_NUM_FORMS": "0", "pos-MAX_NUM_FORMS": "40", "senden": "1"}
    data.update(fields)
    for index, row in enumerate(rows):
        for name, value in {"item": "", "description": "", "quantity": "", "unit": "piece", "priority": "3",
                            **row}.items():
            data[f"pos-{index}-{name}"] = str(value)
    return data


@pytest.fixture
def link(db):
    return needs_link(make_contact(language="de"))


def request_with(link, *lines, deadline=None):
    return submit_needs_request(link=link, institution="Feuerwehr", deadline=deadline, note="", lines=[
        {"item": item, "description": text, "quantity": quantity, "unit": "piece", "priority": Priority.NORMAL}
        for item, text, quantity in lines
    ])


def test_it_shows_the_form_and_the_contacts_requests_only(client, link):
    other = needs_link(make_contact())
    request_with(other, (None, "Verbandsmaterial anderer", 5))
    mine = request_with(link, (None, "Generatoren", 2))
    page = client.get(reverse("partner:home", args=[link.token]))
    assert page.status_code == 200
    body = page.content.decode()
    assert mine.reference in body and "Generatoren" in body
    assert "Verbandsmaterial anderer" not in body
    assert page["Referrer-Policy"] == "same-origin"
    assert "noindex" in page["X-Robots-Tag"] and '<meta name="robots" content="noindex' in body
    assert "no-store" in page["Cache-Control"]


def test_the_pages_follow_the_contacts_language(client):
    link = needs_link(make_contact(language="uk"))
    for page in ("partner:home", "partner:request"):
        assert '<html lang="uk">' in client.get(reverse(page, args=[link.token])).content.decode()


def test_a_needs_list_is_stored_with_catalogue_and_free_text_lines(client, link):
    beds = make_item(name="Krankenhausbett")
    response = client.post(reverse("partner:request", args=[link.token]), form_data([
        {"item": beds.pk, "quantity": 20, "priority": 1}, {"description": "Insulin-Kühlboxen", "quantity": 4}, {},
    ], deadline=(timezone.localdate() + datetime.timedelta(days=30)).isoformat()))
    assert response.status_code == 302
    request = NeedsRequest.objects.get()
    assert request.contact == link.contact and request.link == link
    assert [(line.item, line.description, line.quantity) for line in request.lines.all()] == [
        (beds, "", 20), (None, "Insulin-Kühlboxen", 4)]
    assert request.status == NeedsRequest.Status.RECEIVED


def test_bad_rows_are_named_and_nothing_typed_is_lost(client, link):
    response = client.post(reverse("partner:request", args=[link.token]), form_data([
        {"description": "Decken"}, {"quantity": "viele"}]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Fehler: " in body
    assert "Geben Sie eine Menge ein." in body
    assert 'value="Decken"' in body
    assert not NeedsRequest.objects.exists()


def test_an_empty_list_is_refused(client, link):
    response = client.post(reverse("partner:request", args=[link.token]), form_data([{}, {}]))
    assert "Geben Sie mindestens eine Position an." in response.content.decode()


def test_more_rows_keeps_what_was_typed_and_checks_nothing(client, link):
    data = form_data([{"description": "Decken", "quantity": 3}] + [{}] * 4, **{"weitere-zeilen": "1"})
    del data["senden"]
    response = client.post(reverse("partner:request", args=[link.token]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('name="pos-') >= 10 * 5 - 5  # ten rows now
    assert 'value="Decken"' in body and "Fehler" not in body
    assert not NeedsRequest.objects.exists()


def test_accepting_creates_needs_and_merges_with_an_open_one(link, staff_user):
    beds = make_item(name="Krankenhausbett")
    open_need = make_need(item=beds, partner_city=link.contact.partner_city, quantity=10, priority=Priority.NORMAL,
                          needed_from=timezone.localdate())
    request = submit_needs_request(link=link, institution="Feuerwehr", deadline=None, note="", lines=[
        {"item": beds, "description": "", "quantity": 5, "unit": "piece", "priority": Priority.URGENT},
        {"item": None, "description": "Insulin-Kühlboxen", "quantity": 4, "unit": "box", "priority": Priority.HIGH},
    ])
    accept_needs_request(request=request, by=staff_user)
    open_need.refresh_from_db()
    assert open_need.quantity == 15 and open_need.priority == Priority.URGENT
    created = Need.objects.get(description="Insulin-Kühlboxen")
    assert created.partner_city == link.contact.partner_city and created.quantity == 4 and created.unit == "box"
    assert Need.objects.count() == 2
    request.refresh_from_db()
    assert request.status == NeedsRequest.Status.ACCEPTED and request.reviewed_by == staff_user
    assert [line.need for line in request.lines.all()] == [open_need, created]
    assert open_need.history.first().history_user == staff_user
    # The contact is told, in the outbox, in the contact's language (German while no catalogue exists).
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [link.contact.email]
    assert request.reference in mail.outbox[0].subject and link.token in mail.outbox[0].body


def test_accepting_twice_changes_nothing(link, staff_user):
    request = request_with(link, (None, "Decken", 5))
    accept_needs_request(request=request, by=staff_user)
    with pytest.raises(RequestError):
        accept_needs_request(request=NeedsRequest.objects.get(pk=request.pk), by=staff_user)
    assert Need.objects.get().quantity == 5 and len(mail.outbox) == 1


def test_a_closed_need_is_not_merged_into(link, staff_user):
    beds = make_item()
    make_need(item=beds, partner_city=link.contact.partner_city, quantity=10, is_open=False)
    accept_needs_request(request=request_with(link, (beds, "", 3)), by=staff_user)
    assert Need.objects.filter(is_open=True).get().quantity == 3


def test_the_contact_sees_accepted_and_delivered(client, link, staff_user, association_a):
    from tests.donations.partner_support import shipment_in_transit
    from warehouse.stock.services import mark_shipment_delivered

    beds = make_item()
    request = request_with(link, (beds, "", 4))
    accept_needs_request(request=request, by=staff_user)
    assert "als Bedarf aufgenommen" in client.get(reverse("partner:home", args=[link.token])).content.decode()
    shipment = shipment_in_transit(association=association_a, items=[(beds, 2)], contact=link.contact)
    mark_shipment_delivered(shipment=shipment, received={}, delivered_on=timezone.localdate(), confirmation="x",
                            by=staff_user)
    assert "teilweise gedeckt" in client.get(reverse("partner:home", args=[link.token])).content.decode()


def test_staff_review_page_accepts_with_one_click(client, link, staff_user):
    request = request_with(link, (None, "Decken", 5))
    client.force_login(staff_user)
    assert request.reference in client.get(reverse("partner:staff-requests")).content.decode()
    response = client.post(reverse("partner:staff-request", args=[request.pk]))
    assert response.status_code == 302
    assert Need.objects.get().quantity == 5
    again = client.post(reverse("partner:staff-request", args=[request.pk]), follow=True)
    assert "inzwischen schon aufgenommen" in again.content.decode()


def test_only_city_staff_review(client, link, operator_user, member_a):
    request = request_with(link, (None, "Decken", 5))
    for user in (operator_user, member_a):
        client.force_login(user)
        assert client.get(reverse("partner:staff-request", args=[request.pk])).status_code == 403
        assert client.post(reverse("partner:staff-request", args=[request.pk])).status_code == 403
    assert not Need.objects.exists()


def test_the_contact_page_makes_the_same_queries_however_many_requests(client, link, django_assert_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("partner:home", args=[link.token])).status_code == 200
        return len(queries)

    request_with(link, (None, "Decken", 5))
    few = count()
    for n in range(6):
        request_with(link, (make_item(), "", n + 1), (None, f"Sache {n}", 2))
    assert count() == few


def test_the_form_makes_the_same_queries_however_big_the_catalogue(client, link):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("partner:request", args=[link.token])).status_code == 200
        return len(queries)

    make_item()
    few = count()
    for _ in range(10):
        make_item()
    assert count() == few


def test_the_staff_list_is_bounded(client, link, staff_user):
    for n in range(30):
        request_with(link, (None, f"Sache {n}", 1))
    client.force_login(staff_user)
    body = client.get(reverse("partner:staff-requests")).content.decode()
    assert body.count("/intern/partner-bedarf/") <= 50


def test_wrong_method(client, link):
    assert client.post(reverse("partner:home", args=[link.token])).status_code == 405
    assert make_user()  # keeps the cast honest: a user exists, the page still asks for no login


def test_the_staff_pages_make_the_same_queries_however_many_lists(client, link, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = request_with(link, (None, "Decken", 5))
    accept_needs_request(request=request_with(link, (None, "Zelte", 2)), by=staff_user)  # both lists have rows
    list_few, detail_few = count(reverse("partner:staff-requests")), count(
        reverse("partner:staff-request", args=[first.pk]))
    many = request_with(link, *[(make_item(), "", n + 1) for n in range(8)])
    for n in range(5):
        accept_needs_request(request=request_with(link, (None, f"Sache {n}", 1)), by=staff_user)
    assert count(reverse("partner:staff-requests")) == list_few
    assert count(reverse("partner:staff-request", args=[many.pk])) == detail_few
