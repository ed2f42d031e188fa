"""The Django side of the benchmark, run by bench/run.py in a subprocess with the server's environment.

    probe.py pages              the pages to load and the queries each makes (JSON on stdout)
    probe.py sessions BASE      log the member, operator and staff demo users in through the login form
    probe.py race BASE N        N members of several associations book one slot at the same moment

Everything is printed as one JSON object on the last line of stdout.
"""

import datetime
import json
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dortmund_hilft.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("dortmund_hilft.requests").setLevel(logging.WARNING)  # the test client's requests

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.oath import totp  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from crises.models import AidAction, Crisis  # noqa: E402
from donations.models import Shipment  # noqa: E402
from dortmund_hilft.roles import MEMBER_GROUP  # noqa: E402

try:
    from dortmund_hilft.second_factor import requires_second_factor  # noqa: E402
except ImportError:  # before staff had to pass the second factor (issue 9)
    def requires_second_factor(user):
        return False
from partners.models import Association, Membership  # noqa: E402
from tests.ops.server import Browser  # noqa: E402
from warehouse.booking.models import BlockedTime, Booking, LoadingBay  # noqa: E402
from warehouse.booking.schedule import week_start  # noqa: E402

CRISIS = "krieg-gegen-die-ukraine"
PARTNER_CITY = "schytomyr"
# The demo users of each role (seed_demo) and the pages they work with.
ROLE_USERS = {"member": "verein", "operator": "lagerbetrieb", "staff": "koordination"}
ROLE_PAGES = [
    ("member /lager/", "member", "/lager/"),
    ("operator /lager/betrieb/", "operator", "/lager/betrieb/"),
    ("operator /lager/bestand/", "operator", "/lager/bestand/"),
    ("staff /intern/", "staff", "/intern/"),
]


def pages():
    """(name, role or None, path): /healthz, every public page, then the pages of each role."""
    shipment = Shipment.objects.public().order_by("-planned_on", "-pk").first()
    crisis = Crisis.objects.get(slug=CRISIS)
    action = AidAction.objects.filter(status=AidAction.Status.RUNNING).order_by("pk").first()
    public = [
        ("/healthz", "/healthz"), ("/", "/"), ("/krisen/", "/krisen/"),
        ("crisis page", reverse("crises:detail", args=[CRISIS])),
        ("/partnerstaedte/", "/partnerstaedte/"),
        ("partner city page", reverse("partners:city-detail", args=[PARTNER_CITY])),
        ("/vereine/", "/vereine/"), ("/bedarf/", "/bedarf/"), ("/hilfsgueter/", "/hilfsgueter/"),
        ("/lieferungen/", "/lieferungen/"),
        ("shipment page", shipment.get_absolute_url()),
        ("/aktuelles/", "/aktuelles/"), ("/daten/", "/daten/"),
        ("/daten/lieferpositionen.csv", "/daten/lieferpositionen.csv"),
        ("/daten/lieferpositionen.json", "/daten/lieferpositionen.json"),
        ("/sitemap.xml", "/sitemap.xml"), ("/spenden/", "/spenden/"), ("/spenden/angebot/", "/spenden/angebot/"),
        # Issues 13, 14 and 16: the figures for one crisis, its press report, the aid actions, open data
        # beyond shipment lines, and the pages in another language.
        ("/hilfsgueter/?crisis=…", f"/hilfsgueter/?crisis={crisis.pk}"),
        ("crisis report", reverse("donations:crisis-report", args=[CRISIS])),
        ("/hilfsaktionen/", "/hilfsaktionen/"), ("aid action page", action.get_absolute_url()),
        ("/daten/bedarf.csv", "/daten/bedarf.csv"),
        ("/uk/", "/uk/"), ("/en/ crisis page", "/en" + reverse("crises:detail", args=[CRISIS])),
    ]
    return [(name, None, path) for name, path in public] + ROLE_PAGES


