"""Ten years of plausible activity on top of the demo data, for the benchmark (`make bench`).

    manage.py seed_demo && manage.py generate_volume --scale 1.0 --seed 1

At scale 1 it writes 2,000 shipments with 50,000 lines, 218,000 stock movements, 20,000 bookings,
5,000 needs, 10,000 offers and 500 news posts (with the donations, donors and events they imply).
The same seed gives the same rows. Rows go in with bulk_create, but they keep what the database
and the workflows keep:

- The ledger is simulated in time order, so no level ever goes below zero; each level written is
  the sum of its movements (checked at the end, and the command fails if not). Shipments dispatch
  one movement per line (their lines name distinct items, as dispatch_shipment books per item).
- Active bookings of a bay never overlap (the exclusion constraint), lie in the opening hours,
  avoid the holidays, and an association books at most the weekly quota.
- Every row of a model with a history gets its "created" history entry, dated when it happened.

It is meant for a fresh database that holds only the demo data (bench/run.py makes one per run). It
adds rows and changes none, apart from the demo stock levels that its movements add to.
"""

import bisect
import contextlib
import datetime
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from crises.models import Crisis, NewsPost
from donations.models import (
    Donation,
    DonationLine,
    DonationOffer,
    Donor,
    Item,
    ItemCategory,
    Need,
    Priority,
    Shipment,
    ShipmentEvent,
    ShipmentLine,
    Unit,
)
from partners.models import Association, PartnerCity
from partners.slugs import german_slugify
from warehouse.booking.models import Booking, LoadingBay, Warehouse
from warehouse.stock.models import StockLevel, StockMovement

YEARS = 10
BATCH = 5000

# Volume at scale 1 (issue 10).
VOLUME = {
    "shipments": 2000,
    "shipment_lines": 50000,
    "stock_movements": 218000,
    "bookings": 20000,
    "needs": 5000,
    "offers": 10000,
    "news": 500,
}

# Goods that a portal running for ten years would have in its catalogue besides the demo list:
# (name, category slug, unit, weight per unit in kg).
EXTRA_ITEMS = [
    ("Wolldecke", "schlafen", Unit.PIECE, "2"), ("Feldbett", "schlafen", Unit.PIECE, "9"),
    ("Bettwäsche-Set", "schlafen", Unit.PIECE, "1.5"), ("Handtuch", "schlafen", Unit.PIECE, "0.5"),
    ("Zelt (Familie)", "schlafen", Unit.PIECE, "14"), ("Plane", "einrichtung", Unit.PIECE, "3"),
    ("Klapptisch", "einrichtung", Unit.PIECE, "12"), ("Klappstuhl", "einrichtung", Unit.PIECE, "4"),
    ("Regal", "einrichtung", Unit.PIECE, "20"), ("Wasserkanister", "kuechen", Unit.PIECE, "1"),
    ("Kochtopf-Set", "kuechen", Unit.BOX, "6"), ("Geschirr-Set", "kuechen", Unit.BOX, "8"),
    ("Gaskocher", "kuechen", Unit.PIECE, "3"), ("Thermoskanne", "kuechen", Unit.PIECE, "1"),
    ("Verbandskasten", "medizin", Unit.PIECE, "1"), ("Rollstuhl", "medizin", Unit.PIECE, "15"),
    ("Gehhilfe", "medizin", Unit.PIECE, "2"), ("Desinfektionsmittel", "medizin", Unit.BOX, "10"),
    ("Einmalhandschuhe", "medizin", Unit.BOX, "5"), ("Pflegebett", "medizin", Unit.PIECE, "110"),
    ("Windeln", "kinder", Unit.BOX, "7"), ("Babynahrung", "kinder", Unit.BOX, "9"),
    ("Schulranzen", "kinder", Unit.PIECE, "1"), ("Malbücher und Stifte", "kinder", Unit.BOX, "4"),
    ("Kinderwagen", "kinder", Unit.PIECE, "10"), ("Powerbank", "energie", Unit.PIECE, "0.4"),
    ("Taschenlampe", "energie", Unit.PIECE, "0.3"), ("Batterien", "energie", Unit.BOX, "3"),
    ("Verlängerungskabel", "energie", Unit.PIECE, "1"), ("Heizlüfter", "energie", Unit.PIECE, "3"),
    ("Solarlampe", "energie", Unit.PIECE, "0.5"), ("Konserven", "lebensmittel", Unit.BOX, "12"),
    ("Reis", "lebensmittel", Unit.KG, None), ("Mehl", "lebensmittel", Unit.KG, None),
    ("Nudeln", "lebensmittel", Unit.KG, None), ("Speiseöl", "lebensmittel", Unit.BOX, "10"),
    ("Zucker", "lebensmittel", Unit.KG, None), ("Trinkwasser", "lebensmittel", Unit.PALLET, "700"),
    ("Hygienepaket", "medizin", Unit.BOX, "5"), ("Winterjacke", "schlafen", Unit.PIECE, "1.5"),
]

