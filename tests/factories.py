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
    extra.setdefault("email", f"{username}@example.org")
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=is_staff, is_superuser=is_superuser, **extra
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


# --- warehouse (issue 3) ---

def local_dt(day, hour, minute=0):
    """An aware datetime in Europe/Berlin at the given wall-clock time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days_ahead(days):
    """The local date `days` days from today."""
    return timezone.localdate() + datetime.timedelta(days=days)


def make_warehouse(*, opening=None, weekdays=(0, 1, 2, 3, 4, 5, 6), **overrides):
    """A warehouse open every day 07:00–19:00 unless told otherwise; no buffer and no quota."""
    from warehouse.models import OpeningHours, Warehouse

    opening = opening or [(datetime.time(7), datetime.time(19))]
    fields = {
        "name": f"Lagerhalle {_n()}", "address": "Am Hafen 1\n44147 Dortmund", "slot_minutes": 30,
        "min_booking_minutes": 30, "max_booking_minutes": 240, "booking_horizon_days": 28,
        "min_notice_hours": 24, "buffer_minutes": 0, "weekly_quota_hours": None,
    }
    fields.update(overrides)
    warehouse = Warehouse.objects.create(**fields)
    for weekday in weekdays:
        for opens, closes in opening:
            OpeningHours.objects.create(warehouse=warehouse, weekday=weekday, opens=opens, closes=closes)
    return warehouse


def make_bay(warehouse=None, **overrides):
    from warehouse.models import LoadingBay

    fields = {"name": f"Tor {_n()}", "auto_confirm": False, "is_active": True}
    fields.update(overrides)
    return LoadingBay.objects.create(warehouse=warehouse or make_warehouse(), **fields)


def make_booking(*, association, bay, start, minutes=60, **overrides):
    """A booking saved directly, past every rule (for setting the scene)."""
    from warehouse.models import Booking

    fields = {"purpose": Booking.Purpose.DELIVER, "status": Booking.Status.REQUESTED}
    fields.update(overrides)
    return Booking.objects.create(
        association=association, bay=bay, start=start, end=start + datetime.timedelta(minutes=minutes), **fields
    )


def make_blocked_time(*, warehouse, start, minutes=60, bay=None, reason="Wartung"):
    from warehouse.models import BlockedTime

    return BlockedTime.objects.create(
        warehouse=warehouse, bay=bay, start=start, end=start + datetime.timedelta(minutes=minutes), reason=reason
    )


# --- goods, donations, needs, shipments, stock (issue 4) ---

def make_item_category(**overrides):
    from donations.models import ItemCategory

    n = _n()
    fields = {"name": f"Warengruppe {n}", "slug": f"warengruppe-{n}", "position": n}
    fields.update(overrides)
    return ItemCategory.objects.create(**fields)


def make_item(category=None, **overrides):
    from donations.models import Item, Unit

    n = _n()
    fields = {"name": f"Hilfsgut {n}", "slug": f"hilfsgut-{n}", "unit": Unit.PIECE}
    fields.update(overrides)
    return Item.objects.create(category=category or make_item_category(), **fields)


def make_donor(**overrides):
    from donations.models import Donor

    fields = {"name": f"Spender {_n()}", "kind": Donor.Kind.COMPANY}
    fields.update(overrides)
    return Donor.objects.create(**fields)


def make_donation(*, association, lines=(), donor=None, **overrides):
    """A recorded donation (not booked in); `lines` is a list of (item, quantity)."""
    from donations.models import Donation, DonationLine

    fields = {"kind": Donation.Kind.DONATION, "received_on": datetime.date(2026, 1, 15)}
    fields.update(overrides)
    if fields["kind"] == Donation.Kind.DONATION and donor is None:
        donor = make_donor()
    donation = Donation.objects.create(donor=donor, receiving_association=association, **fields)
    for item, quantity in lines:
        DonationLine.objects.create(donation=donation, item=item, quantity=quantity)
    return donation


def give_stock(item, association, quantity, by=None):
    """Book `quantity` of `item` into `association`'s stock through the ledger."""
    from warehouse.stock.services import book_in

    return book_in(item=item, association=association, quantity=quantity, by=by, note="Testbestand")


def make_shipment(*, source_association, lines=(), destination_city=None, **overrides):
    """A planned shipment; `lines` is a list of (item, quantity) or (item, quantity, need)."""
    from donations.models import Shipment, ShipmentLine

    fields = {
        "title": f"Lieferung {_n()}", "recipient_institution": "Stadtverwaltung",
        "planned_on": datetime.date(2026, 3, 1), "status": Shipment.Status.PLANNED,
    }
    fields.update(overrides)
    if destination_city is None and not fields.get("destination_name"):
        destination_city = make_partner_city()
    shipment = Shipment.objects.create(source_association=source_association, destination_city=destination_city,
                                       **fields)
    for line in lines:
        item, quantity, need = (*line, None)[:3]
        ShipmentLine.objects.create(shipment=shipment, item=item, quantity=quantity, need=need)
    return shipment


def make_need(*, item=None, partner_city=None, crisis=None, **overrides):
    from donations.models import Need

    fields = {"quantity": 10, "needed_from": datetime.date(2026, 1, 1)}
    fields.update(overrides)
    if item is None and not fields.get("description"):
        item = make_item()
    if partner_city is None and crisis is None:
        partner_city = make_partner_city()
    return Need.objects.create(item=item, partner_city=partner_city, crisis=crisis, **fields)


def make_offer(**overrides):
    from donations.models import DonationOffer

    fields = {
        "offerer_kind": DonationOffer.OffererKind.PRIVATE, "contact_name": "Erika Muster",
        "email": "erika@example.org", "phone": "0231 123456", "description": "20 Schlafsäcke",
        "quantity": 20, "unit": "piece", "condition": DonationOffer.Condition.NEW, "location": "Dortmund-Hörde",
    }
    fields.update(overrides)
    return DonationOffer.objects.create(**fields)
