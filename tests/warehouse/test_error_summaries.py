"""The operator's book-in and shipment pages: one error summary per page, links that lead somewhere,
unique ids, and a form with errors answers 200 like every other form."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import give_stock, make_item, make_shipment
from warehouse.stock.services import dispatch_shipment

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The ids on a page and the summary's links (href, text)."""

    def __init__(self, html):
        super().__init__()
        self.ids = []
        self.summary_links = []
        self._summary_depth = 0
        self._link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if self._summary_depth and tag == "div":
            self._summary_depth += 1
        if "data-error-summary" in attrs:
            self._summary_depth = 1
        if self._summary_depth and tag == "a":
            self._link = [attrs.get("href"), ""]

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.summary_links.append(tuple(self._link))
            self._link = None
        if self._summary_depth and tag == "div":
            self._summary_depth -= 1

    def duplicate_ids(self):
        return sorted(id_ for id_, count in Counter(self.ids).items() if count > 1)


@pytest.fixture
def item(db):
    return make_item(name="Feldbett")


def _book_in(client, operator_user, data):
    client.force_login(operator_user)
    response = client.post(reverse("stock:book-in"), {"pos-TOTAL_FORMS": "2", "pos-INITIAL_FORMS": "0", **data})
    assert response.status_code == 200
    return _Page(response.content.decode())


def test_book_in_with_form_and_line_errors_has_one_summary(client, operator_user, association_a, item):
    page = _book_in(client, operator_user, {
        "association": association_a.pk, "kind": "donation", "received_on": "gestern",
        "pos-0-item": item.pk, "pos-0-quantity": "viele",
    })
    assert page.ids.count("error-summary-title") == 1
    assert page.duplicate_ids() == []
    hrefs = [href for href, _text in page.summary_links]
    assert "#id_received_on" in hrefs and "#id_pos-0-quantity" in hrefs
    assert all(href[1:] in page.ids for href in hrefs)


def test_book_in_without_lines_links_the_formset_error_to_the_first_row(client, operator_user, association_a):
    page = _book_in(client, operator_user, {
        "association": association_a.pk, "kind": "procurement", "supplier": "Baumarkt", "received_on": "",
    })
    assert page.ids.count("error-summary-title") == 1
    links = {text.strip(): href for href, text in page.summary_links}
    href = links["Geben Sie mindestens eine Position an."]
    assert href == "#id_pos-0-item" and href[1:] in page.ids


@pytest.fixture
def planned(association_a, item):
    give_stock(item, association_a, 10)
    return make_shipment(source_association=association_a, lines=[(item, 4)])


@pytest.fixture
def in_transit(planned, operator_user):
    dispatch_shipment(shipment=planned, by=operator_user)
    return planned


@pytest.mark.parametrize("state", ["planned", "in_transit"])
def test_the_shipment_page_has_unique_ids(client, operator_user, state, request):
    shipment = request.getfixturevalue(state)
    client.force_login(operator_user)
    page = _Page(client.get(reverse("stock:shipment", args=[shipment.pk])).content.decode())
    assert page.duplicate_ids() == []
    buttons = [id_ for id_ in page.ids if id_.endswith("-senden")]
    assert buttons == (["absagen-senden"] if state == "planned" else ["ereignis-senden", "ankunft-senden"])


@pytest.mark.parametrize("state, data, error", [
    ("planned", {"aktion": "cancel", "reason": ""}, "Geben Sie einen Grund an."),
    ("in_transit", {"aktion": "event", "kind": "customs_entry", "occurred_at": "bald", "note": ""},
     "Geben Sie Datum und Uhrzeit so ein: 24.11.2026 14:30."),
    ("in_transit", {"aktion": "delivered", "delivered_on": "", "confirmation": ""},
     "Geben Sie an, wann die Lieferung ankam."),
])
def test_shipment_form_errors_answer_200_with_one_summary(client, operator_user, state, data, error, request):
    shipment = request.getfixturevalue(state)
    client.force_login(operator_user)
    response = client.post(reverse("stock:shipment", args=[shipment.pk]), data)
    assert response.status_code == 200
    page = _Page(response.content.decode())
    assert page.ids.count("error-summary-title") == 1
    assert page.duplicate_ids() == []
    assert any(text.strip().endswith(error) for _href, text in page.summary_links)
    assert all(href[1:] in page.ids for href, _text in page.summary_links)