FIRST_NAMES = ["Anna", "Ben", "Clara", "Deniz", "Emil", "Fatma", "Greta", "Hannes", "Ilka", "Jonas", "Kateryna",
               "Lukas", "Mira", "Nils", "Olha", "Paul", "Rana", "Sofia", "Tarek", "Ute", "Vera", "Yusuf"]
LAST_NAMES = ["Becker", "Demir", "Fischer", "Hoffmann", "Kaya", "Koch", "Kowalenko", "Krause", "Meyer", "Neumann",
              "Schmidt", "Schulz", "Shevchenko", "Wagner", "Weber", "Yilmaz"]
DISTRICTS = ["Innenstadt", "Hörde", "Aplerbeck", "Eving", "Hombruch", "Huckarde", "Lütgendortmund", "Mengede",
             "Scharnhorst", "Brackel", "Derne"]
HOLIDAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}


@contextlib.contextmanager
def dates_as_given(*models):
    """Let bulk_create keep the dates we give instead of stamping now into auto_now(_add) fields."""
    fields = [f for model in models for f in model._meta.fields if getattr(f, "auto_now", False)
              or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def counts_for(scale):
    return {name: max(1, round(number * scale)) for name, number in VOLUME.items()}


def ledger_mismatches():
    """(item, association, level, ledger sum) wherever a stock level differs from its movements."""
    totals = {(r["item"], r["association"]): r["total"]
              for r in StockMovement.objects.values("item", "association").annotate(total=Sum("quantity"))}
    levels = {(lv.item_id, lv.association_id): lv.quantity for lv in StockLevel.objects.all()}
    return [(key[0], key[1], levels.get(key, 0), totals.get(key, 0))
            for key in sorted(set(totals) | set(levels))
            if levels.get(key, 0) != totals.get(key, 0) or levels.get(key, 0) < 0]


class Generator:
    def __init__(self, *, scale, seed, stdout):
        self.rng = random.Random(seed)
        self.want = counts_for(scale)
        self.stdout = stdout
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.start = self.now - datetime.timedelta(days=365 * YEARS)
        self.tz = timezone.get_default_timezone()
        self.operator_user = get_user_model().objects.filter(username="lagerbetrieb").first()
        self.staff_user = get_user_model().objects.filter(username="koordination").first()

    def log(self, message):
        self.stdout.write(message)

    def at(self, day, hour=10, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    def random_moment(self, first=None, last=None):
        first, last = first or self.start, last or self.now
        return first + datetime.timedelta(seconds=self.rng.randrange(int((last - first).total_seconds())))

    # --- reference data

    def load_reference(self):
        self.associations = list(Association.objects.warehouse_users().order_by("pk"))
        if not self.associations:
            raise CommandError("No associations use the warehouse: run manage.py seed_demo first.")
        categories = {c.slug: c for c in ItemCategory.objects.all()}
        existing = set(Item.objects.values_list("name", flat=True))
        new_items = [
            Item(name=name, slug=german_slugify(name), category=categories[category], unit=unit,
                 unit_weight_kg=Decimal(weight) if weight else None)
            for name, category, unit, weight in EXTRA_ITEMS if name not in existing
        ]
        Item.objects.bulk_create(new_items)
        # Individually tracked goods would need named units per line; the volume is in bulk goods.
        self.items = list(Item.objects.filter(tracked_individually=False, is_active=True).order_by("pk"))
        self.categories = list(ItemCategory.objects.order_by("pk"))
        self.cities = list(PartnerCity.objects.active().order_by("pk"))
        self.crises = list(Crisis.objects.order_by("started_on"))
        self.warehouse = Warehouse.objects.order_by("pk").first()
        self.bays = list(LoadingBay.objects.filter(warehouse=self.warehouse).active().order_by("pk"))
        self.opening_hours = list(self.warehouse.opening_hours.all()) if self.warehouse else []

    def crisis_on(self, day):
        started = [c for c in self.crises if c.started_on <= day and (c.ended_on is None or c.ended_on >= day)]
        return self.rng.choice(started) if started and self.rng.random() < 0.8 else None

    def city_on(self, day):
        return self.rng.choice([c for c in self.cities if c.since_year <= day.year] or self.cities)

    # --- shipments and the ledger

    def plan_shipments(self):
        n, n_lines = self.want["shipments"], self.want["shipment_lines"]
        if n_lines > n * len(self.items):
            raise CommandError("More lines than shipments times items: each line of a shipment names its own item.")
        # Distribute the lines: every shipment gets at least one, none more than there are items.
        per_shipment = [1] * n
        for _ in range(n_lines - n):
            index = self.rng.randrange(n)
            while per_shipment[index] >= len(self.items):
                index = (index + 1) % n
            per_shipment[index] += 1
        days = sorted(self.start.date() + datetime.timedelta(days=self.rng.randrange(365 * YEARS)) for _ in range(n))
        shipments = []
        for number, (day, line_count) in enumerate(zip(days, per_shipment, strict=True)):
            age = (self.today - day).days
            if age < 14:
                status = self.rng.choice([Shipment.Status.PLANNED, Shipment.Status.PACKING, Shipment.Status.IN_TRANSIT])
            elif self.rng.random() < 0.03:
                status = Shipment.Status.CANCELLED
            else:
                status = Shipment.Status.DELIVERED
            city = self.city_on(day) if self.rng.random() < 0.85 else None
            source = self.rng.choice(self.associations)
            shipment = Shipment(
                title=f"Hilfslieferung {number + 1} nach {city.name if city else 'Antakya'}",
                destination_city=city, destination_name="" if city else "Antakya (Provinz Hatay)",
                destination_country="" if city else "TR", crisis=self.crisis_on(day),
                recipient_institution=f"Stadtverwaltung {city.name}" if city else "Hilfszentrum Antakya",
                source_association=source, planned_on=day, status=status,
                description="Sachspenden aus Dortmund.", carrier="Spedition Hafen Dortmund",
                pallets=self.rng.randint(2, 33),
            )
            if status in (Shipment.Status.IN_TRANSIT, Shipment.Status.DELIVERED):
                shipment.dispatched_at = self.at(day, 7, self.rng.randrange(60))
            if status == Shipment.Status.DELIVERED:
                shipment.delivered_on = min(day + datetime.timedelta(days=self.rng.randint(2, 7)), self.today)
                shipment.delivery_confirmation = "Lieferschein unterschrieben"
            if status == Shipment.Status.CANCELLED:
                shipment.cancel_reason = "Fahrzeug fiel aus."
            shipment.created_at = self.at(day - datetime.timedelta(days=self.rng.randint(7, 30)), 9)
            shipment._history_date = shipment.created_at
            lines = [ShipmentLine(item=item, quantity=self.rng.randint(1, 60))
                     for item in self.rng.sample(self.items, line_count)]
            shipments.append((shipment, lines))
        return shipments

    def plan_ledger(self, shipments):
        """All movements in time order, with the donations that bring the goods in."""
        dispatched = [(s, lines) for s, lines in shipments if s.dispatched_at]
        dispatch_count = sum(len(lines) for _, lines in dispatched)
        rest = self.want["stock_movements"] - dispatch_count
        transfers = rest * 8 // 100  # pairs of movements
        adjustments = rest * 8 // 100
        receipts = rest - 2 * transfers - adjustments
        if receipts < 1:
            raise CommandError("Too few movements for the shipments' lines.")
        # Demands (goods going out) in time order: dispatch lines, transfers, adjustments.
        events = []  # (when, order, kind, payload)
        for shipment, lines in dispatched:
            for line in lines:
                events.append((shipment.dispatched_at, "dispatch", (shipment, line)))
        for _ in range(transfers):
            source, target = self.rng.sample(self.associations, 2) if len(self.associations) > 1 else (None, None)
            events.append((self.random_moment(), "transfer", (source, target, self.rng.choice(self.items))))
        for _ in range(adjustments):
            events.append((self.random_moment(), "adjust", (self.rng.choice(self.associations),
                                                            self.rng.choice(self.items))))
        events.sort(key=lambda e: (e[0], e[1]))
        self.movements = []
        self.receipt_specs = []  # (when, association, item, quantity): the donation lines, one receipt each
        level = defaultdict(int)
        # A receipt is added in front of a demand that the stock cannot meet; the remaining
        # receipts come in at random times. Receipts only add, so no level ever goes negative.
        for when, kind, payload in events:
            if kind == "dispatch":
                shipment, line = payload
                key = (shipment.source_association.pk, line.item.pk)
                self._cover(level, key, line.quantity, when)
                level[key] -= line.quantity
                self.movements.append(StockMovement(
                    item=line.item, association=shipment.source_association, quantity=-line.quantity,
                    kind=StockMovement.Kind.DISPATCH, shipment=shipment, created_by=self.operator_user,
                    created_at=when))
            elif kind == "transfer":
                source, target, item = payload
                if source is None:
                    continue
                quantity = self.rng.randint(1, 40)
                self._cover(level, (source.pk, item.pk), quantity, when)
                level[(source.pk, item.pk)] -= quantity
                level[(target.pk, item.pk)] += quantity
                for owner, other, signed in ((source, target, -quantity), (target, source, quantity)):
                    self.movements.append(StockMovement(
                        item=item, association=owner, quantity=signed, kind=StockMovement.Kind.TRANSFER,
                        counterpart=other, note="Übergabe zwischen Vereinen", created_by=self.operator_user,
                        created_at=when))
            else:
                association, item = payload
                key = (association.pk, item.pk)
                if self.rng.random() < 0.3:
                    quantity, reason = self.rng.randint(1, 10), StockMovement.Reason.FOUND
                else:
                    quantity = -self.rng.randint(1, 10)
                    reason = self.rng.choice([StockMovement.Reason.LOST, StockMovement.Reason.DAMAGED,
                                              StockMovement.Reason.EXPIRED])
                    self._cover(level, key, -quantity, when)
                level[key] += quantity
                self.movements.append(StockMovement(
                    item=item, association=association, quantity=quantity, kind=StockMovement.Kind.ADJUSTMENT,
                    reason=reason, note="Bei der Kontrolle festgestellt", created_by=self.operator_user,
                    created_at=when))
        spare = receipts - len(self.receipt_specs)
        if spare < 0:
            raise CommandError(f"The ledger needed {-spare} receipts more than planned; lower the demands.")
        while spare > 0:
            # A delivery of several goods to one association at one moment: one donation.
            when, association = self.random_moment(), self.rng.choice(self.associations)
            for item in self.rng.sample(self.items, min(spare, self.rng.randint(1, 12))):
                key, quantity = (association.pk, item.pk), self.rng.randint(1, 200)
                level[key] += quantity
                self.receipt_specs.append((when, key, quantity))
                spare -= 1
        self.levels = level

    def _cover(self, level, key, quantity, when):
        if level[key] >= quantity:
            return
        amount = quantity - level[key] + quantity * self.rng.randint(2, 6)
        level[key] += amount
        earlier = max(self.start, when - datetime.timedelta(days=self.rng.randint(1, 30), hours=self.rng.randint(0, 8)))
        self.receipt_specs.append((earlier, key, amount))

    def write_shipments(self, shipments):
        with dates_as_given(Shipment):
            objs = bulk_create_with_history([s for s, _ in shipments], Shipment, batch_size=BATCH,
                                            default_user=self.operator_user)
        for obj, (shipment, _) in zip(objs, shipments, strict=True):
            shipment.pk = obj.pk
        through = Shipment.organisers.through
        through.objects.bulk_create(
            [through(shipment_id=s.pk, association_id=s.source_association_id) for s, _ in shipments],
            batch_size=BATCH)
        lines = []
        for shipment, shipment_lines in shipments:
            for line in shipment_lines:
                line.shipment = shipment
                if shipment.status == Shipment.Status.DELIVERED:
                    short = self.rng.random() < 0.02
                    line.received_quantity = line.quantity - 1 if short else line.quantity
                line._history_date = shipment.created_at
                lines.append(line)
        bulk_create_with_history(lines, ShipmentLine, batch_size=BATCH, default_user=self.operator_user)
        events = []
        for shipment, _ in shipments:
            if shipment.dispatched_at:
                events.append(ShipmentEvent(shipment=shipment, kind=ShipmentEvent.Kind.DISPATCHED,
                                            occurred_at=shipment.dispatched_at, created_at=shipment.dispatched_at))
            if shipment.delivered_on:
                arrival = max(self.at(shipment.delivered_on, 12), shipment.dispatched_at)
                events.append(ShipmentEvent(shipment=shipment, kind=ShipmentEvent.Kind.DELIVERED,
                                            occurred_at=arrival, created_at=arrival))
        for event in events:
            event._history_date = event.created_at
        with dates_as_given(ShipmentEvent):
            bulk_create_with_history(events, ShipmentEvent, batch_size=BATCH, default_user=self.operator_user)
        return len(lines)

    def write_ledger(self):
        donors = [Donor(name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)} ({n + 1})",
                        kind=self.rng.choice(Donor.Kind.values), email=f"spender{n + 1}@example.org")
                  for n in range(max(10, len(self.receipt_specs) // 50))]
        bulk_create_with_history(donors, Donor, batch_size=BATCH)
        associations = {a.pk: a for a in self.associations}
        items = {i.pk: i for i in self.items}
        # One donation per receipt in front of a demand, and the random ones grouped by day and owner.
        self.receipt_specs.sort(key=lambda spec: spec[0])
        groups = []
        for when, key, quantity in self.receipt_specs:
            last = groups[-1] if groups else None
            if (last and last["key"][0] == key[0] and last["when"] == when
                    and len(last["lines"]) < 12 and key[1] not in {k for k, _ in last["lines"]}):
                last["lines"].append((key[1], quantity))
            else:
                groups.append({"when": when, "day": timezone.localdate(when), "key": key,
                               "lines": [(key[1], quantity)]})
        donations = []
        for group in groups:
            procurement = self.rng.random() < 0.15
            donation = Donation(
                kind=Donation.Kind.PROCUREMENT if procurement else Donation.Kind.DONATION,
                donor=None if procurement else self.rng.choice(donors),
                supplier="Großhandel Westfalen GmbH" if procurement else "",
                cost=Decimal(self.rng.randint(200, 20000)) if procurement else None,
                received_on=group["day"], receiving_association=associations[group["key"][0]],
                booked_in_at=group["when"], created_by=self.operator_user, created_at=group["when"],
            )
            donation._history_date = group["when"]
            donations.append(donation)
        with dates_as_given(Donation):
            bulk_create_with_history(donations, Donation, batch_size=BATCH, default_user=self.operator_user)
        lines = []
        for donation, group in zip(donations, groups, strict=True):
            for item_pk, quantity in group["lines"]:
                line = DonationLine(donation=donation, item=items[item_pk], quantity=quantity)
                line._history_date = group["when"]
                lines.append(line)
                self.movements.append(StockMovement(
                    item=items[item_pk], association=donation.receiving_association, quantity=quantity,
                    kind=StockMovement.Kind.RECEIPT, donation=donation, created_by=self.operator_user,
                    created_at=group["when"]))
        bulk_create_with_history(lines, DonationLine, batch_size=BATCH, default_user=self.operator_user)
        self.movements.sort(key=lambda m: m.created_at)
        StockMovement.objects.bulk_create(self.movements, batch_size=BATCH)
        self.donations = donations
        # The levels: the demo stock plus everything above, one row per (item, association).
        existing = {(lv.association_id, lv.item_id): lv for lv in StockLevel.objects.select_for_update()}
        new_levels = []
        for (association_pk, item_pk), quantity in self.levels.items():
            if (association_pk, item_pk) in existing:
                level = existing[(association_pk, item_pk)]
                level.quantity += quantity
                level.save(update_fields=["quantity", "updated_at"])
            else:
                new_levels.append(StockLevel(association_id=association_pk, item_id=item_pk, quantity=quantity))
        StockLevel.objects.bulk_create(new_levels, batch_size=BATCH)
        return len(self.movements)

    # --- bookings

    def write_bookings(self):
        quota = datetime.timedelta(hours=self.warehouse.weekly_quota_hours or 10**6)
        taken = defaultdict(list)  # (bay pk, day) -> sorted [(start, end)] of active bookings
        used = defaultdict(datetime.timedelta)  # (association pk, iso week) -> booked time
        for booking in Booking.objects.active().filter(bay__in=self.bays):
            day = timezone.localdate(booking.start)
            bisect.insort(taken[(booking.bay_id, day)], (booking.start, booking.end))
            used[(booking.association_id, day.isocalendar()[:2])] += booking.end - booking.start
        open_days = sorted({row.weekday for row in self.opening_hours})
        horizon = self.today + datetime.timedelta(days=self.warehouse.booking_horizon_days)
        first = self.start.date()
        span = (horizon - first).days
        bookings, tries = [], 0
        while len(bookings) < self.want["bookings"]:
            tries += 1
            if tries > self.want["bookings"] * 50:
                raise CommandError("Could not place the bookings: the hall is full.")
            day = first + datetime.timedelta(days=self.rng.randrange(span))
            if day.weekday() not in open_days or (day.month, day.day) in HOLIDAYS:
                continue
            opens, closes = self.rng.choice(self.warehouse.opening_periods(day, self.opening_hours))
            minutes = self.rng.choice([30, 60, 60, 90, 120])
            slots = int((closes - opens).total_seconds() // 1800) - minutes // 30
            if slots < 0:
                continue
            start = opens + datetime.timedelta(minutes=30 * self.rng.randint(0, slots))
            end = start + datetime.timedelta(minutes=minutes)
            bay = self.rng.choice(self.bays)
            association = self.rng.choice(self.associations)
            week = day.isocalendar()[:2]
            past = end <= self.now
            roll = self.rng.random()
            if past:
                status = (Booking.Status.CONFIRMED if roll < 0.85 else
                          Booking.Status.CANCELLED if roll < 0.95 else Booking.Status.DECLINED)
            else:
                status = Booking.Status.CONFIRMED if bay.auto_confirm or roll < 0.5 else Booking.Status.REQUESTED
            if status in Booking.ACTIVE_STATUSES:
                busy = taken[(bay.pk, day)]
                if any(s < end and e > start for s, e in busy):
                    continue
                if used[(association.pk, week)] + (end - start) > quota:
                    continue
                bisect.insort(busy, (start, end))
                used[(association.pk, week)] += end - start
            created = max(self.start, start - datetime.timedelta(days=self.rng.randint(2, 27)))
            booking = Booking(
                association=association, bay=bay, start=start, end=end,
                purpose=self.rng.choice(Booking.Purpose.values), status=status, created_at=created,
                updated_at=created, created_by=self.operator_user if self.rng.random() < 0.2 else None,
            )
            if status in (Booking.Status.CONFIRMED, Booking.Status.DECLINED) and not bay.auto_confirm:
                booking.decided_at = created + datetime.timedelta(hours=self.rng.randint(1, 30))
                booking.decided_by = self.operator_user
            if status == Booking.Status.DECLINED:
                booking.decline_reason = "Tor an diesem Tag belegt."
            if status == Booking.Status.CANCELLED:
                booking.cancelled_at = created + datetime.timedelta(days=1)
                booking.decline_reason = "Termin entfällt."
            booking._history_date = created
            bookings.append(booking)
        with dates_as_given(Booking):
            bulk_create_with_history(bookings, Booking, batch_size=BATCH)
        return len(bookings)

    # --- needs, offers, news

    def write_needs(self):
        needs = []
        for n in range(self.want["needs"]):
            day = self.random_moment().date()
            item = self.rng.choice(self.items) if self.rng.random() < 0.85 else None
            crisis = self.crisis_on(day)
            city = self.city_on(day) if crisis is None or self.rng.random() < 0.6 else None
            until = day + datetime.timedelta(days=self.rng.randint(30, 720)) if self.rng.random() < 0.7 else None
            needs.append(Need(
                partner_city=city, crisis=crisis, region="" if city else "Provinz Hatay",
                item=item, category=item.category if item else self.rng.choice(self.categories),
                description="" if item else f"Sonderbedarf {n + 1}",
                quantity=self.rng.randint(5, 500), unit=item.unit if item else Unit.PIECE,
                priority=self.rng.choice(Priority.values), needed_from=day, needed_until=until,
                is_open=until is None or until >= self.today,
            ))
        bulk_create_with_history(needs, Need, batch_size=BATCH, default_user=self.staff_user)
        return len(needs)

    def write_offers(self):
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        references = set(DonationOffer.objects.values_list("reference", flat=True))
        receivable = [d for d in self.donations if d.kind == Donation.Kind.DONATION]
        self.rng.shuffle(receivable)
        keep_days = datetime.timedelta(days=90)
        offers = []
        for _ in range(self.want["offers"]):
            reference = "ANG-" + "".join(self.rng.choice(alphabet) for _ in range(6))
            while reference in references:
                reference = "ANG-" + "".join(self.rng.choice(alphabet) for _ in range(6))
            references.add(reference)
            created = self.random_moment()
            age = self.now - created
            roll = self.rng.random()
            if age < datetime.timedelta(days=21) and roll < 0.6:
                status = self.rng.choice([DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED])
            else:
                status = (DonationOffer.Status.DECLINED if roll < 0.4 else
                          DonationOffer.Status.RECEIVED if roll < 0.5 and receivable else
                          DonationOffer.Status.ACCEPTED if age < datetime.timedelta(days=60) else
                          DonationOffer.Status.DECLINED)
            kind = self.rng.choice(DonationOffer.OffererKind.values)
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            category = self.rng.choice(self.categories)
            offer = DonationOffer(
                reference=reference, offerer_kind=kind,
                organisation=f"{last} GmbH" if kind == DonationOffer.OffererKind.COMPANY else "",
                contact_name=f"{first} {last}", email=f"{first}.{last}@example.org".lower(),
                category=category, description=f"{category.name}: gut erhalten, abholbereit",
                quantity=self.rng.randint(1, 200), condition=self.rng.choice(DonationOffer.Condition.values),
                location=f"Dortmund-{self.rng.choice(DISTRICTS)}", status=status, created_at=created,
            )
            if status != DonationOffer.Status.NEW:
                offer.decided_at = created + datetime.timedelta(days=self.rng.randint(1, 5))
                offer.decided_by = self.staff_user
            if status == DonationOffer.Status.RECEIVED:
                offer.donation = receivable.pop()
            if status in (DonationOffer.Status.DECLINED, DonationOffer.Status.RECEIVED):
                offer.closed_at = offer.decided_at
                if status == DonationOffer.Status.DECLINED:
                    offer.decline_reason = "Passt gerade nicht zum Bedarf."
                # anonymise_offers runs daily: closed offers older than the retention are anonymised.
                if self.now - offer.closed_at > keep_days:
                    offer.contact_name, offer.email, offer.phone = "anonymisiert", "anonymisiert@invalid", ""
                    if kind == DonationOffer.OffererKind.PRIVATE:
                        offer.organisation = offer.location = ""
                    offer.anonymised_at = offer.closed_at + keep_days + datetime.timedelta(hours=3)
            offer._history_date = created
            offers.append(offer)
        with dates_as_given(DonationOffer):
            bulk_create_with_history(offers, DonationOffer, batch_size=BATCH)
        return len(offers)

    def write_news(self):
        taken = set(NewsPost.objects.values_list("slug", flat=True))
        posts = []
        for n in range(self.want["news"]):
            published = self.random_moment()
            crisis = self.crisis_on(published.date())
            title = f"Neues aus der Lagerhalle, Folge {n + 1}"
            slug = german_slugify(f"{title}-{published:%Y-%m-%d}", max_length=None)
            if slug in taken:
                continue
            taken.add(slug)
            post = NewsPost(
                title=title, slug=slug, teaser="Was diese Woche angekommen und abgefahren ist.",
                body="Dank vieler Helferinnen und Helfer ist wieder eine Lieferung unterwegs.\n\n" * 3,
                crisis=crisis, published_at=published if self.rng.random() < 0.97 else None,
            )
            post._history_date = published
            posts.append(post)
        bulk_create_with_history(posts, NewsPost, batch_size=BATCH, default_user=self.staff_user)
        return len(posts)

    def run(self):
        started = time.monotonic()
        self.load_reference()
        shipments = self.plan_shipments()
        self.plan_ledger(shipments)
        written = {"shipments": len(shipments)}
        written["shipment_lines"] = self.write_shipments(shipments)
        self.log(f"  shipments and lines: {time.monotonic() - started:.1f} s")
        written["stock_movements"] = self.write_ledger()
        written["donations"] = len(self.donations)
        self.log(f"  ledger: {time.monotonic() - started:.1f} s")
        written["bookings"] = self.write_bookings()
        written["needs"] = self.write_needs()
        written["offers"] = self.write_offers()
        written["news"] = self.write_news()
        return written


class Command(BaseCommand):
    help = "Add ten years of generated activity (shipments, stock ledger, bookings, needs, offers, news)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is 2,000 shipments, 218,000 movements, …")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        started = time.monotonic()
        with transaction.atomic():
            written = Generator(scale=scale, seed=seed, stdout=self.stdout).run()
            mismatches = ledger_mismatches()
            if mismatches:
                raise CommandError(f"Stock levels differ from the ledger (item, association, level, sum): "
                                   f"{mismatches[:10]}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for name, count in written.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Stock levels equal the ledger. Took {time.monotonic() - started:.1f} s.")
