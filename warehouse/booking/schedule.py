"""Reading the plan of a bay: what is booked, blocked and free, and which rule a booking would break.

Nothing here writes. The booking services call `check_booking` inside their lock; pages call
`week_overview` and `Schedule.free_starts` to offer only times that are free.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from warehouse.booking.models import UTC, BlockedTime, Booking, Warehouse

SLOT_TAKEN = gettext_lazy("Dieser Zeitraum ist inzwischen belegt. Bitte wählen Sie eine andere Zeit.")
DROPOFF_DAY_FULL = gettext_lazy(
    "Für diesen Tag nehmen wir keine weiteren Abgabewünsche an. Bitte wählen Sie einen anderen Tag "
    "oder „Noch kein Termin“. Ihr Angebot können Sie auch ohne Termin senden."
)


class BookingError(Exception):
    """A rule refused the booking. `field` names the form field the message belongs to."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class DropoffDayFull(BookingError):
    """The day already has as many undecided public drop-off wishes as it takes."""

    def __init__(self):
        super().__init__(str(DROPOFF_DAY_FULL), "dropoff_slot")


def _local(moment):
    return timezone.localtime(moment)


def time_label(moment):
    return date_format(_local(moment), "TIME_FORMAT")


def date_label(moment_or_day):
    if isinstance(moment_or_day, datetime.datetime):
        moment_or_day = _local(moment_or_day).date()
    return date_format(moment_or_day, "SHORT_DATE_FORMAT")


def _hours(delta):
    minutes = int(delta.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if rest:
        return _("%(hours)d:%(minutes)02d Stunden") % {"hours": hours, "minutes": rest}
    return ngettext("%(hours)d Stunde", "%(hours)d Stunden", hours) % {"hours": hours}


def _minutes(count):
    return _hours(datetime.timedelta(minutes=count)) if count >= 60 else _("%(n)d Minuten") % {"n": count}


def week_start(day):
    """Monday of the week that contains `day`."""
    return day - datetime.timedelta(days=day.weekday())


# A week is worth planning while at least this many of its days lie ahead: from Saturday on, pages
# that show "this week" show the next one instead (the rest of the week is mostly past or too close).
PLANNING_LEAD = datetime.timedelta(days=2)


def planning_week_start(today=None):
    """Monday of the week a page shows by default: the week of the day after tomorrow.

    Monday to Friday that is the current week; on Saturday and Sunday, when the current week has
    (almost) ended, it is the next one. The one rule for the booking wizard, the occupancy page and
    the staff dashboard.
    """
    return week_start((today or timezone.localdate()) + PLANNING_LEAD)


def local_day_bounds(first_day, last_day):
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(first_day, datetime.time(), tzinfo=tz).astimezone(UTC)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=tz)
    return start, end.astimezone(UTC)


