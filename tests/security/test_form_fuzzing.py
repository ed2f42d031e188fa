"""Every form a person can submit, fuzzed with hypothesis.

Random, oversized, unicode, HTML/script- and SQL-looking input must never give a 5xx, never come back
as live HTML, and never write a row when the form says it is invalid. The fields are read from the
form on the page itself, so a field added later is fuzzed too.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warehouse.booking.schedule import week_start

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
NASTY = [
    SCRIPT, IMG, "' OR 1=1 --", "Robert'); DROP TABLE partners_association;--", "\x00", "ü" * 400,
    "𝕳𝖆𝖑𝖑𝖔 👋🏽", "\u202e\u200b", "-1", "0", "1e309", "99999999999999999999999", "2026-02-30", "31.02.2026",
    "25:61", "", " ", "null", "../../etc/passwd", "%s%s%n", "a" * 20_000,
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(min_size=300, max_size=3000))

# Tables whose rows a request may write even when a form is invalid: the session and login records.
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# Every use of a partner's link is logged (a row in partners_partnerlinkaccess), like a login attempt.
IGNORED_TABLES |= {"partners_partnerlinkaccess"}


class _FormFields(HTMLParser):
    """The fields of the page's POST forms; hidden ones with the value the page gave them."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._in_form = True
        elif self._in_form and tag in ("input", "select", "textarea") and attrs.get("name"):
            hidden = attrs.get("type") == "hidden"
            self.fields.setdefault(attrs["name"], attrs.get("value", "") if hidden else None)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def _form_strategy(client, path):
    """Random values for every field; a hidden field keeps its real value half of the time, so the
    fuzzing also reaches the later steps of a form that carries state in hidden fields."""
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _FormFields()
    parser.feed(response.content.decode())
    parser.fields.pop("csrfmiddlewaretoken", None)
    return {
        name: values if hidden_value is None else st.one_of(st.just(hidden_value), values)
        for name, hidden_value in sorted(parser.fields.items())
    }


def _row_counts():
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)} - IGNORED_TABLES
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(tables):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _password_reset_confirm(cast, _objects):
    from django.contrib.auth.tokens import default_token_generator

    user = cast["member_a"]
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.get(f"/konto/passwort-neu/{uid}/{default_token_generator.make_token(user)}/")
    return client, response["Location"]


def _week(booking):
    return week_start(timezone.localdate(booking.start)).isoformat()


# (id, who fills it in, the page with the form)
FORMS = [
    ("accessibility-feedback", "anonymous", "/barrierefreiheit/"),
    ("login", "anonymous", "/konto/anmelden/"),
    ("password-reset", "anonymous", "/konto/passwort-vergessen/"),
    ("password-reset-confirm", "anonymous", _password_reset_confirm),
    ("password-change", "member_a", "/konto/passwort/"),
    ("account-language", "member_a", "/konto/sprache/"),
    ("two-factor-identity", "member_a", "/konto/zwei-faktor/bestaetigen/"),
    ("two-factor-code", "staff", "/konto/zwei-faktor/code/"),
    ("co-use", "anonymous", "/lager/mitnutzung/"),
    ("donation-offer", "anonymous", "/spenden/angebot/"),
    ("booking", "member_a", lambda cast, o: f"/lager/buchen/?bay={o['booking'].bay_id}&week={_week(o['booking'])}"),
    ("booking-edit", "member_a", lambda cast, o: f"/lager/buchungen/{o['booking'].pk}/aendern/"),
    ("booking-cancel", "member_a", lambda cast, o: f"/lager/buchungen/{o['booking'].pk}/absagen/"),
    ("decline-booking", "operator", lambda cast, o: f"/lager/betrieb/buchungen/{o['booking'].pk}/ablehnen/"),
    ("association-details", "member_a", lambda cast, o: f"/lager/verein/{o['association'].slug}/"),
    ("association-invite", "member_a", lambda cast, o: f"/lager/verein/{o['association'].slug}/mitglieder/"),
    ("block-time", "operator", "/lager/betrieb/sperrzeiten/"),
    ("stock-book-in", "operator", "/lager/bestand/einbuchen/"),
    ("stock-transfer", "operator", "/lager/bestand/umbuchen/"),
    ("stock-adjust", "operator", "/lager/bestand/korrektur/"),
    ("stocktake-start", "operator", "/lager/bestand/inventur/"),
    ("stocktake-counts", "operator", lambda cast, o: f"/lager/bestand/inventur/{o['stocktake'].pk}/"),
    ("offer-receive", "operator", lambda cast, o: f"/lager/bestand/angebote/{o['offer'].pk}/eingang/"),
    ("shipment", "operator", lambda cast, o: f"/lager/bestand/lieferungen/{o['planned_shipment'].pk}/"),
    ("partner-needs-list", "anonymous", lambda cast, o: f"/partner/{o['needs_link'].token}/bedarf/"),
    ("partner-receipt", "anonymous", lambda cast, o: f"/partner/{o['receipt_link'].token}/lieferung/"),
]


def _client_and_path(who, page, cast, objects):
    if page is _password_reset_confirm:
        return page(cast, objects)
    client = Client()
    if cast[who] is not None:
        client.force_login(cast[who])
    path = page(cast, objects) if callable(page) else page
    return client, path


@pytest.mark.parametrize(("who", "form_page"), [pytest.param(who, page, id=name) for name, who, page in FORMS])
def test_random_input_never_breaks_a_form(db, world, who, form_page):
    cast, objects = world
    client, path = _client_and_path(who, form_page, cast, objects)
    fields = _form_strategy(client, path)
    assert fields, f"no form fields found on {path}"

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.fixed_dictionaries(fields))
    def submit(data):
        with transaction.atomic():
            before = _row_counts()
            response = client.post(path, data)
            body = response.content.decode(errors="replace")
            after = _row_counts()
            transaction.set_rollback(True)
        assert response.status_code < 500, (path, data)
        assert SCRIPT not in body and "<img src=x onerror" not in body, (path, data)
        if response.status_code == 200:  # the form came back: it was invalid, so nothing may be written
            changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
            assert changed == {}, (path, data)

    submit()


def test_the_crisis_filter_survives_random_query_strings(client, db):
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.fixed_dictionaries({"category": values, "status": values}))
    def search(params):
        params = {key: value.replace("\x00", "") for key, value in params.items()}  # not sendable in a URL
        response = client.get("/krisen/", params)
        assert response.status_code == 200
        assert SCRIPT not in response.content.decode()

    search()
