"""E-mails reach people in the language of the page they wrote to us from (issue 16)."""

import pytest
from django.utils import translation

from crises.actions import emails as action_emails
from donations import emails as offer_emails
from tests.crises.test_aid_actions import make_action, make_shift
from tests.factories import make_offer

pytestmark = pytest.mark.django_db


def test_an_offer_keeps_the_language_of_its_page():
    with translation.override("uk"):
        assert make_offer().language == "uk"
    assert make_offer().language == "de"


def test_mails_about_an_offer_are_in_its_language_whatever_staff_read(mailoutbox):
    with translation.override("tr"):
        offer = make_offer()
    offer.reference = "SA-2026-0001"
    offer_emails.offer_accepted(offer)  # sent from a German staff page
    (mail,) = mailoutbox
    with translation.override("tr"):
        expected = translation.gettext("Ihr Spendenangebot %(reference)s: Wir nehmen es gern an")
    assert mail.subject == expected % {"reference": offer.reference}
    assert mail.subject != f"Ihr Spendenangebot {offer.reference}: Wir nehmen es gern an"
    assert translation.get_language() == "de"  # the staff page's own language is untouched


def test_a_volunteers_reminder_is_in_the_language_they_signed_up_in(mailoutbox):
    from crises.models import ShiftSignup

    shift = make_shift(make_action())
    with translation.override("en"):
        signup = ShiftSignup.objects.create(shift=shift, name="Ann Smith", email="ann@example.org")
    assert signup.language == "en"
    action_emails.signup_reminder(signup)
    (mail,) = mailoutbox
    assert mail.subject.startswith("Reminder")
    assert "Erinnerung" not in mail.body
