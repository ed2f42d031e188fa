"""Issue 11 in the browser: staff mark a shipment delivered, and /bedarf/ shows the new coverage."""

import pytest
from django.utils import timezone

from donations.models import Need, Shipment
from tests.browser.test_stock_pages import check, log_in
from warehouse.stock.services import dispatch_shipment


@pytest.mark.django_db(transaction=True)
def test_needs_coverage_follows_a_delivered_shipment(demo_data, live_server, page, watch):
    need = Need.objects.get(is_demo=True, item__slug="schlafsack")
    shipment = Shipment.objects.get(title="Schlafsäcke und Matratzen für Schytomyr")
    dispatch_shipment(shipment=shipment, by=None)

    page.goto(live_server.url + "/bedarf/")
    row = page.locator("tr", has_text=need.label).first
    assert "0 (0 %)" in row.inner_text()

    log_in(page, live_server, "lagerbetrieb")
    page.goto(f"{live_server.url}/lager/bestand/lieferungen/{shipment.pk}/")
    form = page.locator("form:has(input[name='aktion'][value='delivered'])")
    form.locator("input[name$='delivered_on']").fill(f"{timezone.localdate():%d.%m.%Y}")
    form.locator("input[name$='confirmation']").fill("Beispiel-Sozialamt, Leitung")
    with page.expect_navigation():
        form.locator("button[type='submit']").click()
    assert Shipment.objects.get(pk=shipment.pk).status == Shipment.Status.DELIVERED

    problems = check(page, watch, live_server.url + "/bedarf/")
    row = page.locator("tr", has_text=need.label).first
    assert "200 (40 %)" in row.inner_text()
    assert page.get_by_text("Beispieldaten:").is_visible()
    assert not problems, "\n".join(problems)
