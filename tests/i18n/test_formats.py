"""Dates, numbers and units in each language's format (issue 16): named formats from
dortmund_hilft/formats/<language>/formats.py, in pages, mails and what forms read back."""

import datetime
import re
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from crises.actions import emails as action_emails
from crises.models import ShiftSignup
from donations.models import Donation, Need
from tests.crises.test_aid_actions import make_action, make_appeal, make_shift
from tests.factories import make_association, make_donation, make_item, make_need, make_partner_city, make_shipment

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
BERLIN = ZoneInfo("Europe/Berlin")
# A Sunday afternoon, and the days around it.
START = datetime.datetime(2026, 11, 29, 14, 0, tzinfo=BERLIN)
END = datetime.datetime(2026, 11, 29, 16, 0, tzinfo=BERLIN)
NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=BERLIN)


def formats_module(language):
    return import_module(f"dortmund_hilft.formats.{language}.formats")


def page(client, language, name, *args):
    with translation.override(language):
        url = reverse(name, args=args)
    return client.get(url).content.decode().replace("\xa0", " ")


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


# --- the modules ---------------------------------------------------------------------------------


def test_every_language_names_the_same_formats():
    names = {name for name in dir(formats_module("de")) if name.endswith("_FORMAT")}
    assert "WEEKDAY_DATETIME_FORMAT" in names
    for language in LANGUAGES:
        assert {name for name in dir(formats_module(language)) if name.endswith("_FORMAT")} == names, language


def test_german_reads_as_the_portal_always_did():
    with translation.override("de"):
        assert date_format(START, "DATE_FORMAT") == "29. November 2026"
        assert date_format(START, "SHORT_DATE_FORMAT") == "29.11.2026"
        assert date_format(START, "TIME_FORMAT") == "14:00"
        assert date_format(START, "SHORT_DATETIME_FORMAT") == "29.11.2026 14:00"
        assert date_format(START, "WEEKDAY_DATETIME_FORMAT") == "Sonntag, 29. November 2026, 14:00"
        assert date_format(START, "SHORT_WEEKDAY_SHORT_DATETIME_FORMAT") == "So, 29.11.2026 14:00"


@pytest.mark.parametrize(("language", "expected"), [
    ("de", ["29. November 2026", "29.11.2026", "Sonntag, 29. November 2026, 14:00", "So, 29.11.2026 14:00"]),
    ("en", ["29 November 2026", "29 Nov 2026", "Sunday, 29 November 2026, 14:00", "Sun, 29 Nov 2026, 14:00"]),
    ("uk", ["29 листопада 2026 р.", "29.11.2026", "Неділя, 29 листопада 2026 р., 14:00", "Нд, 29.11.2026 14:00"]),
    ("tr", ["29 Kasım 2026", "29.11.2026", "29 Kasım 2026 Pazar, 14:00", "29.11.2026 Paz, 14:00"]),
])
def test_each_language_writes_a_date_its_own_way(language, expected):
    names = ["DATE_FORMAT", "SHORT_DATE_FORMAT", "WEEKDAY_DATETIME_FORMAT", "SHORT_WEEKDAY_SHORT_DATETIME_FORMAT"]
    with translation.override(language):
        assert [date_format(START, name) for name in names] == expected


# --- pages, mails, messages ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shift", "since"), [
    ("de", "Sonntag, 29. November 2026, 14:00–16:00 Uhr", "ab 15. November 2026"),
    ("en", "Sunday, 29 November 2026, 14:00–16:00", "15 November 2026"),
    ("uk", "Неділя, 29 листопада 2026 р., 14:00–16:00", "15 листопада 2026 р."),
    ("tr", "29 Kasım 2026 Pazar, 14:00–16:00", "15 Kasım 2026"),
])
def test_the_public_action_page_shows_dates_and_times_in_its_language(client, frozen, language, shift, since):
    action = make_action(starts_on=datetime.date(2026, 11, 15))
    make_shift(action, starts_at=START, ends_at=END)
    body = page(client, language, "actions:detail", action.slug)
    assert shift in body and since in body
    if language != "de":
        assert "29. November" not in body and "15. November" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "Gesucht bis zum 24. Dezember 2026."),
    ("en", "24 December 2026."),
    # The point of "р." ends the sentence too.
    ("uk", "Потрібно до 24 грудня 2026 р.<"),
    ("tr", "24 Aralık 2026"),
])
def test_a_date_at_the_end_of_a_sentence_gets_one_point(client, frozen, language, sentence):
    make_appeal(make_action(), wanted_until=datetime.date(2026, 12, 24))
    body = page(client, language, "actions:detail", "winterhilfe")
    assert sentence in body
    assert "р.." not in body and "р. ." not in body


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "spent", "share"), [
    ("de", "1.250,00 €", "(125 %)"),
    ("en", "1,250.00 €", "(125%)"),
    ("uk", "1 250,00 €", "(125 %)"),
    ("tr", "1.250,00 €", "(%125)"),
])
def test_money_and_shares_follow_the_language(client, staff_user, language, spent, share):
    action = make_action()  # a budget of 1000 €
    make_donation(association=make_association(), kind=Donation.Kind.PROCUREMENT, supplier="X",
                  cost=Decimal("1250.00"), action=action, lines=[(make_item(), 10)])
    client.force_login(staff_user)
    body = page(client, language, "actions:staff-detail", action.pk)
    assert spent in body and share in body


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "share"), [("de", "200 (40 %)"), ("en", "200 (40%)"), ("tr", "200 (%40)")])
def test_the_public_need_list_writes_a_share_the_way_of_its_language(client, language, share):
    from donations.models import Shipment

    city, item = make_partner_city(), make_item()
    need = make_need(item=item, partner_city=city, quantity=500, needed_from=datetime.date(2020, 1, 1))
    make_shipment(source_association=make_association(), destination_city=city, lines=[(item, 200, need)],
                  status=Shipment.Status.DELIVERED, delivered_on=datetime.date(2020, 2, 1))
    assert Need.objects.get().quantity == 500
    assert share in page(client, language, "site:need-list")


