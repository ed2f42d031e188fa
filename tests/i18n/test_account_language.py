"""Accounts keep a language, and everything mailed to them speaks it (issue 16).

The login stores the page's language, the switcher and /konto/sprache/ change it; booking mails go out
once per language of their recipients, calendar file included; the donor's receipt carries the
offer's language beside German.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from pypdf import PdfReader

from donations import pdf
from dortmund_hilft import emails as site_emails
from dortmund_hilft.models import AccessibilityFeedback, AccountLanguage
from partners.languages import account_language
from tests.factories import (
    days_ahead,
    local_dt,
    make_association,
    make_bay,
    make_donation,
    make_item,
    make_membership,
    make_offer,
    make_user,
)
from tests.warehouse.test_co_use_approval import make_application
from warehouse.booking import emails as booking_emails
from warehouse.booking.services import book_slot, confirm_booking
from warehouse.intake import emails as co_use_emails
from warehouse.intake.services import approve_co_use
from warehouse.models import Booking, CalendarFeed

pytestmark = pytest.mark.django_db


def _language_of(user):
    """The language stored now (read afresh: the user object keeps the row it loaded)."""
    return account_language(get_user_model().objects.get(pk=user.pk))


def _speaking(language, username=None, **extra):
    user = make_user(username, **extra)
    AccountLanguage.choose(user, language)
    return user


# --- where the language comes from ------------------------------------------------------------------


def test_an_account_without_a_choice_reads_german(member_a):
    assert _language_of(member_a) == "de"


def test_the_first_login_stores_the_language_of_the_login_page(client):
    user = make_user("olena")
    response = client.post("/uk/konto/anmelden/", {"username": "olena", "password": "test-pass-123"})
    assert response.status_code == 302
    assert _language_of(user) == "uk"


def test_a_later_login_on_another_language_keeps_the_stored_one(client):
    user = _speaking("tr", "ayse")
    client.post("/en/konto/anmelden/", {"username": "ayse", "password": "test-pass-123"})
    assert _language_of(user) == "tr"


def test_a_login_on_a_german_page_stores_german(client):
    user = make_user("erika")
    client.post("/konto/anmelden/", {"username": "erika", "password": "test-pass-123"})
    assert AccountLanguage.objects.get(user=user).language == "de"


def test_a_failed_login_stores_nothing(client):
    make_user("olena")
    client.post("/uk/konto/anmelden/", {"username": "olena", "password": "wrong"})
    assert not AccountLanguage.objects.exists()


def test_the_switcher_changes_a_logged_in_account_s_language(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("language-switch", args=["tr"]), {"next": "/lager/"})
    assert response["Location"] == "/tr/lager/"
    assert _language_of(member_a) == "tr"
    client.get(reverse("language-switch", args=["de"]), {"next": "/tr/lager/"})
    assert _language_of(member_a) == "de"


def test_a_link_from_another_site_sets_the_cookie_but_not_the_account_s_language(client, member_a):
    client.force_login(member_a)
    client.get(reverse("language-switch", args=["uk"]), {"next": "/"}, headers={"Sec-Fetch-Site": "same-origin"})
    response = client.get(reverse("language-switch", args=["tr"]), {"next": "/"},
                          headers={"Sec-Fetch-Site": "cross-site"})
    assert response.cookies["django_language"].value == "tr"
    assert _language_of(member_a) == "uk"


def test_the_switcher_stores_nothing_for_a_visitor(client):
    client.get(reverse("language-switch", args=["uk"]), {"next": "/"})
    assert not AccountLanguage.objects.exists()


# --- the settings page --------------------------------------------------------------------------------


def test_the_settings_page_shows_the_stored_language_and_changes_it(client, member_a):
    client.force_login(member_a)
    url = reverse("account:language")
    assert url == "/konto/sprache/"
    page = client.get(url).content.decode()
    assert 'value="de" id="id_language_0" required checked' in page
    response = client.post(url, {"language": "uk"})
    assert response.status_code == 302 and response["Location"] == url
    assert _language_of(member_a) == "uk"
    page = client.get(url).content.decode()
    assert "Gespeichert. Ihre Sprache für E-Mails und Kalender: Ukrainisch." in page
    assert 'value="uk" id="id_language_2" required checked' in page


def test_the_settings_page_and_a_double_click_on_save_cost_the_same_few_queries(client, member_a,
                                                                               django_assert_max_num_queries):
    """No list grows on this page; a second identical post (a double click) changes nothing and fails nothing."""
    client.force_login(member_a)
    url = reverse("account:language")
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for _click in range(2):
        with django_assert_max_num_queries(12):
            assert client.post(url, {"language": "tr"}).status_code == 302
    assert AccountLanguage.objects.filter(user=member_a).count() == 1 and _language_of(member_a) == "tr"


def test_the_settings_page_refuses_an_unknown_language_beside_the_field(client, member_a):
    AccountLanguage.choose(member_a, "en")
    client.force_login(member_a)
    response = client.post(reverse("account:language"), {"language": "xx"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Fehler: " in page
    error = page.split('id="id_language_error"', 1)[1].split("</p>", 1)[0]
    assert "Bitte wählen Sie eine der angebotenen Sprachen." in error
    assert _language_of(member_a) == "en"


def test_the_settings_page_is_for_logged_in_accounts_only(client):
    response = client.get(reverse("account:language"))
    assert response["Location"].startswith("/konto/anmelden/")
    assert client.post(reverse("account:language"), {"language": "uk"}).status_code == 302
    assert not AccountLanguage.objects.exists()


def test_the_member_area_links_to_the_settings_page(client, member_a):
    client.force_login(member_a)
    page = client.get(reverse("warehouse:home")).content.decode()
    assert f'href="{reverse("account:language")}"' in page


def test_staff_see_and_set_an_account_s_language_in_the_user_admin(client):
    user = _speaking("tr", "ayse")
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url).content.decode()
    assert '<option value="tr" selected>Türkisch</option>' in page
    response = client.post(url, {
        "username": user.username, "email": user.email, "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
        "account_language-TOTAL_FORMS": "1", "account_language-INITIAL_FORMS": "1",
        "account_language-MIN_NUM_FORMS": "0", "account_language-MAX_NUM_FORMS": "1",
        "account_language-0-user": str(user.pk), "account_language-0-language": "en",
    })
    assert response.status_code == 302
    assert _language_of(user) == "en"


# --- booking mails --------------------------------------------------------------------------------------


@pytest.fixture
def bay(db):
    return make_bay(name="Tor 1")


def _booking(association, bay, hour=10):
    booking = Booking.objects.create(
        association=association, bay=bay, start=local_dt(days_ahead(3), hour), end=local_dt(days_ahead(3), hour + 1),
        purpose=Booking.Purpose.DELIVER,
    )
    return Booking.objects.with_details().get(pk=booking.pk)


def _summary(message):
    (name, content, _mimetype) = message.attachments[0]
    assert name == "buchung.ics"
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    return str(event["SUMMARY"])


def test_an_association_gets_one_booking_mail_per_language(association_a, bay, mailoutbox):
    german = make_user("erika")
    ukrainian = _speaking("uk", "olena")
    for user in (german, ukrainian):
        make_membership(user, association_a)
    booking = _booking(association_a, bay)
    confirm_booking(booking=booking, by=make_user("betrieb", groups=["Lagerbetrieb"]))
    in_german, in_ukrainian = mailoutbox
    assert (in_german.to, in_german.bcc) == ([german.email], [])
    assert in_german.subject.startswith("Buchung bestätigt: ")
    assert "Ihre Buchung der Lagerhalle ist bestätigt." in in_german.body
    assert _summary(in_german) == "Lagerhalle: Waren anliefern (Tor 1)"
    assert (in_ukrainian.to, in_ukrainian.bcc) == ([ukrainian.email], [])
    assert in_ukrainian.subject.startswith("Бронювання підтверджено: ")
    assert "Buchung" not in in_ukrainian.body and f"/uk/lager/buchungen/{booking.pk}/" in in_ukrainian.body
    assert _summary(in_ukrainian).startswith("Склад: ")
    assert translation.get_language() == "de"  # the caller's language is untouched


def test_the_date_in_a_german_subject_stays_as_it_was(association_a, member_a, bay, mailoutbox):
    booking = _booking(association_a, bay)
    booking_emails.booking_confirmed(booking)
    (mail,) = mailoutbox
    assert mail.subject == f"Buchung bestätigt: {days_ahead(3):%d.%m.%Y}, 10:00–11:00"


def test_members_of_one_language_share_one_mail(association_a, bay, mailoutbox):
    members = [_speaking("tr", f"uye{n}") for n in range(3)]
    for user in members:
        make_membership(user, association_a)
    booking_emails.booking_reminder(_booking(association_a, bay))
    (mail,) = mailoutbox
    assert sorted([*mail.to, *mail.bcc]) == sorted(user.email for user in members)
    assert mail.subject.startswith("Hatırlatma: yarın depo, ")


def test_the_operator_s_staff_read_their_language_and_the_hall_s_address_german(association_a, member_a, bay,
                                                                                 mailoutbox):
    bay.warehouse.notification_email = "lager@example.org"
    bay.warehouse.save()
    operator = _speaking("uk", "oksana", groups=["Lagerbetrieb"])
    start = local_dt(days_ahead(3), 10)
    book_slot(association=association_a, bay=bay, start=start, end=start.replace(hour=11), purpose="deliver",
              by=member_a)
    to_member, to_hall, to_operator = mailoutbox
    assert to_member.to == [member_a.email] and to_member.subject.startswith("Buchungsanfrage eingegangen")
    assert to_hall.to == ["lager@example.org"] and to_hall.bcc == []
    assert to_hall.subject.startswith("Neue Buchungsanfrage: Verein A e.V.")
    assert _summary(to_hall).startswith("Lagerhalle: ")
    assert to_operator.to == [operator.email]
    assert to_operator.subject.startswith("Новий запит на бронювання: Verein A e.V.")
    assert "/uk/lager/betrieb/" in to_operator.body
    assert _summary(to_operator).startswith("Склад: ")


def test_an_address_that_is_a_member_s_and_the_hall_s_goes_once_in_the_member_s_language(
    association_a, bay, mailoutbox
):
    member = _speaking("en", "ann", email="lager@example.org")
    make_membership(member, association_a)
    bay.warehouse.notification_email = "lager@example.org"
    bay.warehouse.save()
    booking_emails.booking_cancelled(_booking(association_a, bay))
    (mail,) = mailoutbox
    assert mail.to == ["lager@example.org"] and mail.subject.startswith("Booking cancelled")


def _queries_to_mail(association, bay, hour):
    booking = _booking(association, bay, hour)
    with CaptureQueriesContext(connection) as queries:
        booking_emails.booking_confirmed(booking)
        booking_emails.booking_requested(booking)
    return len(queries)


def test_mailing_makes_as_many_queries_for_six_members_as_for_two(bay):
    few, many = make_association(), make_association()
    make_user("betrieb-de", groups=["Lagerbetrieb"])
    _speaking("uk", "betrieb-uk", groups=["Lagerbetrieb"])
    for association, per_language in ((few, 1), (many, 3)):
        for _member in range(per_language):
            make_membership(make_user(), association)
            make_membership(_speaking("uk"), association)
    assert _queries_to_mail(few, bay, 10) == _queries_to_mail(many, bay, 13)


def test_a_membership_invitation_is_in_the_invited_account_s_language(association_a, mailoutbox):
    from warehouse.association import emails as association_emails

    user = _speaking("en", "ann")
    membership = make_membership(user, association_a)
    association_emails.member_invited(membership, set_password_url="", by=make_user("chefin"))
    (mail,) = mailoutbox
    assert mail.subject == "Invitation: Verein A e.V. on “Dortmund hilft”"
    assert "/en/konto/anmelden/" in mail.body


# --- the calendar feed ----------------------------------------------------------------------------------


def test_the_calendar_page_gives_the_feed_address_in_the_account_s_language(client, association_a, member_a, bay):
    feed = CalendarFeed.objects.create(association=association_a)
    _booking(association_a, bay)
    AccountLanguage.choose(member_a, "uk")
    client.force_login(member_a)
    page = client.get(reverse("warehouse:calendar")).content.decode()  # read in German
    assert f"/uk/lager/kalender/{feed.token}.ics" in page
    (event,) = Calendar.from_ical(client.get(f"/uk/lager/kalender/{feed.token}.ics").content).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Склад: ")


# --- the donor's receipt --------------------------------------------------------------------------------


def _receipt_text(donation):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.donation_receipt(donation))).pages)


def test_the_receipt_for_an_offer_sent_in_turkish_is_german_and_turkish(association_a):
    donation = make_donation(association=association_a, lines=[(make_item(name="Schlafsack"), 30)])
    make_offer(language="tr", donation=donation)
    text = _receipt_text(donation)
    assert "Menge" in text and "Miktar" in text
    assert "Spender*in" in text and "Bağışçı" in text
    assert "Schlafsack" in text


def test_the_receipt_for_goods_without_an_offer_is_german_only(association_a):
    donation = make_donation(association=association_a, lines=[(make_item(name="Schlafsack"), 30)])
    with translation.override("tr"):  # a staff page in Turkish does not change it
        text = _receipt_text(donation)
    assert "Menge" in text and "Miktar" not in text


# --- other mails to accounts, and to addresses without one -------------------------------------------------


def test_the_mailed_two_factor_code_is_in_the_account_s_language(client, mailoutbox):
    user = _speaking("uk", "olena", password="correct-pass-123")
    client.force_login(user)
    client.post("/konto/zwei-faktor/bestaetigen/", {"password": "correct-pass-123"})  # a German page
    (mail,) = mailoutbox
    assert mail.subject == "Ваш код для двофакторного входу"


def test_an_approved_co_use_goes_to_the_existing_account_in_its_language(staff_user, mailoutbox):
    _speaking("uk", "amina", email="amina@example.org")
    with translation.override("tr"):  # whatever language staff read
        approve_co_use(make_application(), by=staff_user)
    (mail,) = mailoutbox
    assert mail.subject == "Спільне використання складу: Вашу заявку прийнято"
    assert "/uk/konto/anmelden/" in mail.body


def test_a_new_co_use_account_and_the_unit_read_german(staff_user, mailoutbox):
    application = make_application()
    with translation.override("uk"):  # sent from the Ukrainian form
        co_use_emails.co_use_to_unit(application)
        approve_co_use(application, by=staff_user)
    to_unit, to_applicant = mailoutbox
    assert to_unit.subject.startswith("Neuer Antrag auf Mitnutzung der Lagerhalle")
    assert to_applicant.subject == "Mitnutzung der Lagerhalle: Ihr Antrag ist angenommen"


def test_the_unit_reads_accessibility_feedback_in_german_from_any_page(mailoutbox):
    with translation.override("uk"):
        feedback = AccessibilityFeedback.objects.create(message="Kontrast zu schwach", email="olena@example.org")
        site_emails.accessibility_feedback(feedback)
    to_unit, to_sender = mailoutbox
    assert to_unit.subject == f"Rückmeldung zur Barrierefreiheit {feedback.reference}"
    assert "Eingegangen am" in to_unit.body
    assert to_sender.subject.startswith("Ваш відгук")  # the sender reads the page's language
