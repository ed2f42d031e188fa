"""Demo data for goods, donors, donations, needs, offers and shipments (shared/seed-facts.md).

The catalogue is the list of goods Dortmund really gave. Quantities, dates, donors and the
shipments built from them are not public: they are plausible demo values, flagged `is_demo`
("Demodaten" in the admin) so staff can correct or delete them. Idempotent: rows are found by a
natural key and written only when a value differs. Booking stock is warehouse.stock_demo's job.
"""

import datetime
from decimal import Decimal

from crises.models import Crisis
from donations.models import (
    Donation,
    DonationLine,
    DonationOffer,
    Donor,
    Item,
    ItemCategory,
    ItemUnit,
    Need,
    Priority,
    Shipment,
    ShipmentEvent,
    ShipmentLine,
    Unit,
)
from partners.demo import SeedCount, seed_rows, upsert
from partners.models import Association, PartnerCity

D = datetime.date

CATEGORIES = [
    {"slug": "fahrzeuge", "name": "Fahrzeuge", "position": 1,
     "description": "Feuerwehr-, Kommunal- und Linienfahrzeuge"},
    {"slug": "kuechen", "name": "Küchen und Kühlung", "position": 2, "description": "Großküchen, Kühlboxen"},
    {"slug": "medizin", "name": "Medizin und Pflege", "position": 3, "description": "Betten, Liegen, Material"},
    {"slug": "einrichtung", "name": "Einrichtung", "position": 4, "description": "Spinde und Möbel"},
    {"slug": "energie", "name": "Energie", "position": 5, "description": "Stromerzeuger"},
    {"slug": "lebensmittel", "name": "Lebensmittel", "position": 6, "description": "Haltbare Lebensmittel"},
    {"slug": "schlafen", "name": "Schlafen und Wärme", "position": 7, "description": "Matratzen, Kissen, Schlafsäcke"},
    {"slug": "kinder", "name": "Für Kinder", "position": 8, "description": "Spielzeug"},
]

ITEMS = [
    # slug, name, category, unit, tracked, weight per unit (kg), the operator's minimum stock
    # (warehouse.stock.demo sets it on the operator's levels: a minimum belongs to an association)
    ("drehleiterfahrzeug", "Drehleiterfahrzeug", "fahrzeuge", Unit.PIECE, True, "15000", None),
    ("kanalreinigungsfahrzeug", "Kanalreinigungsfahrzeug", "fahrzeuge", Unit.PIECE, True, "18000", None),
    ("linienbus-dsw21", "Linienbus (DSW21)", "fahrzeuge", Unit.PIECE, True, "11500", None),
    ("transporter", "Transporter und andere Fahrzeuge", "fahrzeuge", Unit.PIECE, True, "2500", None),
    ("mensakueche", "Mensaküche, voll ausgestattet", "kuechen", Unit.PIECE, True, None, None),
    ("kuehlbox", "Kühlbox", "kuechen", Unit.PIECE, False, "8", 20),
    ("krankenhausbett", "Krankenhausbett", "medizin", Unit.PIECE, False, "120", 10),
    ("behandlungsliege", "Medizinische Behandlungsliege", "medizin", Unit.PIECE, False, "45", None),
    ("medizinisches-material", "Medizinisches Verbrauchsmaterial", "medizin", Unit.BOX, False, "12", 20),
    ("spind", "Spind", "einrichtung", Unit.PIECE, False, "35", None),
    ("stromerzeuger", "Stromerzeuger", "energie", Unit.PIECE, True, "90", 5),
    ("lebensmittel", "Haltbare Lebensmittel", "lebensmittel", Unit.PALLET, False, "600", 2),
    ("spielzeug", "Spielzeug", "kinder", Unit.BOX, False, "6", None),
    ("matratze", "Matratze", "schlafen", Unit.PIECE, False, "15", 50),
    ("kopfkissen", "Kopfkissen", "schlafen", Unit.PIECE, False, "1", 50),
    ("schlafsack", "Schlafsack", "schlafen", Unit.PIECE, False, "2", 300),
]

# Invented donors with clearly invented names: demo figures are never put on a real institution.
DONORS = [
    {"name": "Beispiel-Amt (Demo)", "kind": Donor.Kind.CITY_DEPARTMENT},
    {"name": "Muster-Stadtbetrieb (Demo)", "kind": Donor.Kind.MUNICIPAL_COMPANY},
    {"name": "Beispiel-Klinikum gGmbH (Demo)", "kind": Donor.Kind.MUNICIPAL_COMPANY},
    {"name": "Muster GmbH (Demo)", "kind": Donor.Kind.COMPANY},
    {"name": "Privatperson (Demo)", "kind": Donor.Kind.PRIVATE},
]