@dataclass
class Schedule:
    """What is already planned at one bay between two days: loaded once, asked many times."""

    warehouse: Warehouse
    bay: object
    bookings: list
    blocks: list
    opening_hours: list
    closed_days: dict

    @classmethod
    def load(cls, bay, first_day, last_day, exclude_pk=None):
        """`exclude_pk`: a booking being changed, whose own time counts as free."""
        warehouse = bay.warehouse
        start, end = local_day_bounds(first_day, last_day)
        margin = warehouse.buffer
        bookings = list(
            Booking.objects.active().filter(bay=bay).overlapping(start - margin, end + margin)
            .exclude(pk=exclude_pk).select_related("association").order_by("start")
        )
        blocks = list(BlockedTime.objects.for_bay(bay).overlapping(start, end).order_by("start"))
        closed = {c.date: c.reason for c in warehouse.closed_days.filter(date__range=(first_day, last_day))}
        return cls(warehouse, bay, bookings, blocks, list(warehouse.opening_hours.all()), closed)

    def periods(self, day):
        if day in self.closed_days:
            return []
        return self.warehouse.opening_periods(day, self.opening_hours)

    def conflict(self, start, end, exclude_pk=None):
        """The first rule that (start, end) breaks against what is planned, as BookingError, or None."""
        day = _local(start).date()
        if day in self.closed_days:
            return BookingError(
                _("Am %(day)s ist die Halle geschlossen: %(reason)s.")
                % {"day": date_label(day), "reason": self.closed_days[day]},
                "start",
            )
        periods = self.periods(day)
        if not periods:
            return BookingError(_("An diesem Tag ist die Halle geschlossen."), "start")
        period = next(((o, c) for o, c in periods if o <= start and end <= c), None)
        if period is None:
            hours = ", ".join(f"{time_label(o)}–{time_label(c)}" for o, c in periods)
            field = "start" if not any(o <= start < c for o, c in periods) else "duration"
            return BookingError(
                _("Die Buchung muss in den Öffnungszeiten liegen (%(hours)s).") % {"hours": hours}, field
            )
        slot = self.warehouse.slot
        if (start - period[0]) % slot or (end - start) % slot:
            return BookingError(
                _("Bitte wählen Sie Zeiten im %(slot)s-Raster.") % {"slot": _minutes(self.warehouse.slot_minutes)},
                "start",
            )
        for block in self.blocks:
            if block.start < end and block.end > start:
                return BookingError(
                    _("Von %(start)s bis %(end)s ist die Ladezone gesperrt: %(reason)s.")
                    % {"start": time_label(block.start), "end": time_label(block.end), "reason": block.reason},
                    "start" if block.start <= start else "duration",
                )
        buffer = self.warehouse.buffer
        for other in self.bookings:
            if other.pk == exclude_pk:
                continue
            if other.start < end and other.end > start:
                field = "start" if other.start <= start else "duration"
                if field == "duration":
                    return BookingError(
                        _("Ab %(time)s ist die Ladezone schon belegt. Bitte wählen Sie eine kürzere Dauer.")
                        % {"time": time_label(other.start)},
                        field,
                    )
                return BookingError(_("Dieser Zeitraum ist schon belegt. Bitte wählen Sie eine andere Zeit."), field)
            if other.start < end + buffer and other.end + buffer > start:
                return BookingError(
                    _(
                        "Zwischen zwei Buchungen einer Ladezone bleiben %(buffer)s frei. "
                        "Bitte wählen Sie eine andere Zeit."
                    )
                    % {"buffer": _minutes(self.warehouse.buffer_minutes)},
                    "start" if other.start <= start else "duration",
                )
        return None

    def free_starts(self, day, now=None):
        """Start times on `day` at which a booking of the shortest length is allowed."""
        shortest = datetime.timedelta(minutes=self.warehouse.min_booking_minutes)
        starts = []
        for opens, closes in self.periods(day):
            moment = opens
            while moment + shortest <= closes:
                allowed = check_window(self.warehouse, moment, now) is None
                if allowed and self.conflict(moment, moment + shortest) is None:
                    starts.append(moment)
                moment += self.warehouse.slot
        return starts


@dataclass
class Cell:
    """One slot of the week view. Another association's booking is only ever "taken"."""

    state: str  # free, own, taken, blocked, past, unavailable
    start: datetime.datetime
    booking: Booking | None = None
    reason: str = ""


def _cell(schedule, start, end, own_ids, now):
    for booking in schedule.bookings:
        if booking.start < end and booking.end > start:
            if booking.association_id in own_ids:
                return Cell("own", start, booking)
            return Cell("taken", start)  # never the other association's booking itself
    for block in schedule.blocks:
        if block.start < end and block.end > start:
            return Cell("blocked", start, reason=block.reason)
    if start < (now or timezone.now()):
        return Cell("past", start)
    shortest = datetime.timedelta(minutes=schedule.warehouse.min_booking_minutes)
    if check_window(schedule.warehouse, start, now) or schedule.conflict(start, start + shortest):
        return Cell("unavailable", start)
    return Cell("free", start)


def week_overview(bay, monday, associations, now=None):
    """The bay's week as (days, rows): rows are (wall-clock time, [Cell or None per day])."""
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    schedule = Schedule.load(bay, days[0], days[-1])
    own_ids = {association.pk for association in associations}
    cells, times = {}, set()
    for day in days:
        for opens, closes in schedule.periods(day):
            moment = opens
            while moment < closes:
                wall = time_label(moment)
                times.add(wall)
                cells[(day, wall)] = _cell(schedule, moment, moment + schedule.warehouse.slot, own_ids, now)
                moment += schedule.warehouse.slot
    rows = [(wall, [cells.get((day, wall)) for day in days]) for wall in sorted(times)]
    closed = [(day, schedule.closed_days.get(day, "")) for day in days]
    return closed, rows


