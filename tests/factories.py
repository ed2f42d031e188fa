"""Plain factory functions: make_thing(**overrides) returns a saved object with sensible defaults.

Add new factories at the end of this file; keep existing signatures stable.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from crises.models import Crisis, NewsPost
from partners.models import Association, Membership, PartnerCity

_seq = itertools.count(1)


def _n():
    return next(_seq)


def make_user(username=None, *, groups=(), is_staff=False, is_superuser=False, password="test-pass-123", **extra):
    username = username or f"user{_n()}"
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=password,
        is_staff=is_staff, is_superuser=is_superuser, **extra,
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def make_partner_city(**overrides):
    n = _n()
    fields = {
        "name": f"Partnerstadt {n}", "slug": f"partnerstadt-{n}", "country": "FR",
        "kind": PartnerCity.Kind.TWIN_CITY, "since_year": 1960 + n % 60,
        "latitude": "49.89400", "longitude": "2.29570",
    }
    fields.update(overrides)
    return PartnerCity.objects.create(**fields)


def make_association(**overrides):
    n = _n()
    fields = {
        "name": f"Verein {n} e.V.", "slug": f"verein-{n}", "summary": "Ein Verein, der hilft.",
        "email": f"verein{n}@example.org", "warehouse_role": Association.WarehouseRole.CO_USER,
    }
    fields.update(overrides)
    return Association.objects.create(**fields)


def make_membership(user, association, role=Membership.Role.MEMBER):
    return Membership.objects.create(user=user, association=association, role=role)


def make_crisis(*, partner_cities=(), **overrides):
    n = _n()
    fields = {
        "title": f"Krise {n}", "slug": f"krise-{n}", "summary": "Kurzfassung der Krise.",
        "category": Crisis.Category.NATURAL, "hazard_type": Crisis.HazardType.EARTHQUAKE,
        "countries": ["TR"], "status": Crisis.Status.ACTIVE, "started_on": datetime.date(2023, 2, 6),
    }
    fields.update(overrides)
    crisis = Crisis.objects.create(**fields)
    for city in partner_cities:
        crisis.affected_partner_cities.add(city)
    return crisis


def make_news_post(**overrides):
    n = _n()
    fields = {
        "title": f"Meldung {n}", "slug": f"meldung-{n}", "teaser": "Kurz gesagt.", "body": "Der **Text**.",
        "published_at": timezone.now() - datetime.timedelta(days=n),
    }
    fields.update(overrides)
    return NewsPost.objects.create(**fields)
