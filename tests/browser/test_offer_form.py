"""A visitor offers goods with the keyboard only, corrects a wrong value and gets a reference number."""

import pytest
from django.core import mail

from donations.models import DonationOffer
from tests.browser.helpers import axe_violations, format_violations


def tab_to(page, selector, limit=150):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def assert_accessible(page, watch):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}\n{format_violations(violations)}"
    assert watch.problems() == []


@pytest.mark.django_db(transaction=True)
def test_offer_goods_with_the_keyboard(demo_data, live_server, page, watch):
    page.goto(live_server.url + "/spenden/")
    tab_to(page, "a[href='/spenden/angebot/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, watch)

    tab_to(page, "#id_offerer_kind_0")
    page.keyboard.press("Space")  # Privatperson
    tab_to(page, "#id_contact_name")
    page.keyboard.type("Erika Muster")
    tab_to(page, "#id_email")
    page.keyboard.type("erika@example.org")
    tab_to(page, "#id_description")
    page.keyboard.type("Schlafsäcke, neu und original verpackt")
    tab_to(page, "#id_quantity")
    page.keyboard.type("zwanzig")
    tab_to(page, "#id_condition_0")
    page.keyboard.press("Space")  # neu
    tab_to(page, "#id_location")
    page.keyboard.type("Dortmund-Hörde")
    tab_to(page, "button[type='submit'][name='weiter']")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The page says what is wrong, next to the field, and keeps what was typed.
    assert page.title().startswith("Fehler: ")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    error = page.locator("#id_quantity_error")
    assert "Geben Sie die Menge als ganze Zahl ein" in error.inner_text()
    quantity = page.locator("#id_quantity")
    assert quantity.input_value() == "zwanzig"
    assert "id_quantity_error" in quantity.get_attribute("aria-describedby")
    assert page.locator("#id_contact_name").input_value() == "Erika Muster"
    assert page.locator("#id_description").input_value() == "Schlafsäcke, neu und original verpackt"
    assert_accessible(page, watch)

    # The summary's link leads to the field; correct it and go on.
    tab_to(page, ".error-summary a[href='#id_quantity']")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_quantity"
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    tab_to(page, "button[type='submit'][name='weiter']")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # (A redirect keeps the #id_quantity fragment the summary link added.)
    assert "/spenden/angebot/pruefen/" in page.url, page.locator("main").inner_text()[:800]
    assert "20 Stück" in page.locator("main").inner_text()
    assert_accessible(page, watch)
    tab_to(page, "main button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/spenden/angebot/eingegangen/" in page.url
    offer = DonationOffer.objects.get(contact_name="Erika Muster")
    assert offer.quantity == 20 and offer.status == DonationOffer.Status.NEW
    assert offer.reference in page.locator(".reference-number").inner_text()
    assert_accessible(page, watch)
    assert [message.to for message in mail.outbox if offer.reference in message.subject] == [["erika@example.org"]]
