"""Staff set up two-factor login in the browser, without JavaScript doing any of it, and every step passes axe."""

import re
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_stock_pages import PASSWORD, log_in


def _axe_problems(page):
    violations = axe_violations(page)
    return [f"{page.url}: {format_violations(violations)}"] if violations else []


def _submit(page, form="main form[method='post']"):
    with page.expect_navigation():
        page.locator(f"{form} button[type='submit']").first.click()


@pytest.fixture
def _required(settings):
    settings.STAFF_REQUIRE_2FA = True


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_required")
def test_staff_set_up_the_second_factor_and_log_in_with_a_recovery_code(demo_data, live_server, page, watch):
    log_in(page, live_server, "koordination")
    page.goto(live_server.url + "/intern/")
    assert page.url == live_server.url + "/konto/zwei-faktor/bestaetigen/"
    problems = _axe_problems(page)

    page.fill("#id_password", PASSWORD)
    _submit(page)
    code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    problems += _axe_problems(page)
    page.fill("#id_code", code)
    _submit(page)

    assert page.url == live_server.url + "/konto/zwei-faktor/"
    problems += _axe_problems(page)
    secret = b32decode(page.locator("code.secret").inner_text())
    page.fill("#id_token", f"{totp(secret):06d}")
    _submit(page)

    assert page.url == live_server.url + "/konto/zwei-faktor/wiederherstellungscodes/"
    problems += _axe_problems(page)
    recovery_code = page.locator(".recovery-codes code").first.inner_text()
    assert page.goto(live_server.url + "/intern/").status == 200

    page.context.clear_cookies()
    page.goto(live_server.url + "/konto/anmelden/")
    page.fill("#id_username", "koordination")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", recovery_code)
    _submit(page, "main form")
    assert page.goto(live_server.url + "/intern/").status == 200
    problems += watch.problems()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_required")
def test_the_code_step(demo_data, live_server, page, watch):
    log_in(page, live_server, "lagerbetrieb")
    user = get_user_model().objects.get(username="lagerbetrieb")
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)  # set up in another session
    page.goto(live_server.url + "/lager/betrieb/")
    assert page.url.startswith(live_server.url + "/konto/zwei-faktor/code/")
    problems = _axe_problems(page)
    page.fill("#id_token", "000000")
    _submit(page)
    assert page.title().startswith("Fehler: ")
    problems += _axe_problems(page)
    # django-otp now makes the device wait a second before the next try; the test does not wait.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    page.fill("#id_token", f"{totp(device.bin_key):06d}")
    _submit(page)
    assert page.url == live_server.url + "/lager/betrieb/"
    problems += watch.problems()
    assert not problems, "\n".join(problems)