# Goods that came in recently and lie in the hall now (booked in by warehouse.stock_demo).
DONATIONS = [
    {"received_on": D(2025, 11, 10), "association": "blau-gelbes-herz", "donor": "Beispiel-Klinikum gGmbH (Demo)",
     "lines": [("krankenhausbett", 24), ("behandlungsliege", 6), ("medizinisches-material", 40)]},
    {"received_on": D(2025, 12, 1), "association": "grenzenlose-waerme", "kind": Donation.Kind.PROCUREMENT,
     "supplier": "Muster Großhandel GmbH (Demo)", "cost": Decimal("18450.00"),
     "lines": [("schlafsack", 400), ("kopfkissen", 200), ("matratze", 120)]},
    {"received_on": D(2026, 1, 20), "association": "blau-gelbes-herz", "donor": "Beispiel-Amt (Demo)",
     "lines": [("stromerzeuger", 8), ("kuehlbox", 30)]},
    {"received_on": D(2026, 2, 14), "association": "cukurova", "donor": "Privatperson (Demo)",
     "lines": [("spielzeug", 25), ("lebensmittel", 4)]},
    {"received_on": D(2026, 3, 2), "association": "grenzenlose-waerme", "donor": "Muster GmbH (Demo)",
     "lines": [("spind", 30), ("matratze", 40), ("kopfkissen", 60)]},
]

HATAY = {"destination_name": "Antakya (Provinz Hatay)", "destination_country": "TR",
         "destination_latitude": Decimal("36.20250"), "destination_longitude": Decimal("36.16060"),
         "destination_to_verify": True}
UKRAINE_WAR, EARTHQUAKE = "krieg-gegen-die-ukraine", "erdbeben-tuerkei-syrien-2023"

# Delivered shipments from before the stock ledger (the hall opened in November 2023, some later).
SHIPMENTS = [
    {"title": "Drehleiterfahrzeuge für Schytomyr", "city": "schytomyr", "crisis": UKRAINE_WAR,
     "recipient_institution": "Beispiel-Feuerwehr", "source": "blau-gelbes-herz",
     "planned_on": D(2022, 4, 12), "delivered_on": D(2022, 4, 16),
     "lines": [("drehleiterfahrzeug", 2, None), ("transporter", 1, None)],
     "units": {"drehleiterfahrzeug": ["DO-FW 3301", "DO-FW 3302"], "transporter": ["DO-FW 1207"]}},
    {"title": "Winterhilfe für Schytomyr", "city": "schytomyr", "crisis": UKRAINE_WAR,
     "recipient_institution": "Beispiel-Verwaltung", "source": "blau-gelbes-herz",
     "planned_on": D(2022, 11, 20), "delivered_on": D(2022, 11, 25),
     "lines": [("stromerzeuger", 20, "generators"), ("schlafsack", 800, None), ("matratze", 300, None),
               ("kopfkissen", 300, None)]},
    {"title": "Erdbebenhilfe für die Provinz Hatay", "city": None, "crisis": EARTHQUAKE,
     "recipient_institution": "Beispiel-Katastrophenschutz", "source": "cukurova",
     "planned_on": D(2023, 2, 14), "delivered_on": D(2023, 2, 19),
     "lines": [("schlafsack", 1200, None), ("lebensmittel", 10, None), ("medizinisches-material", 80, None),
               ("stromerzeuger", 10, None)]},
    {"title": "Zweite Lieferung in die Erdbebenregion", "city": None, "crisis": EARTHQUAKE,
     "recipient_institution": "Beispiel-Hilfszentrum", "source": "cukurova",
     "planned_on": D(2023, 3, 10), "delivered_on": D(2023, 3, 15),
     "lines": [("spielzeug", 40, None), ("lebensmittel", 8, None), ("matratze", 200, None), ("kuehlbox", 60, None)]},
    {"title": "Krankenhausausstattung für Schytomyr", "city": "schytomyr", "crisis": UKRAINE_WAR,
     "recipient_institution": "Beispiel-Krankenhaus", "source": "blau-gelbes-herz",
     "planned_on": D(2023, 6, 5), "delivered_on": D(2023, 6, 9),
     "lines": [("krankenhausbett", 60, "beds"), ("behandlungsliege", 15, None), ("medizinisches-material", 120, None),
               ("spind", 40, None)]},
    {"title": "Kanalreinigungsfahrzeug und Linienbusse für Schytomyr", "city": "schytomyr", "crisis": UKRAINE_WAR,
     "recipient_institution": "Beispiel-Stadtbetrieb", "source": "blau-gelbes-herz",
     "planned_on": D(2023, 9, 18), "delivered_on": D(2023, 9, 22),
     "lines": [("kanalreinigungsfahrzeug", 1, None), ("linienbus-dsw21", 5, None)],
     "units": {"kanalreinigungsfahrzeug": ["DO-SE 501"],
               "linienbus-dsw21": ["DO-SW 1401", "DO-SW 1402", "DO-SW 1403", "DO-SW 1404", "DO-SW 1405"]}},
    {"title": "Zwei Mensaküchen für Schytomyr", "city": "schytomyr", "crisis": UKRAINE_WAR,
     "recipient_institution": "Beispiel-Schulverwaltung", "source": "grenzenlose-waerme",
     "planned_on": D(2024, 5, 6), "delivered_on": D(2024, 5, 11),
     "lines": [("mensakueche", 2, None), ("kuehlbox", 50, None)],
     "units": {"mensakueche": ["MK-2024-01", "MK-2024-02"]}},
]

