"""The person's own copy of their data (Art. 15): German labels and values, no internal notes, as PDF too."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dortmund_hilft import personal_data
from dortmund_hilft.models import AccessibilityFeedback
from tests.factories import make_offer, make_user
from tests.site.test_personal_data import EMAIL, EXPORT, erika, staff_client  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _flat(report):
    return {label: value for section in report["sections"] for record in section["records"]
            for label, value in record}


def test_the_copy_is_grouped_by_kind_of_record_with_german_headings(erika):  # noqa: F811
    titles = [section["title"] for section in personal_data.readable(EMAIL)["sections"]]
    assert titles == ["Ihre Angaben als Spender*in", "Ihre Spendenangebote", "Ihre Rückmeldungen zur Barrierefreiheit",
                      "Ihre Anträge auf Mitnutzung der Lagerhalle", "Ihr Benutzerkonto"]


def test_labels_and_values_are_readable(erika):  # noqa: F811
    offers = next(s for s in personal_data.readable(EMAIL)["sections"] if s["title"] == "Ihre Spendenangebote")
    record = dict(offers["records"][0])
    assert record["Wer bietet an?"] == "Privatperson"  # the choice's label, not its value
    assert record["Einheit"] == "Stück"
    assert record["Zustand"] == erika["offer"].get_condition_display()
    assert record["Status"] == erika["offer"].get_status_display()
    assert record["Name"] == "Erika Muster" and record["Menge"] == "20"
    assert record["Eingegangen am"].endswith(" Uhr")  # "29. November 2026, 06:10 Uhr"
    account = dict(next(s for s in personal_data.readable(EMAIL)["sections"] if s["title"] == "Ihr Benutzerkonto")
                   ["records"][0])
    assert account["Aktiv"] == "ja" and "Passwort" not in account


def test_no_internal_notes_no_raw_values_no_database_numbers(erika):  # noqa: F811
    erika["offer"].staff_note = "Interne Notiz: Anruferin war unfreundlich"
    erika["offer"].save()
    report = personal_data.readable(EMAIL)
    text = json.dumps(report, ensure_ascii=False)
    assert "unfreundlich" not in text and "interne Notiz" not in text.lower()
    assert "Demodaten" not in text and "entschieden von" not in text.lower()
    for value in _flat(report).values():
        assert value not in {"private", "piece", "new", "True", "False"}  # stored values, not labels
    pks = {str(row.pk) for row in erika.values()}
    labels = {label for section in report["sections"] for record in section["records"] for label, _v in record}
    assert "ID" not in labels
    for section in report["sections"]:
        for record in section["records"]:
            for label, value in record:
                assert not (value in pks and label not in {"Menge"}), (label, value)


def test_mail_to_the_person_shows_subject_and_date_but_not_the_other_recipients(db, settings):
    from dortmund_hilft.models import OutboxMessage

    OutboxMessage.objects.create(subject="Ihr Angebot", recipients="erika@example.org, anna@example.org",
                                 content={"body": "geheim"})
    section = personal_data.readable(EMAIL)["sections"][-1]
    assert section["title"] == "E-Mails, die wir Ihnen geschickt haben"
    record = dict(section["records"][0])
    assert record["Betreff"] == "Ihr Angebot"
    assert "anna@example.org" not in json.dumps(section) and "geheim" not in json.dumps(section)


def test_the_page_shows_the_copy_and_links_pdf_json_and_the_full_extract(staff_client, erika):  # noqa: F811
    body = staff_client.get(EXPORT, {"email": EMAIL}).content.decode()
    assert "<h2" in body and "Ihre Spendenangebote" in body and "Wer bietet an?" in body and "Privatperson" in body
    assert "format=pdf" in body and "format=json" in body
    assert "Vollständiger Auszug für die Akte (JSON)" in body


def test_the_json_copy_is_keyed_by_german_labels(staff_client, erika):  # noqa: F811
    response = staff_client.get(EXPORT, {"email": EMAIL, "format": "json"})
    assert response["Content-Disposition"] == 'attachment; filename="auskunft-personendaten.json"'
    document = json.loads(response.content)
    assert document["E-Mail-Adresse"] == EMAIL
    assert document["Ihre Spendenangebote"][0]["Wer bietet an?"] == "Privatperson"
    assert "category" not in response.content.decode() and '"pk"' not in response.content.decode()


def test_the_pdf_copy_is_produced(staff_client, erika):  # noqa: F811
    response = staff_client.get(EXPORT, {"email": EMAIL, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_search_page_links_both_the_copy_and_the_full_extract(staff_client, erika):  # noqa: F811
    body = staff_client.get("/intern/personendaten/", {"email": EMAIL}).content.decode()
    assert "Auskunft für die Person ansehen" in body and "format=akte" in body


@pytest.mark.parametrize("offers", [1, 8])
def test_the_query_count_does_not_grow_with_the_records(db, offers):
    for n in range(offers):
        make_offer(email=EMAIL, description=f"Angebot {n}")
        AccessibilityFeedback.objects.create(name="Erika", email=EMAIL, message=f"Hinweis {n}")
    make_user("erika", email=EMAIL)
    with CaptureQueriesContext(connection) as queries:
        personal_data.readable(EMAIL)
    assert len(queries) == len(personal_data.SOURCES)
