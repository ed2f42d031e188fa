"""A partner institution takes part through its personal links (issue 15), end to end in the browser:
staff invite a Zhytomyr contact, the contact sends a needs list, staff take it into needs, a shipment
is packed and dispatched, the contact confirms its arrival with one difference, the shipment is
delivered with that difference on the staff and public pages, and revoked or foreign links answer 404.

The contact's pages are checked with axe and at 320 px, without JavaScript.
"""

import re

import pytest
from django.core import mail

from donations.models import Item, Need, Shipment
from donations.partner_requests import NeedsRequest
from partners.contacts import PartnerContact, PartnerLink
from partners.models import Association, PartnerCity
from tests.browser.test_stock_pages import check, log_in
from tests.factories import give_stock, make_shipment

LINK = re.compile(r"https?://\S+/partner/[0-9a-f]{64}/\S*")


def last_link(address):
    body = next(message.body for message in reversed(mail.outbox) if address in message.to)
    return LINK.search(body).group(0)


def local(url, live_server):
    """The mailed link (built from SITE_URL) on the live test server."""
    return live_server.url + "/partner/" + url.split("/partner/", 1)[1]


@pytest.mark.django_db(transaction=True)
def test_a_partner_sends_needs_and_confirms_what_arrived(demo_data, live_server, browser, browser_context_args,
                                                         page, watch):
    city = PartnerCity.objects.get(slug="schytomyr")
    contact = PartnerContact.objects.create(
        partner_city=city, institution="Krankenhaus Nr. 1", person="Olena Koval", email="olena@example.org",
        language="de",  # the walk reads German labels; the Ukrainian pages are checked at the end
    )
    item = Item.objects.active().order_by("name").first()

    # Staff invite the contact from the admin.
    log_in(page, live_server, "koordination")
    page.goto(live_server.url + "/admin/partners/partnercontact/")
    page.locator(f"input[name='_selected_action'][value='{contact.pk}']").check()
    page.select_option("select[name='action']", "send_link")
    with page.expect_navigation():
        page.locator("button[name='index'], input[name='index']").first.click()
    needs_url = local(last_link(contact.email), live_server)

    # The contact, without an account and without JavaScript, sends a needs list.
    partner = browser.new_context(**browser_context_args, java_script_enabled=False)
    tab = partner.new_page()
    tab.goto(needs_url)
    assert "Olena Koval" in tab.content()
    with tab.expect_navigation():
        tab.get_by_role("link", name="Neue Bedarfsliste senden").click()
    tab.select_option("#id_pos-0-item", str(item.pk))
    tab.fill("#id_pos-0-quantity", "6")
    tab.fill("#id_pos-1-description", "Insulin-Kühlboxen")
    tab.fill("#id_pos-1-quantity", "4")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Weitere Zeilen").click()
    assert tab.input_value("#id_pos-1-description") == "Insulin-Kühlboxen"
    assert tab.locator("#id_pos-9-quantity").count() == 1
    with tab.expect_navigation():
        tab.get_by_role("button", name="Bedarfsliste senden").click()
    assert "ist bei uns angekommen" in tab.content() and "eingegangen" in tab.content()

    # Staff take the list into needs with one click; /bedarf/ shows it.
    page.goto(live_server.url + "/intern/partner-bedarf/")
    with page.expect_navigation():
        page.locator("main a", has_text="BL-").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Alle Positionen in den Bedarf aufnehmen").click()
    assert "steht jetzt im Bedarf" in page.content()
    assert Need.objects.filter(description="Insulin-Kühlboxen", partner_city=city).exists()
    page.goto(live_server.url + "/bedarf/")
    assert "Insulin-Kühlboxen" in page.content()
    tab.goto(needs_url)
    assert "als Bedarf aufgenommen" in tab.content()

    # A shipment for the hospital is packed and dispatched; the contact gets the link to confirm.
    source = Association.objects.get(slug="grenzenlose-waerme")
    give_stock(item, source, 6)
    shipment = make_shipment(source_association=source, lines=[(item, 6)], destination_city=city,
                             recipient_contact=contact, title="Betten für das Krankenhaus Nr. 1")
    page.goto(live_server.url + f"/lager/bestand/lieferungen/{shipment.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Packen beginnen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Abfahrt buchen (Waren ausbuchen)").click()
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT
    receipt_url = local(last_link(contact.email), live_server)
    assert receipt_url.endswith("/lieferung/")

    # The contact confirms: one item short and damaged.
    tab.goto(receipt_url)
    assert "gesendet: 6" in tab.content()
    tab.fill("#id_confirmed_by", "")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Empfang bestätigen").click()
    assert tab.title().startswith("Fehler: ") and "Geben Sie Ihren Namen an." in tab.content()
    assert Shipment.objects.get(pk=shipment.pk).status == Shipment.Status.IN_TRANSIT
    tab.fill("#id_confirmed_by", "Olena Koval, Leiterin Logistik")
    tab.fill("#id_pos-0-received", "5")
    tab.select_option("#id_pos-0-condition", "damaged")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Empfang bestätigen").click()
    assert "Ihre Bestätigung ist gespeichert" in tab.content()

    # Delivered with the difference: the staff pages and the public shipment page show it.
    shipment.refresh_from_db()
    line = shipment.lines.get()
    assert shipment.status == Shipment.Status.DELIVERED and line.received_quantity == 5 and line.difference == -1
    page.goto(live_server.url + f"/lager/bestand/lieferungen/{shipment.pk}/")
    assert "(-1)" in page.content()
    page.goto(live_server.url + "/intern/")
    assert "gesendet 6, angekommen 5" in page.content()
    page.goto(live_server.url + f"/lieferungen/{shipment.pk}/")
    assert "angekommen" in page.content() and shipment.title in page.content()

    # The contact's pages: axe-clean, readable at 320 px, nothing from other hosts (with JavaScript for axe).
    staff_pages = ["/intern/partner-bedarf/", f"/intern/partner-bedarf/{NeedsRequest.objects.get().pk}/"]
    problems = [problem for url in (needs_url, needs_url + "bedarf/", receipt_url,
                                    *(live_server.url + path for path in staff_pages))
                for problem in check(page, watch, url)]
    # The same pages in the contact's language (issue 15: they follow it).
    PartnerContact.objects.filter(pk=contact.pk).update(language="uk")
    for url in (needs_url, needs_url + "bedarf/", receipt_url):
        problems += check(page, watch, url)
        assert page.locator("html").get_attribute("lang") == "uk", url
    assert not problems, "\n".join(problems)

    # A link opens only its own page, and a revoked one nothing.
    assert tab.goto(receipt_url.replace("/lieferung/", "/")).status == 404  # a shipment link is no needs link
    assert tab.goto(needs_url + "lieferung/").status == 404  # and the needs link no shipment
    assert tab.goto(live_server.url + "/partner/" + "0" * 64 + "/").status == 404
    page.goto(live_server.url + "/admin/partners/partnerlink/")
    needs_link = PartnerLink.objects.get(contact=contact, purpose=PartnerLink.Purpose.NEEDS)
    page.locator(f"input[name='_selected_action'][value='{needs_link.pk}']").check()
    page.select_option("select[name='action']", "revoke")
    with page.expect_navigation():
        page.locator("button[name='index'], input[name='index']").first.click()
    assert tab.goto(needs_url).status == 404
    partner.close()
