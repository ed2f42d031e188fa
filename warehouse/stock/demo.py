"""Demo stock: book the demo donations in, dispatch one shipment that is underway, plan one more.

Runs after donations.demo (seed_demo's DEMO_MODULES). Idempotent: donations already booked in and
shipments no longer planned are left alone, so a second run writes nothing.
"""

import datetime

from django.utils import timezone

from donations.demo import ITEMS
from donations.models import Donation, Item, Shipment, ShipmentEvent, ShipmentLine
from partners.demo import SeedCount
from partners.models import Association, PartnerCity
from warehouse.stock.models import StockLevel
from warehouse.stock.services import StockError, add_shipment_event, dispatch_shipment, receive_donation

UNDERWAY = {
    "title": "Winterhilfe 2026 für Schytomyr", "source": "blau-gelbes-herz", "recipient": "Beispiel-Verwaltung",
    "lines": [("stromerzeuger", 6), ("krankenhausbett", 12), ("kuehlbox", 20)],
}
PLANNED = {
    "title": "Schlafsäcke und Matratzen für Schytomyr", "source": "grenzenlose-waerme",
    "recipient": "Beispiel-Sozialamt", "lines": [("schlafsack", 200), ("matratze", 60)],
}


def _shipment(spec, planned_on):
    existing = Shipment.objects.filter(is_demo=True, title=spec["title"]).first()
    if existing:
        return existing, False
    association = Association.objects.get(slug=spec["source"])
    shipment = Shipment.objects.create(
        is_demo=True, title=spec["title"], destination_city=PartnerCity.objects.get(slug="schytomyr"),
        crisis_id=_crisis_id(), recipient_institution=spec["recipient"], source_association=association,
        planned_on=planned_on, carrier="Muster-Spedition GmbH (Demo)", vehicle_registration="DO-XY 2026",
        driver_name="Demo-Fahrer", pallets=12,
    )
    shipment.organisers.set([association])
    items = {item.slug: item for item in Item.objects.filter(slug__in=[slug for slug, _ in spec["lines"]])}
    for slug, quantity in spec["lines"]:
        ShipmentLine.objects.create(shipment=shipment, item=items[slug], quantity=quantity)
    return shipment, True


def _crisis_id():
    from crises.models import Crisis

    crisis = Crisis.objects.filter(slug="krieg-gegen-die-ukraine").first()
    return crisis.pk if crisis else None


def seed():
    booked = 0
    donations = list(Donation.objects.filter(is_demo=True))
    for donation in donations:
        if donation.booked_in_at is None:
            receive_donation(donation=donation, by=None)
            booked += 1
    today = timezone.localdate()
    underway, created_underway = _shipment(UNDERWAY, today - datetime.timedelta(days=2))
    if underway.status == Shipment.Status.PLANNED:
        try:
            dispatch_shipment(shipment=underway, by=None)
            # Dispatched just now, so the customs event is now too: events never precede the dispatch.
            add_shipment_event(shipment=underway, kind=ShipmentEvent.Kind.CUSTOMS_ENTRY, by=None,
                               occurred_at=timezone.now(), note="Grenzübergang (Demo)")
        except StockError:
            pass  # the demo stock was changed by hand; leave the shipment planned
    _planned, created_planned = _shipment(PLANNED, today + datetime.timedelta(days=3))
    return {
        "Eingebuchte Sachspenden (Demo)": SeedCount(len(donations), booked, 0),
        "Lieferungen aus dem Bestand (Demo)": SeedCount(2, created_underway + created_planned, 0),
        "Mindestbestände des Lagerbetriebs (Demo)": _operator_minimums(),
    }


def _operator_minimums():
    """The operator's minimum stock per item; a minimum set by hand is left alone."""
    operator = Association.objects.warehouse_operator()
    minimums = {slug: minimum for slug, *_rest, minimum in ITEMS if minimum}
    if operator is None:
        return SeedCount(len(minimums), 0, 0)
    created = 0
    for item in Item.objects.filter(slug__in=minimums):
        level, _created = StockLevel.objects.get_or_create(item=item, association=operator)
        if level.minimum is None:
            level.minimum = minimums[item.slug]
            level.save(update_fields=["minimum"])
            created += 1
    return SeedCount(len(minimums), created, 0)
