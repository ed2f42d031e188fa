"""A cache for figures computed from the hall's plan (free drop-off times), kept until the plan changes.

Like partners.public_cache, every key holds a version number that lives in the shared cache (Redis in
production), and a save or delete of anything the plan is made of bumps it: bookings, blocked times,
opening hours, closed days, bays and the hall's own rules. The public data version is no use here, as
bookings are not public data and change far more often.

The entries also expire after SECONDS, for writes that send no signal (a queryset update, another
program on the database). A stale entry can only offer a time that has gone meanwhile: the booking
service checks the time again under its lock, and the form then says the time is no longer free.

The receivers are connected by `watch()`; STYLE.md keeps business logic out of signals, and cache
invalidation is the accepted exception (see partners.public_cache).
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "booking-data:version"
SECONDS = 30


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        # Starts at the clock, never at a number an earlier run used (see public_cache._start).
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        current = cache.get(VERSION_KEY)
    return current


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (first start, flushed or evicted)
        version()


def plan_changed(**kwargs):
    """Bump now and again after the commit: a request in between may have stored the old plan."""
    bump()
    transaction.on_commit(bump)


def watch():
    """Connect the receivers to every model the plan is made of. Safe to call more than once."""
    from warehouse.booking.models import BlockedTime, Booking, ClosedDay, LoadingBay, OpeningHours, Warehouse

    for model in (Warehouse, OpeningHours, ClosedDay, LoadingBay, Booking, BlockedTime):
        uid = f"booking-data:{model._meta.label}"
        post_save.connect(plan_changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(plan_changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


def cached(name, compute, *parts):
    """compute(), or what it returned before under the same plan version and parts."""
    raw = "\x1f".join(str(part) for part in (version(), *parts))
    entry_key = f"booking:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"
    value = cache.get(entry_key)
    if value is None:
        value = compute()
        cache.set(entry_key, value, SECONDS)
    return value