NEEDS = [
    {"key": "generators", "city": "schytomyr", "crisis": UKRAINE_WAR, "item": "stromerzeuger", "quantity": 40,
     "priority": Priority.URGENT, "needed_from": D(2022, 10, 15)},
    {"key": "beds", "city": "schytomyr", "crisis": UKRAINE_WAR, "item": "krankenhausbett", "quantity": 100,
     "priority": Priority.HIGH, "needed_from": D(2023, 4, 1)},
    {"key": "sleeping-bags", "city": "schytomyr", "crisis": UKRAINE_WAR, "item": "schlafsack", "quantity": 500,
     "priority": Priority.HIGH, "needed_from": D(2025, 10, 1)},
    {"key": "medical", "city": "schytomyr", "crisis": UKRAINE_WAR, "item": "medizinisches-material", "quantity": 150,
     "priority": Priority.NORMAL, "needed_from": D(2025, 9, 1)},
    {"key": "containers", "city": None, "crisis": EARTHQUAKE, "region": "Provinz Hatay",
     "description": "Wohncontainer für Familien", "category": "einrichtung", "quantity": 20,
     "priority": Priority.NORMAL, "needed_from": D(2025, 6, 1)},
    {"key": "toys", "city": None, "crisis": EARTHQUAKE, "region": "Provinz Hatay", "item": "spielzeug",
     "quantity": 60, "priority": Priority.NORMAL, "needed_from": D(2025, 6, 1)},
]

OFFERS = [
    {"reference": "ANG-DEMO01", "offerer_kind": DonationOffer.OffererKind.PRIVATE, "contact_name": "Erika Beispiel",
     "email": "erika.beispiel@example.org", "category": "schlafen", "description": "15 Schlafsäcke, neu und verpackt",
     "quantity": 15, "condition": DonationOffer.Condition.NEW, "location": "Dortmund-Hörde"},
    {"reference": "ANG-DEMO02", "offerer_kind": DonationOffer.OffererKind.COMPANY,
     "organisation": "Muster-Sanitätshaus (Demo)",
     "contact_name": "Max Muster", "email": "max.muster@example.org", "category": "medizin",
     "description": "8 Pflegebetten aus einer Praxisauflösung", "quantity": 8,
     "condition": DonationOffer.Condition.USED,
     "location": "Dortmund-Mitte", "status": DonationOffer.Status.ACCEPTED},
    {"reference": "ANG-DEMO03", "offerer_kind": DonationOffer.OffererKind.PRIVATE, "contact_name": "Jan Probe",
     "email": "jan.probe@example.org", "category": None, "description": "Gebrauchte Winterkleidung, 3 Säcke",
     "quantity": 3, "unit": Unit.BOX, "condition": DonationOffer.Condition.USED, "location": "Dortmund-Eving",
     "status": DonationOffer.Status.DECLINED,
     "closed_at": datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)},
]


def _count(results):
    results = list(results)
    return SeedCount(len(results), sum(1 for _, c, _ in results if c), sum(1 for _, c, ch in results if ch and not c))


def seed_catalogue():
    categories = seed_rows(ItemCategory, CATEGORIES, {})
    by_slug = {c.slug: c for c in ItemCategory.objects.all()}
    rows = [
        {"slug": slug, "name": name, "category": by_slug[category], "unit": unit, "tracked_individually": tracked,
         "unit_weight_kg": Decimal(weight) if weight else None}
        for slug, name, category, unit, tracked, weight, _minimum in ITEMS
    ]
    return categories, seed_rows(Item, rows, {})


def seed_donors():
    return seed_rows(Donor, DONORS, {"is_demo": True}, key="name")


def seed_donations():
    items = {item.slug: item for item in Item.objects.all()}
    results = []
    for spec in DONATIONS:
        association = Association.objects.get(slug=spec["association"])
        values = {"kind": spec.get("kind", Donation.Kind.DONATION), "supplier": spec.get("supplier", ""),
                  "cost": spec.get("cost"),
                  "donor": Donor.objects.get(name=spec["donor"]) if spec.get("donor") else None,
                  "note": "Demodaten: Mengen und Herkunft sind Beispielwerte."}
        donation, created, changed = upsert(
            Donation, {"is_demo": True, "received_on": spec["received_on"], "receiving_association": association},
            values,
        )
        if created:
            for slug, quantity in spec["lines"]:
                DonationLine.objects.create(donation=donation, item=items[slug], quantity=quantity)
        results.append((donation, created, changed))
    return _count(results)


