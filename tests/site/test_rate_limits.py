"""Rate limits on the public forms: per client address and form, and per e-mail address mailed to."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from dortmund_hilft.models import AccessibilityFeedback
from warehouse.models import CoUseApplication

pytestmark = pytest.mark.django_db

FEEDBACK = {"message": "Der Kontrast der Links im Fußbereich ist zu schwach.", "page_url": "/krisen/"}
APPLY = reverse("warehouse:co-use")
CHECK = reverse("warehouse:co-use-check")
ANSWERS = {
    "association_name": "Hilfe für Bondo e.V.", "contact_name": "Amina Otieno", "email": "amina@example.org",
    "phone": "", "goods": "Schulmaterial und Wasserfilter", "frequency": "monthly", "storage_need": "3 Paletten",
}
TOO_MANY = "Zu viele Anfragen. Bitte warten Sie eine Minute und versuchen Sie es dann noch einmal."


@pytest.fixture(autouse=True)
def _limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_FORM_POSTS_PER_MINUTE = 10
    settings.RATELIMIT_FORM_POSTS_PER_HOUR = 30
    settings.RATELIMIT_MAILS_PER_ADDRESS_PER_HOUR = 3
    cache.clear()
    yield
    cache.clear()


def _apply(client, email, address="203.0.113.7"):
    return client.post(APPLY, {**ANSWERS, "email": email}, REMOTE_ADDR=address)


def test_a_bot_posting_feedback_in_a_loop_gets_429_and_stores_nothing_more(client):
    statuses = [client.post("/barrierefreiheit/", FEEDBACK).status_code for _ in range(15)]
    assert statuses == [302] * 10 + [429] * 5
    assert AccessibilityFeedback.objects.count() == 10
    refused = client.post("/barrierefreiheit/", FEEDBACK)
    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert "<title>Zu viele Anfragen" in refused.content.decode()


def test_the_hourly_limit_holds_when_the_bot_paces_itself(client):
    start = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    statuses = []
    with time_machine.travel(start, tick=False) as traveller:
        for minute in range(35):
            traveller.move_to(start + datetime.timedelta(seconds=minute * 61 // 2))
            statuses.append(client.post("/barrierefreiheit/", FEEDBACK).status_code)
    assert statuses == [302] * 30 + [429] * 5
    assert AccessibilityFeedback.objects.count() == 30


def test_the_co_use_check_step_is_limited_too(client, mailoutbox):
    assert _apply(client, "amina@example.org")["Location"] == CHECK
    statuses = [client.post(CHECK, REMOTE_ADDR="203.0.113.7").status_code for _ in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    assert CoUseApplication.objects.count() == 1
    assert len(mailoutbox) == 2  # the confirmation and the note to the coordination unit


def test_a_bot_applying_for_co_use_in_a_loop_stops_at_the_limit(client):
    statuses = [_apply(client, f"bot{number}@example.org").status_code for number in range(12)]
    assert statuses == [302] * 10 + [429] * 2


def test_one_inbox_gets_at_most_three_confirmations_an_hour_from_any_number_of_addresses(client, mailoutbox):
    sent = []
    for number in range(6):
        address = f"198.51.100.{number + 1}"
        # The victim's address in another spelling is still the same inbox.
        email = "Opfer@Example.org" if number % 2 else "opfer@example.org"
        if _apply(client, email, address).status_code == 302:
            sent.append(client.post(CHECK, REMOTE_ADDR=address).status_code)
    assert len(sent) == 3
    assert CoUseApplication.objects.count() == 3
    assert len([m for m in mailoutbox if m.to == ["opfer@example.org"] or m.to == ["Opfer@Example.org"]]) == 3
    # Someone else's address still goes through.
    assert _apply(client, "amina@example.org", "198.51.100.99").status_code == 302


def test_the_password_reset_is_limited_per_e_mail_address(client, mailoutbox):
    url = reverse("account:password_reset")
    statuses = [
        client.post(url, {"email": "opfer@example.org"}, REMOTE_ADDR=f"198.51.100.{n + 1}").status_code
        for n in range(5)
    ]
    assert statuses == [302] * 3 + [429] * 2


def test_different_addresses_are_limited_separately(client):
    for _ in range(11):
        client.post("/barrierefreiheit/", FEEDBACK, REMOTE_ADDR="203.0.113.7")
    assert client.post("/barrierefreiheit/", FEEDBACK, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.post("/barrierefreiheit/", FEEDBACK, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_the_limit_resets_after_the_window(client):
    start = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(11):
            client.post("/barrierefreiheit/", FEEDBACK)
        assert client.post("/barrierefreiheit/", FEEDBACK).status_code == 429
        traveller.move_to(start + datetime.timedelta(minutes=2))
        assert client.post("/barrierefreiheit/", FEEDBACK).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(11):
        client.post("/barrierefreiheit/", FEEDBACK, **proxied)
    assert client.post("/barrierefreiheit/", FEEDBACK, **proxied).status_code == 429
    other = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert client.post("/barrierefreiheit/", FEEDBACK, **other).status_code == 302


def test_pages_are_not_counted(client):
    for _ in range(20):
        assert client.get("/barrierefreiheit/").status_code == 200
    assert client.post("/barrierefreiheit/", FEEDBACK).status_code == 302


def test_the_feedback_form_does_not_mail_one_address_more_than_three_times_an_hour(client, settings):
    settings.RATELIMIT_MAILS_PER_ADDRESS_PER_HOUR = 3
    statuses = []
    for n in range(5):
        response = client.post(
            reverse("site:accessibility"),
            {"message": "Der Kontrast ist zu schwach.", "email": "Opfer@Example.org", "wants_reply": "on"},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
        statuses.append(response.status_code)
    assert statuses[3:] == [429, 429]
    assert AccessibilityFeedback.objects.filter(email__iexact="opfer@example.org").count() == 3
