"""Staff export and erase one person's data (DSGVO Art. 15 and 17)."""

import json

import pytest

from donations.models import Donor
from dortmund_hilft import mentions
from dortmund_hilft.models import AccessibilityFeedback
from tests.factories import make_donor, make_offer, make_user
from warehouse.models import CoUseApplication

SEARCH = "/intern/personendaten/"
EXPORT = "/intern/personendaten/export/"
ERASE = "/intern/personendaten/loeschen/"
EMAIL = "erika@example.org"


@pytest.fixture
def erika(db):
    """One person who left traces in every corner of the portal."""
    offer = make_offer(email=EMAIL, contact_name="Erika Muster")
    donor = make_donor(kind=Donor.Kind.PRIVATE, name="Erika Muster", email="Erika@Example.org")
    feedback = AccessibilityFeedback.objects.create(name="Erika Muster", email=EMAIL, message="Zu kleine Schrift")
    application = CoUseApplication.objects.create(
        association_name="Hilfe e.V.", contact_name="Erika Muster", email=EMAIL, goods="Decken",
        frequency=CoUseApplication.Frequency.choices[0][0], storage_need="1 Palette",
    )
    application.contact_name = "Erika M."  # a second version in the history
    application.save()
    account = make_user("erika", email=EMAIL, first_name="Erika")
    return {"offer": offer, "donor": donor, "feedback": feedback, "application": application, "account": account}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    assert client.get(SEARCH)["Location"].startswith("/konto/anmelden/")


@pytest.mark.parametrize("who", ["member_a", "operator_user"])
def test_only_the_coordination_unit_may_look(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(SEARCH, {"email": EMAIL}).status_code == 403
    assert client.get(EXPORT, {"email": EMAIL}).status_code == 403
    assert client.post(ERASE, {"email": EMAIL, "confirm": "on"}).status_code == 403


def test_without_the_second_factor_staff_are_sent_to_set_it_up(staff_client, settings):
    settings.STAFF_REQUIRE_2FA = True
    assert staff_client.get(SEARCH)["Location"] == "/konto/zwei-faktor/"


def test_search_finds_the_person_everywhere_ignoring_case(staff_client, erika):
    body = staff_client.get(SEARCH, {"email": "ERIKA@example.org"}).content.decode()
    found = body[body.index('id="found-heading"'):]
    for label in ["Spendenangebote: 1", "Spender*innen: 1", "Rückmeldungen zur Barrierefreiheit: 1",
                  "Anträge auf Mitnutzung: 1", "Benutzer: 1"]:
        assert label in found, label


def test_export_holds_every_record_and_its_history_but_no_password(staff_client, erika):
    response = staff_client.get(EXPORT, {"email": EMAIL, "format": "akte"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="personendaten-akte.json"'
    document = json.loads(response.content)
    assert len(document["records"]) == 5
    flat = json.dumps(document)
    assert "Erika Muster" in flat and "Erika M." in flat
    assert "pbkdf2" not in flat and "md5$" not in flat and '"password"' not in flat


def test_erasing_needs_a_confirmation_and_then_changes_nothing(staff_client, erika):
    response = staff_client.post(ERASE, {"email": EMAIL})
    assert response.status_code == 200
    assert "Bitte bestätigen Sie, dass gelöscht werden darf." in response.content.decode()
    assert AccessibilityFeedback.objects.filter(email=EMAIL).exists()


def test_erasing_removes_the_person_and_the_old_versions(staff_client, staff_user, erika):
    response = staff_client.post(ERASE, {"email": EMAIL, "confirm": "on"})
    assert response.status_code == 302

    offer, donor, application, account = (erika[k] for k in ("offer", "donor", "application", "account"))
    for row in (offer, donor, application, account):
        row.refresh_from_db()
    assert offer.email == "anonymisiert@invalid" and offer.phone == "" and offer.description == "20 Schlafsäcke"
    assert donor.email == "" and "Erika" not in donor.name
    assert not AccessibilityFeedback.objects.filter(pk=erika["feedback"].pk).exists()
    assert "Erika" not in application.contact_name and application.association_name == "Hilfe e.V."
    assert application.history.count() == 3  # the decision trail stays, without the person
    assert all("Erika" not in version.contact_name and version.email == "anonymisiert@invalid"
               for version in application.history.all())
    assert application.history.first().history_user == staff_user
    assert not account.is_active and account.email == "" and not account.has_usable_password()
    assert "Zu dieser E-Mail-Adresse haben wir keine Daten." in staff_client.get(
        SEARCH, {"email": EMAIL}
    ).content.decode()


def test_erase_refuses_get(staff_client, db):
    assert staff_client.get(ERASE).status_code == 405


def test_a_malformed_address_is_an_error_next_to_the_field(staff_client, db):
    body = staff_client.get(SEARCH, {"email": "keine-adresse"}).content.decode()
    assert "gültige E-Mail-Adresse" in body


@pytest.mark.parametrize("rows", [1, 10])
def test_the_search_makes_as_many_queries_for_1_as_for_10_records(staff_client, rows, django_assert_num_queries):
    for _ in range(rows):
        make_offer(email=EMAIL)
    staff_client.get(SEARCH, {"email": EMAIL})  # warm the session and permission caches
    # One per kind of record (outbox mail included), then one per model with free text for the name.
    with django_assert_num_queries(11 + len(mentions.searched_models())):
        staff_client.get(SEARCH, {"email": EMAIL})
