"""Personal links of partner contacts: only the right, live link opens its own page; every use is logged;
the token is neither stored nor logged; staff send and revoke links in the admin."""

import datetime
import logging

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from donations.receipts import ShipmentReceipt
from partners.contacts import PartnerContact, PartnerLink, PartnerLinkAccess, token_hash
from tests.donations.partner_support import make_contact, needs_link, shipment_in_transit
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def home(link_or_token):
    token = link_or_token if isinstance(link_or_token, str) else link_or_token.token
    return reverse("partner:home", args=[token])


def test_the_database_keeps_no_token():
    link = needs_link()
    token = link.token
    assert len(token) == 64
    stored = PartnerLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == token_hash(token)


def test_the_token_depends_on_the_secret_key(settings):
    link = needs_link()
    token = link.token
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert PartnerLink.objects.get(pk=link.pk).token != token


def test_a_live_link_opens_and_its_use_is_logged(client):
    link = needs_link()
    assert client.get(home(link), REMOTE_ADDR="203.0.113.9").status_code == 200
    access = PartnerLinkAccess.objects.get()
    assert access.link == link and access.client_address == "203.0.113.9" and access.page == "home"
    assert access.method == "GET"
    link.refresh_from_db()
    assert link.last_used_at is not None


def test_behind_a_trusted_proxy_the_forwarded_client_is_logged(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    link = needs_link()
    client.get(home(link), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert PartnerLinkAccess.objects.get().client_address == "198.51.100.4"


@pytest.mark.parametrize("page", ["partner:home", "partner:request", "partner:receipt"])
def test_unknown_revoked_and_expired_links_answer_404(client, page, staff_user):
    assert client.get(reverse(page, args=["0" * 64])).status_code == 404
    purpose = PartnerLink.Purpose.SHIPMENT if page == "partner:receipt" else PartnerLink.Purpose.NEEDS
    revoked = PartnerLink.issue(contact=make_contact(), purpose=purpose)
    revoked.revoke(by=staff_user)
    assert client.get(reverse(page, args=[revoked.token])).status_code == 404
    expired = PartnerLink.issue(contact=make_contact(), purpose=purpose,
                                now=timezone.now() - datetime.timedelta(days=400))
    assert client.get(reverse(page, args=[expired.token])).status_code == 404
    assert not PartnerLinkAccess.objects.exists()


def test_a_link_expires_when_its_time_is_up(client):
    link = needs_link()
    assert client.get(home(link)).status_code == 200
    with time_machine.travel(link.expires_at + datetime.timedelta(minutes=1)):
        assert client.get(home(link)).status_code == 404


def test_a_needs_link_opens_no_shipment_and_a_shipment_link_no_needs_list(client, association_a):
    needs = needs_link()
    assert client.get(reverse("partner:receipt", args=[needs.token])).status_code == 404
    shipment = shipment_in_transit(association=association_a, items=[(make_item(), 1)])
    from donations.receipts import receipt_link

    link = receipt_link(shipment)
    assert client.get(home(link)).status_code == 404
    assert client.get(reverse("partner:request", args=[link.token])).status_code == 404
    assert client.get(reverse("partner:receipt", args=[link.token])).status_code == 200


def test_a_shipment_link_opens_only_its_own_shipment(client, association_a):
    from donations.receipts import receipt_link

    contact = make_contact()
    first = shipment_in_transit(association=association_a, items=[(make_item(), 1)], contact=contact)
    second = shipment_in_transit(association=association_a, items=[(make_item(name="Zweites Gut"), 1)],
                                 contact=contact)
    link = receipt_link(first)
    body = client.get(reverse("partner:receipt", args=[link.token])).content.decode()
    assert first.reference in body and second.reference not in body and "Zweites Gut" not in body
    other = receipt_link(second)
    assert other != link and ShipmentReceipt.objects.get(link=other).shipment == second


def test_a_revoked_shipment_link_is_replaced_by_a_new_one(association_a, staff_user):
    from donations.receipts import receipt_link

    shipment = shipment_in_transit(association=association_a, items=[(make_item(), 1)])
    old = receipt_link(shipment)
    assert receipt_link(shipment) == old  # reused while it lives
    old.revoke(by=staff_user)
    new = receipt_link(shipment)
    assert new != old and new.token != old.token


def test_link_pages_are_rate_limited_per_client_address(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_LINK_REQUESTS_PER_MINUTE = 5
    cache.clear()
    link = needs_link()
    answers = [client.get(home(link), REMOTE_ADDR="203.0.113.5").status_code for _ in range(7)]
    assert answers == [200] * 5 + [429] * 2
    # Guessing tokens counts too, and another address has its own allowance.
    assert client.get(home("f" * 64), REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.get(home(link), REMOTE_ADDR="203.0.113.6").status_code == 200
    cache.clear()


def test_the_request_log_never_holds_the_token(client, caplog):
    link = needs_link()
    with caplog.at_level(logging.INFO, logger="dortmund_hilft.requests"):
        client.get(home(link))
        client.get(home("a" * 64))
    paths = [record.event["path"] for record in caplog.records if hasattr(record, "event")]
    assert paths == ["/partner/<str:token>/", "/partner/<str:token>/"]
    assert link.token not in caplog.text


def test_staff_send_a_link_from_the_admin_in_the_contacts_language(client, staff_user):
    contact = make_contact(language="uk", person="Olena Koval")
    inactive = make_contact(is_active=False)
    client.force_login(staff_user)
    response = client.post(reverse("admin:partners_partnercontact_changelist"), {
        "action": "send_link", "_selected_action": [contact.pk, inactive.pk]})
    assert response.status_code == 302
    link = PartnerLink.objects.get()
    assert link.contact == contact and link.created_by == staff_user and link.purpose == "needs"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [contact.email]
    # No Ukrainian catalogue yet: the German text, with the link.
    assert "Olena Koval" in mail.outbox[0].body and link.token in mail.outbox[0].body


def test_a_mail_template_in_the_contacts_language_is_used_where_there_is_one(tmp_path, settings):
    from partners.links import send_to_contact

    folder = tmp_path / "partners" / "contact" / "email"
    folder.mkdir(parents=True)
    (folder / "needs_link_tr.txt").write_text("Merhaba {{ contact.person }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    contact = make_contact(language="tr", person="Ayşe")
    send_to_contact(contact, subject="Link", template="partners/contact/email/needs_link.txt", context={})
    assert mail.outbox[0].body == "Merhaba Ayşe"


def test_staff_revoke_a_link_and_see_its_uses(client, staff_user):
    link = needs_link()
    client.get(home(link), REMOTE_ADDR="203.0.113.9")
    client.force_login(staff_user)
    page = client.get(reverse("admin:partners_partnerlink_change", args=[link.pk])).content.decode()
    assert "203.0.113.9" in page and link.token not in page
    client.post(reverse("admin:partners_partnerlink_changelist"), {"action": "revoke", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == staff_user
    client.logout()
    assert client.get(home(link)).status_code == 404


def test_contacts_are_edited_inline_on_the_partner_city(client, staff_user):
    contact = make_contact(institution="Feuerwehr Schytomyr")
    client.force_login(staff_user)
    page = client.get(reverse("admin:partners_partnercity_change", args=[contact.partner_city.pk]))
    assert page.status_code == 200 and "Feuerwehr Schytomyr" in page.content.decode()


def test_the_operator_cannot_send_links(client, operator_user):
    contact = make_contact()
    client.force_login(operator_user)
    client.post(reverse("admin:partners_partnercontact_changelist"), {
        "action": "send_link", "_selected_action": [contact.pk]})
    assert not PartnerLink.objects.exists() and PartnerContact.objects.count() == 1