def check_window(warehouse, start, now=None):
    now = now or timezone.now()
    if start < now + datetime.timedelta(hours=warehouse.min_notice_hours):
        return BookingError(
            ngettext(
                "Bitte buchen Sie mindestens %(hours)d Stunde vor Beginn.",
                "Bitte buchen Sie mindestens %(hours)d Stunden vor Beginn.",
                warehouse.min_notice_hours,
            )
            % {"hours": warehouse.min_notice_hours},
            "start",
        )
    last_day = _local(now).date() + datetime.timedelta(days=warehouse.booking_horizon_days)
    if _local(start).date() > last_day:
        return BookingError(
            _("Sie können höchstens %(days)d Tage im Voraus buchen, also bis zum %(day)s.")
            % {"days": warehouse.booking_horizon_days, "day": date_label(last_day)},
            "start",
        )
    return None


def _check_length(warehouse, start, end):
    length = end - start
    if length <= datetime.timedelta(0):
        return BookingError(_("Das Ende muss nach dem Beginn liegen."), "duration")
    if length < datetime.timedelta(minutes=warehouse.min_booking_minutes):
        return BookingError(
            _("Eine Buchung dauert mindestens %(length)s.") % {"length": _minutes(warehouse.min_booking_minutes)},
            "duration",
        )
    if length > datetime.timedelta(minutes=warehouse.max_booking_minutes):
        return BookingError(
            _("Eine Buchung dauert höchstens %(length)s.") % {"length": _minutes(warehouse.max_booking_minutes)},
            "duration",
        )
    return None


def _check_quota(warehouse, association, start, end, exclude_pk=None):
    if warehouse.weekly_quota_hours is None:
        return None
    monday = week_start(_local(start).date())
    week_from, week_to = local_day_bounds(monday, monday + datetime.timedelta(days=6))
    booked = (
        Booking.objects.counting_towards_quota()
        .filter(association=association, bay__warehouse=warehouse)
        .overlapping(week_from, week_to)
        .exclude(pk=exclude_pk)
        .values_list("start", "end")
    )
    used = sum((e - s for s, e in booked), datetime.timedelta(0))
    if used + (end - start) > datetime.timedelta(hours=warehouse.weekly_quota_hours):
        return BookingError(
            _(
                "Ihr Verein hat in dieser Woche schon %(used)s gebucht. Erlaubt sind %(quota)s pro Woche. "
                "Bitte wählen Sie eine kürzere Dauer oder eine andere Woche."
            )
            % {"used": _hours(used), "quota": _hours(datetime.timedelta(hours=warehouse.weekly_quota_hours))},
            "duration",
        )
    return None


def check_booking(*, association, bay, start, end, exclude_pk=None, now=None, quota=True):
    """Raise BookingError for the first rule the booking would break. Call inside the lock.

    `quota=False` for a public drop-off wish, which does not count until the operator confirms it.
    """
    warehouse = bay.warehouse
    if not bay.is_active:
        raise BookingError(_("Diese Ladezone kann zurzeit nicht gebucht werden."), "bay")
    if not (association.is_active and association.uses_warehouse):
        raise BookingError(_("Dieser Verein ist nicht für die Lagerhalle freigeschaltet."), "association")
    day = _local(start).date()
    error = (
        _check_length(warehouse, start, end)
        or check_window(warehouse, start, now)
        or Schedule.load(bay, day, day).conflict(start, end, exclude_pk)
        or (quota and _check_quota(warehouse, association, start, end, exclude_pk))
    )
    if error:
        raise error


def open_dropoffs_per_day(warehouse, first_day, last_day):
    """How many undecided public drop-off wishes each local day has at the warehouse, as a Counter."""
    start, end = local_day_bounds(first_day, last_day)
    starts = (
        Booking.objects.open_public_dropoffs().filter(bay__warehouse=warehouse).overlapping(start, end)
        .values_list("start", flat=True)
    )
    return Counter(_local(moment).date() for moment in starts)


def full_dropoff_days(warehouse, first_day, last_day):
    """Days that take no further public drop-off wish (settings.DROPOFF_OPEN_REQUESTS_PER_DAY)."""
    cap = settings.DROPOFF_OPEN_REQUESTS_PER_DAY
    return {day for day, count in open_dropoffs_per_day(warehouse, first_day, last_day).items() if count >= cap}
