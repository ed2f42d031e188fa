"""Issue 9's probe, repeated with production's safeguards on: behind one proxy, over HTTPS, with the
shared Redis cache, rate limits, login throttling and the second factor for staff.

One test per finding; each failed on the code before the fix. The detailed tests of each rule live
beside its code (test_login_throttling, test_dropoff_abuse, test_rate_limits, test_staff_two_factor,
test_personal_data_mentions, …); these show the findings closed in the setup the probe used.
"""

import csv
import io
import socket
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from donations.models import DonationOffer
from dortmund_hilft.models import AccessibilityFeedback
from tests.donations.test_public_pages import delivered
from tests.factories import local_dt, make_item, make_offer, make_user
from tests.warehouse.test_dropoff_abuse import ANSWERS as OFFER
from tests.warehouse.test_dropoff_abuse import hall, next_week  # noqa: F401 - fixtures
from warehouse.booking import services
from warehouse.booking.models import Booking

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the load balancer: every request arrives from it


def _redis_is_running():
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.fixture(autouse=True)
def production(settings):
    if not _redis_is_running():
        pytest.skip("needs Redis on 127.0.0.1:6379, as production has")
    settings.DEBUG = False
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/13",
        "KEY_PREFIX": f"abuse-test-{uuid.uuid4().hex}",  # this test's keys only; cleared below
    }}
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ENABLED = True
    settings.RATELIMIT_ENABLE = True
    settings.STAFF_REQUIRE_2FA = True
    yield settings
    cache.clear()


def via_proxy(client_address):
    """Request headers as the proxy sends them for a visitor at `client_address`."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address, "HTTP_X_FORWARDED_PROTO": "https"}


def test_1_a_stranger_cannot_lock_staff_out_and_sees_how_long_to_wait(client):
    make_user("koordination", is_staff=True, password="correct-pass-123")
    login = reverse("account:login")
    for _ in range(5):
        client.post(login, {"username": "koordination", "password": "falsch"}, **via_proxy("203.0.113.9"))
    locked = client.post(login, {"username": "koordination", "password": "falsch"}, **via_proxy("203.0.113.9"))
    assert locked.status_code == 429 and "Minuten" in locked.content.decode()

    response = client.post(
        login, {"username": "koordination", "password": "correct-pass-123"}, **via_proxy("198.51.100.7")
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_2_bot_drop_off_wishes_leave_the_hall_open(client, hall, next_week, operator_user):  # noqa: F811
    for n, day in enumerate(next_week[1:6]):
        for hour in range(8, 16):  # each bot from its own address, as a botnet would
            bot = via_proxy(f"203.0.113.{n * 10 + hour}")
            wish = {**OFFER, "email": f"bot{n}-{hour}@example.net", "dropoff_slot": local_dt(day, hour).isoformat()}
            client.post(reverse("offers:form"), wish, **bot)
            client.post(reverse("offers:check"), **bot)
    assert Booking.objects.open_public_dropoffs().count() == 40

    sunday = next_week[6]
    services.book_slot(  # the operator's own booking: the bots used none of its weekly hours
        association=hall.operator, bay=hall.bays.get(), start=local_dt(sunday, 14), end=local_dt(sunday, 15),
        purpose=Booking.Purpose.DELIVER, by=operator_user,
    )
    donor = via_proxy("198.51.100.20")
    client.post(reverse("offers:form"), {**OFFER, "dropoff_slot": local_dt(sunday, 10).isoformat()}, **donor)
    assert client.post(reverse("offers:check"), **donor)["Location"] == reverse("offers:done")
    assert DonationOffer.objects.filter(email=OFFER["email"]).exists()


def test_3_public_forms_are_throttled_and_do_not_mail_a_victim_without_end(client, settings, mailoutbox):
    feedback = {"message": "Der Kontrast ist zu schwach.", "page_url": "/krisen/"}
    answers = [client.post(reverse("site:accessibility"), feedback, **via_proxy("203.0.113.50")).status_code
               for _ in range(settings.RATELIMIT_FORM_POSTS_PER_MINUTE + 5)]
    assert answers.count(429) == 5
    assert AccessibilityFeedback.objects.count() == settings.RATELIMIT_FORM_POSTS_PER_MINUTE

    to_victim = {**feedback, "email": "opfer@example.org", "wants_reply": "on"}
    for n in range(10):  # from ten addresses: the limit is per inbox, too
        client.post(reverse("site:accessibility"), to_victim, **via_proxy(f"198.51.100.{n}"))
    assert len([m for m in mailoutbox if "opfer@example.org" in m.to]) == settings.RATELIMIT_MAILS_PER_ADDRESS_PER_HOUR

    huge = {**OFFER, "description": "x" * 4_900_000}
    response = client.post(reverse("offers:form"), huge, **via_proxy("198.51.100.30"))
    assert response.status_code == 200 and "Bitte kürzen Sie den Text" in response.content.decode()


STAFF_PAGES_WITH_PERSONAL_DATA = ["/intern/", "/intern/personendaten/?email=erika@example.org", "/lager/betrieb/",
                                  "/lager/bestand/"]


@pytest.mark.parametrize("path", STAFF_PAGES_WITH_PERSONAL_DATA)
def test_4_a_password_alone_opens_no_staff_page(client, operator_user, staff_user, path):
    make_offer()
    user = staff_user if path.startswith("/intern/") else operator_user
    client.force_login(user)  # a session with the password only
    response = client.get(path, **via_proxy("198.51.100.7"))
    assert response.status_code == 302 and response["Location"].startswith("/konto/zwei-faktor/")


def test_4_whoever_knows_a_staff_password_cannot_enrol_a_device_without_the_mailbox(client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("site:two-factor"), follow=True, **via_proxy("198.51.100.7"))
    assert "otpauth://" not in page.content.decode()  # no secret key before password and e-mailed code


def test_5_csv_cells_cannot_start_a_formula(client):
    delivered(1, item=make_item(name='=HYPERLINK("http://x")'))
    response = client.get(reverse("donations:open-data-csv"), **via_proxy("198.51.100.7"))
    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")))
    assert row["hilfsgut"].startswith("'=")


def test_5_pages_behind_a_login_are_not_kept_by_the_browser(client, member_a):
    client.force_login(member_a)
    response = client.get("/lager/", **via_proxy("198.51.100.7"))
    assert response.status_code == 200
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "camera=()" in response["Permissions-Policy"]


def test_5_a_refused_form_gets_the_german_page_with_a_way_back():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("site:accessibility"), {"message": "x"}, **via_proxy("198.51.100.7"),
                           HTTP_REFERER="https://testserver/barrierefreiheit/")
    body = response.content.decode()
    assert response.status_code == 403 and "Cookies" in body and 'href="/barrierefreiheit/"' in body