@pytest.mark.django_db
def test_a_volunteers_mail_writes_dates_the_way_of_their_language(frozen, mailoutbox):
    shift = make_shift(make_action(), starts_at=START, ends_at=END)
    with translation.override("uk"):
        signup = ShiftSignup.objects.create(shift=shift, name="Olena", email="olena@example.org")
    signup_in_german = ShiftSignup.objects.create(shift=shift, name="Erika", email="erika@example.org")
    action_emails.signup_confirmed(signup)
    action_emails.signup_confirmed(signup_in_german)
    ukrainian, german = mailoutbox
    assert ukrainian.subject.endswith(", 29.11.2026, 14:00–16:00")
    assert "Неділя, 29 листопада 2026 р." in ukrainian.body and "Sonntag" not in ukrainian.body
    assert german.subject.endswith(", 29.11.2026, 14:00–16:00")
    assert "Datum: Sonntag, 29. November 2026\n" in german.body


@pytest.mark.django_db
def test_a_message_from_python_writes_its_date_in_the_active_language():
    from django.core.exceptions import ValidationError

    shipment = make_shipment(source_association=make_association(), destination_city=make_partner_city(),
                             lines=[(make_item(), 1)])
    shipment.dispatched_at = START
    with translation.override("en"), pytest.raises(ValidationError, match="29 Nov 2026"):
        shipment.check_delivery_date(datetime.date(2026, 11, 28), today=datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError, match=r"29\.11\.2026"):
        shipment.check_delivery_date(datetime.date(2026, 11, 28), today=datetime.date(2026, 12, 1))


# --- what forms read back ------------------------------------------------------------------------------


def _value(html):
    return re.search(r'value="([^"]*)"', html).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_reads_back_the_date_and_the_amount_it_shows(language):
    from warehouse.stock.forms import BookInForm

    day = datetime.date(2026, 11, 24)
    with translation.override(language):
        form = BookInForm(initial={"received_on": day, "cost": Decimal("1250.50")})
        shown_day, shown_cost = _value(str(form["received_on"])), _value(str(form["cost"]))
        assert shown_cost == "1250.50"  # a number input: the browser sends it back as it is
        assert form.fields["cost"].clean(shown_cost) == Decimal("1250.50")
        assert form.fields["received_on"].clean(shown_day) == day
        # The example every help text gives, in every language.
        assert form.fields["received_on"].clean("24.11.2026") == day


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_and_time_typed_as_the_help_texts_show_is_read_in_every_language(language):
    from django import forms

    with translation.override(language):
        assert forms.DateTimeField().clean("24.11.2026 14:30") == datetime.datetime(2026, 11, 24, 14, 30,
                                                                                      tzinfo=BERLIN)


def test_english_reads_a_numeric_date_day_first():
    from django import forms

    with translation.override("en"):
        assert forms.DateField().clean("03/04/2026") == datetime.date(2026, 4, 3)


# --- no German pattern in a template --------------------------------------------------------------------

# What may stand in a template as a literal pattern: formats for machines, never read by people.
MACHINE_FORMATS = {
    "Y-m-d",  # datetime= attributes, query strings, form values
    "Y-m",  # datetime= of a month
    "c",  # datetime= with the time (ISO 8601)
}
_DATE_FILTER = re.compile(r"""\|\s*(?:date|time)\s*:\s*(["'])(.*?)\1""")
_NOW_TAG = re.compile(r"""{%\s*now\s+(["'])(.*?)\1""")
_NAME = re.compile(r"[A-Z][A-Z_]*_FORMAT")


def _literal_formats(source):
    """The patterns a template writes out itself instead of naming one of the formats."""
    found = [m.group(2) for pattern in (_DATE_FILTER, _NOW_TAG) for m in pattern.finditer(source)]
    return [fmt for fmt in found if fmt not in MACHINE_FORMATS and not _NAME.fullmatch(fmt)]


def _templates():
    return [path for path in sorted((ROOT / "templates").rglob("*")) if path.suffix in (".html", ".txt", ".xml")]


def test_no_template_writes_a_date_pattern_of_its_own():
    found = {}
    for path in _templates():
        if literal := _literal_formats(path.read_text()):
            found[str(path.relative_to(ROOT))] = literal
    assert not found, (
        "Name a format from dortmund_hilft/formats (e.g. date:\"SHORT_DATE_FORMAT\"), or add a machine "
        f"format to MACHINE_FORMATS: {found}"
    )


def test_every_format_a_template_names_exists_in_every_language():
    named = {m.group(2) for path in _templates() for m in _DATE_FILTER.finditer(path.read_text())
             if _NAME.fullmatch(m.group(2))}
    assert "WEEKDAY_DATETIME_FORMAT" in named
    for language in LANGUAGES:
        missing = {name for name in named if not hasattr(formats_module(language), name)}
        assert not missing, f"{language}: {missing}"


def test_the_template_check_finds_german_patterns():
    assert _literal_formats('{{ day|date:"d.m.Y" }} {{ at|time:"H:i" }} {% now "j. F Y" %}') == [
        "d.m.Y", "H:i", "j. F Y"]
    assert _literal_formats("{{ day|date:'l, j. F Y' }}") == ["l, j. F Y"]
    assert not _literal_formats('{{ day|date:"SHORT_DATE_FORMAT" }} <time datetime="{{ day|date:"Y-m-d" }}">')
