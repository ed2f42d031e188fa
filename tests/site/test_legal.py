"""Imprint, privacy notice, accessibility statement with its feedback form, Leichte Sprache."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dortmund_hilft.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db

LEGAL_PAGES = ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/", "/barrierefreiheit/danke/"]


@pytest.fixture
def facts(settings):
    """Settings with values no template could contain by accident."""
    settings.LORD_MAYOR = "Erika Musterfrau"
    settings.EDITOR_RESPONSIBLE = "Max Redaktionsleiter"
    settings.DATA_PROTECTION_OFFICER = "Dr. Daten Schützerin, Musterweg 1, 44122 Dortmund"
    settings.DATA_PROTECTION_EMAIL = "dsb@example.org"
    settings.UNIT_EMAIL = "einheit@example.org"
    settings.UNIT_PHONE = "0231 12345"
    settings.OFFER_ANONYMISE_AFTER_DAYS = 45
    return settings


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", LEGAL_PAGES)
def test_every_legal_page_is_in_the_layout_and_refuses_other_methods(client, url):
    body = page(client, url)
    assert 'class="skip-link"' in body and "</footer>" in body
    assert body.count("<h1") == 1
    assert re.search(r"<title>[^<]+ – Dortmund hilft</title>", body)
    assert client.put(url).status_code == 405
    if url != "/barrierefreiheit/":
        assert client.post(url).status_code == 405


def test_imprint_names_the_city_and_the_people_from_settings(client, facts):
    body = page(client, "/impressum/")
    assert "§ 5 Digitale-Dienste-Gesetz" in body
    assert "Körperschaft des öffentlichen Rechts" in body
    assert "Friedensplatz 1" in body and "44135 Dortmund" in body
    assert "Oberbürgermeister Erika Musterfrau" in body
    assert "§ 18 Absatz 2 Medienstaatsvertrag" in body and "Max Redaktionsleiter" in body
    assert "einheit@example.org" in body and "0231 12345" in body
    assert "Umsatzsteuer" not in body  # not known, so not invented


def test_privacy_notice_covers_article_13(client, facts):
    body = page(client, "/datenschutz/")
    assert "Erika Musterfrau" in body
    assert "Dr. Daten Schützerin" in body and "dsb@example.org" in body
    assert "Artikel 6 Absatz 1 Buchstabe e DSGVO" in body and "DSG NRW" in body
    for article in ["Artikel 15", "Artikel 16", "Artikel 17", "Artikel 18", "Artikel 20", "Artikel 21", "Artikel 77"]:
        assert article in body
    assert "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen" in body
    assert "Kavalleriestraße 2–4" in body and "40213 Düsseldorf" in body
    assert "Grenzenlose Wärme e.V." in body  # a recipient
    assert "45 Tage nach dem Abschluss des Angebots" in body
    assert "spätestens 12 Monate nach dem Eingang" in body


def test_privacy_notice_lists_exactly_the_cookies_we_set(client, settings):
    settings.SESSION_COOKIE_NAME = "dh_sitzung"
    body = page(client, "/datenschutz/")
    assert "<code>dh_sitzung</code>" in body and "<code>csrftoken</code>" in body
    assert "Cookie für die Sprache setzen wir nicht" in body
    assert "Cookie-Banner" in body
    assert settings.LANGUAGE_COOKIE_NAME not in body


def test_accessibility_statement_follows_the_model_text(client, facts):
    body = page(client, "/barrierefreiheit/")
    assert "BGG NRW" in body and "BITVNRW" in body
    assert "EN 301 549" in body and "WCAG" in body and "2.1" in body
    assert "teilweise vereinbar" in body
    assert "Was noch nicht barrierefrei ist" in body and "PDF" in body and "Alternativtext" in body
    assert "Diese Erklärung wurde am " in body
    assert "innerhalb von sechs Wochen" in body
    assert "Ombudsstelle für barrierefreie Informationstechnik" in body
    assert "einheit@example.org" in body


def test_easy_language_explains_the_portal_and_the_way_around(client, facts):
    body = page(client, "/leichte-sprache/")
    for words in ["Was ist Dortmund hilft?", "Das Menü ist eine Liste mit Links.", "Zum Inhalt springen",
                  "Ein Verein ist eine Gruppe", "einheit@example.org"]:
        assert words in body
    for url in ["/krisen/", "/partnerstaedte/", "/vereine/", "/kontakt/", "/barrierefreiheit/#formular"]:
        assert f'href="{url}"' in body


# The feedback form

VALID = {"message": "Der Kontrast der Links im Fußbereich ist zu schwach.", "page_url": "/krisen/",
         "name": "Erika Beispiel", "email": "erika@example.org", "wants_reply": "on"}


def test_the_form_is_shown_with_csrf_novalidate_and_a_privacy_link(client):
    body = page(client, "/barrierefreiheit/")
    assert 'id="rueckmeldung"' in body and "novalidate" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'href="/datenschutz/"' in body.split('id="rueckmeldung"')[1]
    assert 'autocomplete="email"' in body
    assert "Es gibt ein Problem" not in body
    assert "<title>Erklärung zur Barrierefreiheit – Dortmund hilft</title>" in body


def test_invalid_input_is_shown_again_with_errors_and_nothing_is_stored(client):
    response = client.post("/barrierefreiheit/", {"message": "", "page_url": "/vereine/", "wants_reply": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Fehler: Erklärung zur Barrierefreiheit – Dortmund hilft</title>" in body
    assert "Es gibt ein Problem" in body
    assert body.index("Es gibt ein Problem") < body.index("<h1")  # first in <main>
    assert "Geben Sie Ihre Nachricht ein." in body
    assert "damit wir Ihnen antworten können" in body
    assert 'value="/vereine/"' in body
    assert 'href="#id_message"' in body and 'href="#id_email"' in body
    assert AccessibilityFeedback.objects.count() == 0
    assert mail.outbox == []


def test_a_malformed_address_is_an_error_beside_the_field(client):
    body = client.post("/barrierefreiheit/", {**VALID, "email": "erika(at)example"}).content.decode()
    assert 'id="id_email_error"' in body and "im richtigen Format" in body
    assert 'value="erika(at)example"' in body
    assert AccessibilityFeedback.objects.count() == 0


def test_an_overlong_message_is_refused_beside_the_field(client):
    response = client.post("/barrierefreiheit/", {**VALID, "message": "a" * 5001})
    body = response.content.decode()
    assert 'id="id_message_error"' in body
    assert "Bitte kürzen Sie den Text auf höchstens 5000 Zeichen (jetzt 5001)." in body
    assert AccessibilityFeedback.objects.count() == 0
    assert mail.outbox == []


def test_feedback_is_stored_sent_to_the_unit_confirmed_and_thanked_for(client, facts):
    response = client.post("/barrierefreiheit/", VALID)
    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/danke/"

    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == VALID["message"] and feedback.email == "erika@example.org"
    assert feedback.wants_reply and not feedback.handled
    assert re.fullmatch(r"BF-\d{4}-\d{6}", feedback.reference)

    to_unit, to_sender = mail.outbox
    assert to_unit.to == ["einheit@example.org"]
    assert to_unit.reply_to == ["erika@example.org"]
    assert feedback.reference in to_unit.subject
    assert VALID["message"] in to_unit.body and "/krisen/" in to_unit.body
    assert f"/admin/dortmund_hilft/accessibilityfeedback/{feedback.pk}/change/" in to_unit.body
    assert to_sender.to == ["erika@example.org"]
    assert feedback.reference in to_sender.body and "Guten Tag Erika Beispiel" in to_sender.body
    assert "einheit@example.org" in to_sender.body

    thanks = page(client, response["Location"])
    assert feedback.reference in thanks


def test_without_an_address_only_the_unit_is_told(client):
    client.post("/barrierefreiheit/", {"message": "Das Menü ist mit der Tastatur schwer zu bedienen."})
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.name == "" and feedback.email == "" and not feedback.wants_reply
    assert len(mail.outbox) == 1
    assert mail.outbox[0].reply_to == []


def test_a_robot_filling_the_hidden_field_stores_and_sends_nothing(client):
    response = client.post("/barrierefreiheit/", {**VALID, "website": "https://spam.example"})
    assert response.status_code == 302
    assert AccessibilityFeedback.objects.count() == 0
    assert mail.outbox == []
    assert "BF-" not in page(client, response["Location"])


def test_the_thanks_page_without_a_submission_shows_no_number(client):
    body = page(client, "/barrierefreiheit/danke/")
    assert "Vielen Dank" in body and "Aktenzeichen:" not in body


def test_the_form_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/barrierefreiheit/", VALID).status_code == 403
    assert AccessibilityFeedback.objects.count() == 0


def test_staff_see_feedback_in_the_admin_and_can_only_mark_it_handled(admin_client):
    client_post = Client()
    client_post.post("/barrierefreiheit/", VALID)
    feedback = AccessibilityFeedback.objects.get()
    changelist = admin_client.get("/admin/dortmund_hilft/accessibilityfeedback/?handled__exact=0&q=Kontrast")
    assert changelist.status_code == 200
    assert feedback.reference in changelist.content.decode()
    assert admin_client.get("/admin/dortmund_hilft/accessibilityfeedback/add/").status_code == 403

    change_url = f"/admin/dortmund_hilft/accessibilityfeedback/{feedback.pk}/change/"
    assert admin_client.get(change_url).status_code == 200
    admin_client.post(change_url, {"handled": "on", "message": "überschrieben"})
    feedback.refresh_from_db()
    assert feedback.handled
    assert feedback.message == VALID["message"]


def test_handled_and_old_feedback_is_due_for_deletion():
    now = timezone.now()
    recent = AccessibilityFeedback.objects.create(message="offen")
    handled = AccessibilityFeedback.objects.create(message="erledigt", handled=True)
    old = AccessibilityFeedback.objects.create(message="alt", created_at=now - datetime.timedelta(days=366))
    due = set(AccessibilityFeedback.objects.due_for_deletion(now=now))
    assert due == {handled, old}
    assert recent not in due


def test_the_daily_pruning_deletes_what_the_privacy_notice_promises():
    AccessibilityFeedback.objects.create(message="offen")
    AccessibilityFeedback.objects.create(message="erledigt", handled=True)
    out = io.StringIO()
    call_command("prune_accessibility_feedback", stdout=out)
    assert list(AccessibilityFeedback.objects.values_list("message", flat=True)) == ["offen"]
    assert "Deleted 1" in out.getvalue()


def test_browsing_and_sending_feedback_sets_only_the_listed_cookies(client, settings):
    client.get("/barrierefreiheit/")
    client.post("/barrierefreiheit/", VALID, follow=True)
    assert set(client.cookies) == {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
