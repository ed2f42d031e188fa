"""The two multi-step public forms: robots filling the hidden field are dropped, and answers left
in the session expire quickly (issue 9: honeypots, findings 3 and 5)."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from donations.models import DonationOffer
from tests.donations.test_offers import ANSWERS as OFFER_ANSWERS
from tests.donations.test_offers import hall  # noqa: F401 - fixture
from tests.warehouse.test_co_use import ANSWERS as CO_USE_ANSWERS
from warehouse.models import CoUseApplication

pytestmark = pytest.mark.django_db

FORMS = [
    (reverse("offers:form"), reverse("offers:check"), OFFER_ANSWERS, DonationOffer),
    (reverse("warehouse:co-use"), reverse("warehouse:co-use-check"), CO_USE_ANSWERS, CoUseApplication),
]


@pytest.mark.usefixtures("hall")
@pytest.mark.parametrize(("form_url", "check_url", "answers", "model"), FORMS)
def test_a_filled_honeypot_stores_nothing_and_mails_no_one(client, mailoutbox, form_url, check_url, answers, model):
    page = client.get(form_url).content.decode()
    assert 'class="form-honeypot"' in page and 'name="website"' in page
    response = client.post(form_url, {**answers, "website": "https://spam.example"})
    assert response.status_code == 302 and response["Location"] != check_url
    assert client.post(check_url)["Location"] == form_url  # nothing waits to be sent
    assert not model.objects.exists() and mailoutbox == []


@pytest.mark.usefixtures("hall")
@pytest.mark.parametrize(("form_url", "check_url", "answers", "model"), FORMS)
def test_the_check_page_does_not_show_the_hidden_field(client, form_url, check_url, answers, model):
    client.post(form_url, answers)
    assert "Bitte lassen Sie dieses Feld leer" not in client.get(check_url).content.decode()


@pytest.mark.usefixtures("hall")
@pytest.mark.parametrize(("form_url", "check_url", "answers", "model"), FORMS)
def test_abandoned_answers_expire_after_the_draft_time(client, settings, form_url, check_url, answers, model):
    settings.FORM_DRAFT_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.post(form_url, answers)["Location"] == check_url
        session = Session.objects.get()
        # The visitor's whole session ends with the draft, not after the default two weeks.
        assert session.expire_date <= start + datetime.timedelta(minutes=30, seconds=5)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get(check_url).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert client.get(check_url)["Location"] == form_url
        assert client.post(check_url)["Location"] == form_url
    assert not model.objects.exists()