def seed_needs():
    items = {item.slug: item for item in Item.objects.all()}
    categories = {c.slug: c for c in ItemCategory.objects.all()}
    crises = {c.slug: c for c in Crisis.objects.all()}
    cities = {c.slug: c for c in PartnerCity.objects.all()}
    results, needs = [], {}
    for spec in NEEDS:
        item = items.get(spec.get("item"))
        lookup = {"is_demo": True, "item": item, "description": spec.get("description", ""),
                  "crisis": crises.get(spec["crisis"])}
        values = {
            "partner_city": cities.get(spec["city"]), "region": spec.get("region", ""),
            "category": item.category if item else categories.get(spec.get("category")),
            "quantity": spec["quantity"], "unit": item.unit if item else Unit.PIECE,
            "priority": spec["priority"], "needed_from": spec["needed_from"],
        }
        need, created, changed = upsert(Need, lookup, values)
        needs[spec["key"]] = need
        results.append((need, created, changed))
    return _count(results), needs


def seed_shipments(needs):
    items = {item.slug: item for item in Item.objects.all()}
    crises = {c.slug: c for c in Crisis.objects.all()}
    cities = {c.slug: c for c in PartnerCity.objects.all()}
    associations = {a.slug: a for a in Association.objects.all()}
    results = []
    for spec in SHIPMENTS:
        values = {
            "destination_city": cities.get(spec["city"]) if spec["city"] else None,
            **({} if spec["city"] else HATAY),
            "crisis": crises.get(spec["crisis"]), "recipient_institution": spec["recipient_institution"],
            "source_association": associations[spec["source"]], "planned_on": spec["planned_on"],
            "delivered_on": spec["delivered_on"], "status": Shipment.Status.DELIVERED,
            "delivery_confirmation": "Demodaten",
        }
        shipment, created, changed = upsert(Shipment, {"is_demo": True, "title": spec["title"]}, values)
        if created:
            shipment.organisers.set([associations[spec["source"]]])
            for slug, quantity, need_key in spec["lines"]:
                line = ShipmentLine.objects.create(shipment=shipment, item=items[slug], quantity=quantity,
                                                   received_quantity=quantity, need=needs.get(need_key))
                for identifier in spec.get("units", {}).get(slug, []):
                    ItemUnit.objects.create(item=items[slug], identifier=f"{identifier} (Demo)", shipment_line=line,
                                            condition=ItemUnit.Condition.USABLE, is_demo=True)
            _events(shipment, spec)
        results.append((shipment, created, changed))
    return _count(results)


def _events(shipment, spec):
    def at(day):
        return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)

    events = ShipmentEvent.objects
    events.create(shipment=shipment, kind=ShipmentEvent.Kind.DISPATCHED, occurred_at=at(spec["planned_on"]))
    if spec["city"] or spec["crisis"] == EARTHQUAKE:  # Ukraine and Türkiye are outside the EU
        middle = spec["planned_on"] + datetime.timedelta(days=2)
        ShipmentEvent.objects.create(shipment=shipment, kind=ShipmentEvent.Kind.CUSTOMS_ENTRY, occurred_at=at(middle))
        ShipmentEvent.objects.create(shipment=shipment, kind=ShipmentEvent.Kind.CUSTOMS_RELEASE,
                                     occurred_at=at(middle) + datetime.timedelta(hours=6))
    events.create(shipment=shipment, kind=ShipmentEvent.Kind.DELIVERED, occurred_at=at(spec["delivered_on"]))


def seed_offers():
    categories = {c.slug: c for c in ItemCategory.objects.all()}
    rows = [{**row, "category": categories.get(row["category"])} for row in OFFERS]
    return seed_rows(DonationOffer, rows, {"is_demo": True, "unit": Unit.PIECE, "status": DonationOffer.Status.NEW},
                     key="reference")


def seed_facts():
    """The catalogue only: the goods Dortmund really gave (shared/seed-facts.md), without any figures."""
    categories, items = seed_catalogue()
    return {"Warengruppen": categories, "Hilfsgüter": items}


def seed():
    categories, items = seed_catalogue()
    needs_count, needs = seed_needs()
    return {
        "Warengruppen": categories,
        "Hilfsgüter": items,
        "Spender*innen (Demo)": seed_donors(),
        "Sachspenden (Demo)": seed_donations(),
        "Bedarfe (Demo)": needs_count,
        "Lieferungen (Demo)": seed_shipments(needs),
        "Spendenangebote (Demo)": seed_offers(),
    }