def _verified_device(user):
    """A confirmed TOTP device of `user`, made if missing (created after the password login)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Lasttest", confirmed=True)


def _verify_session(session_key, user):
    """Mark a logged-in session as passed the second factor, as django_otp.login() does.

    Staff (and the operator's people) must pass the second factor in production; the benchmark
    cannot type a code, so it writes the verified state into the session in the database.
    """
    session = SessionStore(session_key=session_key)
    session[DEVICE_ID_SESSION_KEY] = _verified_device(user).persistent_id
    session.save()


def _client(role):
    client = Client(SERVER_NAME="localhost")
    if role:
        user = get_user_model().objects.get(username=ROLE_USERS[role])
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if requires_second_factor(user):
            _verify_session(client.session.session_key, user)
    return client


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:  # a streamed export queries while it is read
                pass
    return response.status_code, len(queries)


def measure_pages():
    """Each page's queries: the first request after emptying the cache (cold) and the one after it (warm)."""
    cache.clear()
    clients = {}
    rows = []
    for name, role, path in pages():
        client = clients.setdefault(role, _client(role))
        status, cold = _count(client, path)
        _, warm = _count(client, path)
        rows.append({"page": name, "role": role, "path": path, "status": status, "queries_cold": cold,
                     "queries_warm": warm})
    cache.clear()  # the server starts from an empty cache as well
    return {"pages": rows}


# --- through the running server


@dataclass
class Target:
    """What tests.ops.server.Browser needs to know of a server."""

    host: str
    port: int

    @property
    def base(self):
        return f"http://{self.host}:{self.port}"


def _target(base):
    host, port = base.removeprefix("http://").rstrip("/").split(":")
    return Target(host, int(port))


def sessions(base):
    """A session cookie per role, from the real login form (the passwords come from DEMO_PASSWORD)."""
    password = os.environ["DEMO_PASSWORD"]
    cookies, with_code = {}, []
    for role, username in ROLE_USERS.items():
        user = get_user_model().objects.get(username=username)
        browser = Browser(_target(base))
        browser.open(settings.LOGIN_URL)
        fields = {"username": username, "password": password, "otp_token": ""}
        if requires_second_factor(user):
            # Staff pass the second factor in production: the code comes from a device made here.
            device = _verified_device(user)
            fields["otp_token"] = f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"
            with_code.append(role)
        response = browser.post(settings.LOGIN_URL, fields)
        if response.status != 302:
            raise RuntimeError(f"login as {username} failed: {response.status}")
        cookies[role] = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    return {"cookies": cookies, "second_factor_by_code": with_code}


def _free_slot(bay):
    """A half hour on `bay`, 4 to 20 days ahead, inside the opening hours, that nothing occupies."""
    warehouse = bay.warehouse
    hours = list(warehouse.opening_hours.all())
    closed = set(warehouse.closed_days.values_list("date", flat=True))
    today = timezone.localdate()
    for ahead in range(4, 21):
        day = today + datetime.timedelta(days=ahead)
        if day in closed:
            continue
        for opens, closes in warehouse.opening_periods(day, hours):
            start = opens
            while start + warehouse.slot <= closes:
                end = start + warehouse.slot
                if not (Booking.objects.active().filter(bay=bay).overlapping(start, end).exists()
                        or BlockedTime.objects.for_bay(bay).overlapping(start, end).exists()):
                    return start
                start = end
    raise RuntimeError("no free slot on the bay in the next three weeks")


def _racers(count, associations=10):
    """`count` members spread over `associations` new associations that use the hall."""
    group = Group.objects.get(name=MEMBER_GROUP)
    stamp = int(time.time())
    users = []
    clubs = [Association.objects.create(name=f"Lastprobe {stamp}-{n}", slug=f"lastprobe-{stamp}-{n}",
                                        summary="Für den Lasttest.",
                                        warehouse_role=Association.WarehouseRole.CO_USER)
             for n in range(associations)]
    for n in range(count):
        user = get_user_model().objects.create_user(f"lastprobe-{stamp}-{n}", email=f"lastprobe{n}@example.org")
        user.groups.add(group)
        Membership.objects.create(user=user, association=clubs[n % associations])
        users.append(user)
    return users


def race(base, count):
    """`count` members send the booking form for the same slot at once; exactly one may win."""
    target = _target(base)
    bay = LoadingBay.objects.active().filter(auto_confirm=False).order_by("pk").first()
    start = _free_slot(bay)
    week = week_start(timezone.localdate(start)).isoformat()
    url = reverse("warehouse:booking-create")
    browsers = []
    for user in _racers(count):
        browser = Browser(target).login_as(user)
        browser.open(f"{url}?bay={bay.pk}&week={week}")
        browsers.append(browser)
    data = {"bay": bay.pk, "week": week, "start": start.isoformat(), "duration": 30, "purpose": "deliver",
            "note": "Lasttest"}
    barrier = threading.Barrier(count)
    results = [None] * count

    def send(index, browser):
        try:
            conn = browser.connect()
            barrier.wait(timeout=60)
            began = time.perf_counter()
            response = browser.post(url, data, conn=conn)
            results[index] = (response.status, (time.perf_counter() - began) * 1000)
        except Exception as error:  # noqa: BLE001 - reported, not swallowed
            results[index] = (repr(error), None)

    threads = [threading.Thread(target=send, args=(n, b)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    latencies = sorted(ms for _, ms in results if ms is not None)
    statuses = {}
    for status, _ms in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    booked = Booking.objects.active().filter(bay=bay).overlapping(start, start + bay.warehouse.slot).count()

    def percentile(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))], 1) if latencies else None

    return {"requests": count, "statuses": statuses, "bookings_for_slot": booked, "winners": statuses.get("302", 0),
            "p50_ms": percentile(50), "p95_ms": percentile(95),
            "max_ms": round(latencies[-1], 1) if latencies else None, "slot": start.isoformat(), "bay": bay.name}


def main(argv):
    command = argv[1]
    if command == "pages":
        result = measure_pages()
    elif command == "sessions":
        result = sessions(argv[2])
    elif command == "race":
        result = race(argv[2], int(argv[3]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
