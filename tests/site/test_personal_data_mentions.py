"""Erasure also finds the person's name in free text and history, and staff redact the hits they choose."""

import pytest

from donations.models import Donor
from dortmund_hilft import mentions, personal_data
from tests.factories import make_association, make_donation, make_donor, make_offer

SEARCH = "/intern/personendaten/"
REDACT = "/intern/personendaten/schwaerzen/"
EMAIL = "erika@example.org"


@pytest.fixture
def traces(db):
    """Erika's own rows, and places where others typed her name."""
    offer = make_offer(email=EMAIL, contact_name="Erika Muster", description="Zwei Kisten Winterjacken")
    donor = make_donor(kind=Donor.Kind.PRIVATE, name="Erika Muster", email=EMAIL)
    association = make_association()
    donation = make_donation(association=association, donor=None, note="Spende von Frau Muster, abgeholt")
    donation.note = "Spende von Frau Muster, abgeholt am Montag"  # a second version in the history
    donation.save()
    other = make_offer(email="jemand@example.org", contact_name="Jemand",
                       description="Für Erika Muster aus der Nachbarschaft")
    unrelated = make_offer(email="drei@example.org", contact_name="Drei",
                           description="Schlafsäcke aus der Musterstraße")
    return {"offer": offer, "donor": donor, "donation": donation, "other": other, "unrelated": unrelated}


def _terms():
    return mentions.search_terms(mentions.names_of(personal_data.find(EMAIL)))


def test_names_come_from_the_rows_found_by_e_mail(traces):
    assert mentions.names_of(personal_data.find(EMAIL)) == ["Erika Muster"]
    assert _terms() == ["Erika Muster", "Muster"]


def test_it_finds_the_name_in_free_text_and_in_old_versions(traces):
    hits = mentions.find_mentions(_terms())
    places = {(hit.model._meta.label_lower, hit.field) for hit in hits}
    assert ("donations.donation", "note") in places
    assert ("donations.historicaldonation", "note") in places
    assert ("donations.donationoffer", "description") in places
    history_hits = [hit for hit in hits if hit.is_history]
    assert history_hits and all(hit.admin_url is None for hit in history_hits)
    donation_hit = next(hit for hit in hits if hit.model._meta.label_lower == "donations.donation")
    assert "Frau Muster" in donation_hit.excerpt
    assert donation_hit.admin_url.endswith(f"/{traces['donation'].pk}/change/")


def test_a_street_of_the_same_name_is_shown_for_staff_to_decide(traces):
    """"Musterstraße" contains the surname: it is a hit, and staff leave it unchecked."""
    keys = {hit.key for hit in mentions.find_mentions(_terms())}
    assert f"donations.donationoffer:{traces['unrelated'].pk}:description" in keys


def test_redaction_replaces_the_name_in_the_chosen_hits_only(traces):
    terms = _terms()
    hits = mentions.find_mentions(terms)
    chosen = [hit.key for hit in hits if "Musterstraße" not in hit.excerpt]
    changed = mentions.redact(chosen, terms)
    assert changed == len(chosen)
    traces["donation"].refresh_from_db()
    assert traces["donation"].note == "Spende von Frau [geschwärzt], abgeholt am Montag"
    assert not traces["donation"].history.filter(note__icontains="Muster").exists()
    traces["other"].refresh_from_db()
    assert traces["other"].description == "Für [geschwärzt] aus der Nachbarschaft"
    traces["unrelated"].refresh_from_db()
    assert traces["unrelated"].description == "Schlafsäcke aus der Musterstraße"


def test_redaction_refuses_keys_outside_the_searched_text_fields(traces, staff_user):
    staff_user.first_name = "Muster"
    staff_user.save()
    keys = [f"auth.user:{staff_user.pk}:first_name", "nonsense", "donations.donor:x:name"]
    assert mentions.redact(keys, ["Muster"]) == 0
    staff_user.refresh_from_db()
    assert staff_user.first_name == "Muster"


def test_short_terms_are_not_searched_or_redacted(traces):
    assert mentions.find_mentions(["Mu"]) == []
    assert mentions.redact([f"donations.donation:{traces['donation'].pk}:note"], ["a"]) == 0


def test_the_stock_ledger_is_shown_but_not_redactable():
    from warehouse.stock.models import StockMovement

    hit = mentions.Hit(model=StockMovement, pk=1, field="note", excerpt="…")
    assert not hit.redactable
    with pytest.raises(LookupError):
        mentions._parse("warehouse.stockmovement:1:note")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_the_search_page_lists_the_hits_with_a_checkbox_each(staff_client, traces):
    body = staff_client.get(SEARCH, {"email": EMAIL}).content.decode()
    section = body[body.index('id="mentions-heading"'):]
    assert "Gesucht nach: Erika Muster, Muster." in section
    assert "Spende von Frau Muster" in section and "frühere Fassung" in section
    assert f'value="donations.donation:{traces["donation"].pk}:note"' in section


def test_extra_names_from_staff_are_searched_too(staff_client, traces):
    traces["other"].description = "Abholung bei Familie Beispielname"
    traces["other"].save()
    body = staff_client.get(SEARCH, {"email": EMAIL, "names": "Erika Beispielname"}).content.decode()
    assert "Familie Beispielname" in body


def test_staff_redact_the_chosen_hits_and_come_back_to_the_search(staff_client, traces):
    key = f"donations.donation:{traces['donation'].pk}:note"
    data = {"email": EMAIL, "names": "", "term": ["Erika Muster", "Muster"], "hits": [key]}
    response = staff_client.post(REDACT, data)
    assert response.status_code == 302 and response["Location"].startswith(SEARCH + "?email=erika%40example.org")
    traces["donation"].refresh_from_db()
    assert "Muster" not in traces["donation"].note
    traces["other"].refresh_from_db()
    assert "Erika Muster" in traces["other"].description  # not chosen, not touched
    assert "an 1 Stelle geschwärzt" in staff_client.get(response["Location"]).content.decode()


def test_redacting_nothing_or_a_made_up_hit_is_refused_beside_the_list(staff_client, traces):
    for hits in ([], ["auth.user:1:first_name"]):
        response = staff_client.post(REDACT, {"email": EMAIL, "term": ["Muster"], "hits": hits})
        assert response.status_code == 200
        assert 'id="id_hits_error"' in response.content.decode()
    traces["donation"].refresh_from_db()
    assert "Muster" in traces["donation"].note


def test_redacting_needs_the_coordination_unit(client, member_a, operator_user, traces):
    for user in (member_a, operator_user):
        client.force_login(user)
        assert client.post(REDACT, {"email": EMAIL, "term": ["Muster"], "hits": []}).status_code == 403
    assert client.get(REDACT).status_code == 405
