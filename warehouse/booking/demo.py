"""Demo data for the warehouse: the hall at the harbour, its bays and rules, and a booking schedule.

Address, bays and hours are plausible demo values (marked `demo_values`, shown in the admin) until
the operator confirms the real ones. Idempotent like the other demo modules: the hall and its rules
are brought up to date; demo bookings are only added while the hall has no bookings at all, so a
second run (or a run after real use) never adds more.
"""

import datetime

from django.utils import timezone

from partners.demo import SeedCount, seed_rows, upsert
from partners.models import Association
from warehouse.booking.models import Booking, ClosedDay, LoadingBay, OpeningHours, Warehouse

WAREHOUSE = {
    "name": "Lagerhalle am Dortmunder Hafen",
    "address": "Speicherstraße 1\n44147 Dortmund",
    "notification_email": "kontakt@grenzenlose-waerme.org",
    "demo_values": True,
    "slot_minutes": 30,
    "min_booking_minutes": 30,
    "max_booking_minutes": 240,
    "booking_horizon_days": 28,
    "min_notice_hours": 24,
    "buffer_minutes": 0,
    "weekly_quota_hours": 12,
}

BAYS = [
    {"name": "Tor 1", "description": "Rampe für Lkw", "auto_confirm": False},
    {"name": "Tor 2", "description": "ebenerdig für Transporter", "auto_confirm": True},
    {"name": "Tor 3", "description": "Sortierfläche mit Packtischen", "auto_confirm": False},
]

# Monday to Friday 8–12 and 13–17, Saturday 9–13.
HOURS = [(day, "08:00", "12:00") for day in range(5)] + [(day, "13:00", "17:00") for day in range(5)] + [
    (5, "09:00", "13:00")
]

HOLIDAYS = [((12, 24), "Heiligabend"), ((12, 25), "1. Weihnachtstag"), ((12, 26), "2. Weihnachtstag"),
            ((12, 31), "Silvester"), ((1, 1), "Neujahr")]

# (days ahead, bay index, association slug, start hour, minutes, purpose, confirmed, note)
SCHEDULE = [
    (2, 0, "blau-gelbes-herz", 9, 120, Booking.Purpose.LOAD_SHIPMENT, True, "Lkw nach Schytomyr"),
    (2, 2, "grenzenlose-waerme", 13, 180, Booking.Purpose.SORT_PACK, True, ""),
    (3, 0, "cukurova", 10, 60, Booking.Purpose.DELIVER, False, "Hygieneartikel, 4 Paletten"),
    (4, 1, "weltladen-aplerbeck", 14, 60, Booking.Purpose.COLLECT, True, ""),
    (5, 2, "blau-gelbes-herz", 8, 120, Booking.Purpose.SORT_PACK, False, ""),
    (7, 0, "grenzenlose-waerme", 9, 90, Booking.Purpose.DONATION_DROPOFF, True, "Sachspenden aus Aufruf"),
    (8, 1, "cukurova", 13, 120, Booking.Purpose.DELIVER, True, ""),
    (9, 0, "blau-gelbes-herz", 15, 60, Booking.Purpose.COLLECT, False, ""),
    (11, 2, "weltladen-aplerbeck", 10, 120, Booking.Purpose.SORT_PACK, False, "Wasserfilter für Bondo"),
    (14, 0, "blau-gelbes-herz", 9, 180, Booking.Purpose.LOAD_SHIPMENT, False, ""),
    (16, 1, "grenzenlose-waerme", 13, 60, Booking.Purpose.OTHER, True, "Inventur Kühlboxen"),
]


def _next_open_day(day, open_weekdays):
    while day.weekday() not in open_weekdays:
        day += datetime.timedelta(days=1)
    return day


def seed():
    operator = Association.objects.filter(slug="grenzenlose-waerme").first()
    values = {key: value for key, value in WAREHOUSE.items() if key != "name"}
    warehouse, created, changed = upsert(Warehouse, {"name": WAREHOUSE["name"]}, {**values, "operator": operator})
    counts = {"Lagerhallen": SeedCount(1, int(created), int(changed and not created))}
    counts["Ladezonen"] = seed_rows(LoadingBay, [{**bay, "warehouse": warehouse} for bay in BAYS], {}, key="name")
    hours = [{"weekday": d, "opens": datetime.time.fromisoformat(o), "closes": datetime.time.fromisoformat(c)}
             for d, o, c in HOURS]
    new_hours = 0
    for row in hours:
        _, was_created, _ = upsert(OpeningHours, {"warehouse": warehouse, **row}, {})
        new_hours += was_created
    counts["Öffnungszeiten"] = SeedCount(len(hours), new_hours, 0)
    this_year = timezone.localdate().year
    closed = [{"date": datetime.date(year, m, d), "reason": reason}
              for year in (this_year, this_year + 1) for (m, d), reason in HOLIDAYS]
    counts["Schließtage"] = seed_rows(ClosedDay, [{**c, "warehouse": warehouse} for c in closed], {}, key="date")
    counts["Buchungen"] = _seed_bookings(warehouse)
    return counts


def _seed_bookings(warehouse):
    if Booking.objects.filter(bay__warehouse=warehouse).exists():
        return SeedCount(0, 0, 0)
    bays = list(warehouse.bays.order_by("name"))
    associations = {a.slug: a for a in Association.objects.all()}
    closed = set(warehouse.closed_days.values_list("date", flat=True))
    created = 0
    today = timezone.localdate()
    for ahead, bay_index, slug, hour, minutes, purpose, confirmed, note in SCHEDULE:
        if slug not in associations:
            continue
        day = _next_open_day(today + datetime.timedelta(days=ahead), range(5))
        if day in closed:
            continue
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        bay = bays[bay_index]
        if Booking.objects.active().filter(bay=bay).overlapping(start, start + datetime.timedelta(minutes=minutes)):
            continue
        Booking.objects.create(
            association=associations[slug], bay=bay, start=start, end=start + datetime.timedelta(minutes=minutes),
            purpose=purpose, note=note,
            status=Booking.Status.CONFIRMED if confirmed or bay.auto_confirm else Booking.Status.REQUESTED,
            decided_at=timezone.now() if confirmed else None,
        )
        created += 1
    return SeedCount(created, created, 0)
