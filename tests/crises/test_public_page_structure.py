"""Every public content page: one h1, headings that never skip a level, a title "X – Dortmund hilft"."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from crises.models import AffectedPartnerCity, Crisis
from partners.models import Association, PartnerCity
from tests.factories import make_association, make_crisis, make_news_post, make_partner_city

pytestmark = pytest.mark.django_db


class HeadingCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels, self.title, self._in_title = [], "", False

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@pytest.fixture
def content():
    city = make_partner_city(name="Schytomyr", slug="schytomyr", kind=PartnerCity.Kind.SOLIDARITY,
                             description="## Geschichte\n\nText.")
    make_partner_city(name="Rostow am Don", status=PartnerCity.Status.SUSPENDED, status_note="ruht seit 2022")
    crisis = make_crisis(slug="krieg", description="## Lage\n\nText.\n\n### Details\n\nMehr.", glide_number="",
                         residents_origin=True, dortmund_link="Partnerstadt betroffen.")
    AffectedPartnerCity.objects.create(crisis=crisis, partner_city=city, note="Ziel der Lieferungen")
    make_crisis(status=Crisis.Status.CLOSED, ended_on=datetime.date(2024, 1, 1))
    make_association(slug="grenzenlose-waerme", warehouse_role=Association.WarehouseRole.OPERATOR,
                     description="Text.")
    make_news_post(slug="meldung", crisis=crisis, body="## Zwischentitel\n\nText.")
    return {"city": city, "crisis": crisis}


PAGES = [
    ("site:home", []),
    ("site:contact", []),
    ("crises:list", []),
    ("crises:detail", ["krieg"]),
    ("partners:city-list", []),
    ("partners:city-detail", ["schytomyr"]),
    ("partners:association-list", []),
    ("partners:association-detail", ["grenzenlose-waerme"]),
    ("news:list", []),
    ("news:detail", ["meldung"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_the_page_has_one_h1_headings_in_order_and_a_proper_title(client, content, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200

    parser = HeadingCollector()
    parser.feed(response.content.decode())

    assert parser.levels.count(1) == 1
    main_levels = parser.levels[parser.levels.index(1):]
    for previous, current in zip(main_levels, main_levels[1:], strict=False):
        assert current <= previous + 1, f"h{previous} is followed by h{current}: {parser.levels}"
    assert parser.title.strip().endswith(" – Dortmund hilft")
    assert not parser.title.strip().startswith("–")


def test_a_filter_error_keeps_the_heading_order(client, content):
    response = client.get(reverse("crises:list"), {"status": "bogus"})

    parser = HeadingCollector()
    parser.feed(response.content.decode())

    assert parser.levels.count(1) == 1
    assert parser.title.startswith("Fehler: Krisen")
