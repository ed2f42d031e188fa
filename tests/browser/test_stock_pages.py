"""The operator's stock pages, the members' stock view and the staff dashboard: axe-clean, no foreign requests."""

import pytest
from django.contrib.auth import get_user_model

from donations.models import DonationOffer, ItemCategory, Shipment
from partners.models import Association
from tests.browser.helpers import axe_violations, format_violations
from tests.browser.test_public_pages import _reflow_problems
from warehouse.stock.services import start_stocktake

PASSWORD = "Demo-Passwort-fuer-Tests-1"  # noqa: S105


def log_in(page, live_server, username):
    user = get_user_model().objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/konto/anmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()


def check(page, watch, url):
    response = page.goto(url)
    problems = [] if response.status == 200 else [f"status {response.status}"]
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(violations))
    problems += _reflow_problems(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    problems += watch.problems()
    return [f"{url}: {problem}" for problem in problems]


@pytest.mark.django_db(transaction=True)
def test_operator_pages(demo_data, live_server, page, watch):
    log_in(page, live_server, "lagerbetrieb")
    operator = Association.objects.get(slug="grenzenlose-waerme")
    planned = Shipment.objects.filter(status=Shipment.Status.PLANNED).first()
    underway = Shipment.objects.filter(status=Shipment.Status.IN_TRANSIT).first()
    offer = DonationOffer.objects.open().first()
    paths = [
        "/intern/", "/lager/bestand/", f"/lager/bestand/verein/{operator.pk}/", "/lager/bestand/einbuchen/",
        "/lager/bestand/umbuchen/", "/lager/bestand/korrektur/", "/lager/bestand/inventur/",
        "/lager/bestand/lieferungen/", f"/lager/bestand/lieferungen/{planned.pk}/",
        f"/lager/bestand/lieferungen/{underway.pk}/", f"/lager/bestand/angebote/{offer.pk}/eingang/",
        "/lager/bestand/lagerbuch/", f"/lager/bestand/lagerbuch/?verein={operator.pk}",
        f"/lager/bestand/verein/{operator.pk}/mindestbestand/", "/lager/betrieb/abgabewuensche/",
    ]
    problems = [problem for path in paths for problem in check(page, watch, live_server.url + path)]

    # A stocktake counted by category, and the confirmation before closing it.
    stocktake = start_stocktake(association=operator, by=get_user_model().objects.get(username="lagerbetrieb"))
    category = ItemCategory.objects.first()
    for path in (f"/lager/bestand/inventur/{stocktake.pk}/warengruppe/?warengruppe={category.pk}",
                 f"/lager/bestand/inventur/{stocktake.pk}/abschliessen/"):
        problems += check(page, watch, live_server.url + path)

    # A form with errors is checked too: the book-in form sent empty.
    page.goto(live_server.url + "/lager/bestand/einbuchen/")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").first.click()
    assert page.title().startswith("Fehler: ")
    assert page.locator("[data-error-summary]").count() == 1  # the form's and the lines' errors in one box
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(violations))
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_member_stock_pages(demo_data, live_server, page, watch):
    log_in(page, live_server, "verein")
    own = Association.objects.get(slug="blau-gelbes-herz")
    problems = check(page, watch, live_server.url + "/lager/bestand/")
    problems += check(page, watch, live_server.url + f"/lager/bestand/verein/{own.pk}/")
    problems += check(page, watch, live_server.url + "/lager/vergangene/")
    assert not problems, "\n".join(problems)
    other = Association.objects.get(slug="cukurova")
    assert page.goto(live_server.url + f"/lager/bestand/verein/{other.pk}/").status == 404
