"""No German UI text on the English, Ukrainian and Turkish pages (issue 16).

Every page a visitor or a logged-in role can open is requested in each language with the demo data:
the public pages from the sitemap, the others from the URL resolver with the authorisation matrix
saying which role may open which (tests/security/matrix.py), forms sent empty to show their errors,
the offer and co-use forms walked to their last step, the error pages, and the partners' links (in
their contact's language). A failure lists, per page, each German fragment and the text it is in. What a reader sees or
hears is collected: visible text, `<title>`, and the `title`, `alt`, `aria-label`, `placeholder`
attributes and the labels of buttons, minus scripts, styles and every element marked `lang="de"`,
which is German on purpose (texts staff have not translated yet, the switcher's "Deutsch").

German is recognised by the catalogue itself: each German source string whose translation differs
and that is long enough not to be a word of another language, plus a few very common German words
that give away text nobody marked for translation.
"""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from crises.models import Crisis
from dortmund_hilft import views
from dortmund_hilft.sitemaps import SITEMAPS
from tests.security.matrix import EXPECTED
from tests.security.matrix_support import build_world, routed_urls, url_kwargs

# What this finds does not depend on the database: CI runs it in the SQLite pass of the suite only.
pytestmark = pytest.mark.skipif(connection.vendor == "postgresql", reason="database-independent: the SQLite run has it")

LANGUAGES = ("en", "uk", "tr")
ROLES = ("member_a", "operator", "staff")  # the logged-in roles; anonymous sees the public pages

# German that stays unmarked on another language's page, each with why. Everything else German is
# either translated or inside an element with lang="de" (dortmund_hilft/templatetags/content_tags.py).
ALLOWED = {
    # Values of the open data's status column, quoted as they stand in the files inside the Ukrainian
    # and Turkish column description ("Стан: «aktiv» (активна), …"): data, not prose.
    "«abgeschlossen»", "“abgeschlossen”",
    # Texts people typed whose language nothing records, so no page can mark it: the subject of a
    # failed mail on the staff dashboard (the mail went out in its recipient's language), an
    # association's note on its booking, a contact person's name as the demo data fills it in.
    "Buchung bestätigt", "Wasserfilter für Bondo", "Beispiel-Ansprechperson",
}

# Very common German words, whole words and case as written: text nobody marked for translation.
COMMON_GERMAN_WORDS = {
    "und", "der", "die", "das", "Der", "Die", "Das", "nicht", "Sie", "sie", "Ihre", "Ihr", "für", "Für", "mit",
    "ist", "oder", "bitte", "Bitte", "werden", "wird", "eine", "einen", "auf", "zum", "zur", "vom", "noch",
    "keine", "Keine", "kein", "Kein", "sind", "wurde", "bei", "nach", "über", "Über", "aus", "Uhr",
}

# A catalogue entry is German that gives itself away when a stretch of it between placeholders and
# tags has at least two words or twelve characters.
_PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]*>|\s{2,}")
_WORD = re.compile(r"\w+")


def _fragments(text):
    for stretch in _PLACEHOLDER_OR_TAG.split(text):
        stretch = " ".join(stretch.split()).strip(" .,:;–-()„“\"'")
        if len(stretch) >= 12 or len(stretch.split()) >= 2:
            yield stretch


@functools.cache
def german_fragments(language):
    """{first word: [fragments]} of the German source strings that the catalogue translates."""
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    by_first_word = {}
    for entry in polib.pofile(str(path)):
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if source in translations:
                continue
            for fragment in _fragments(source):
                first = _WORD.search(fragment)
                if first:
                    by_first_word.setdefault(first[0], set()).add(fragment)
    for word in COMMON_GERMAN_WORDS:
        by_first_word.setdefault(word, set()).add(word)
    return {word: sorted(fragments, key=len, reverse=True) for word, fragments in by_first_word.items()}


class _Reader(HTMLParser):
    """What a reader sees or hears of a page, in pieces: text, titles, labels; not German marked as such."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SKIPPED = {"script", "style", "template"}
    ATTRIBUTES = ("title", "alt", "aria-label", "aria-description", "placeholder")
    BUTTONS = {"submit", "button", "reset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, skipped)
        self.pieces = []

    @property
    def skipping(self):
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = self.skipping or tag in self.SKIPPED or (attrs.get("lang") or "").startswith("de")
        if not skipped:
            self.pieces += [attrs[name] for name in self.ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in self.BUTTONS and attrs.get("value"):
                self.pieces.append(attrs["value"])
        if tag not in self.VOID:
            self.open.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.pieces.append(data)


def readable_pieces(html):
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return [" ".join(piece.split()) for piece in reader.pieces]


def german_in(html, fragments):
    """{German fragment: the piece of text it was found in} for what a reader gets of `html`."""
    found = {}
    for piece in readable_pieces(html):
        for allowed in ALLOWED:
            piece = piece.replace(allowed, " ")
        for word in _WORD.finditer(piece):
            for fragment in fragments.get(word[0], ()):
                end = word.start() + len(fragment)
                if piece.startswith(fragment, word.start()) and not piece[end:end + 1].isalnum():
                    found.setdefault(fragment, piece)
                    break
    return found


def test_the_scan_finds_german_and_ignores_what_is_marked():
    fragments = german_fragments("en")
    html = (
        '<html><head><title>Krisen – Dortmund hilft</title><style>p::before{content:"und"}</style></head>'
        '<body><h1>Crises</h1><p lang="de">Ein Text <b>und</b> noch einer</p>'
        '<input type="submit" value="Angebot senden"><img alt="Hauptnavigation" src="x">'
        '<a aria-label="Sprache wählen" href="/">Language</a><p>Hilfe für alle</p><script>var die;</script>'
    )
    assert set(german_in(html, fragments)) >= {"Angebot senden", "Hauptnavigation", "Sprache wählen", "für"}
    assert not german_in('<p lang="de">Ein Text <b>und</b> noch einer</p><p>Crises and needs</p>', fragments)


# --- the pages ---


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo data and the authorisation matrix's cast, built once per module (see tests/security/conftest.py)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            world = build_world()
        yield world
        transaction.set_rollback(True)


def _is_page(route):
    """A route that answers with HTML (not a file, a feed or a machine's answer)."""
    return (not route.is_admin and route.name in EXPECTED and route.name not in ("site:healthz", "news:feed")
            and not re.search(r"\.\w+$", route.pattern))


def _paths(world, language, role, method):
    """Every routed page `role` gets with 200 for `method`, in `language` (public pages only for anonymous)."""
    _cast, objects = world
    column = ("anonymous", "member_a", "member_b", "operator", "staff").index(role)
    paths = []
    with translation.override(language):
        for route in routed_urls():
            if not _is_page(route) or route.name.startswith("partner:"):
                continue
            answers = EXPECTED[route.name][method].split()
            if answers[column] == "200" and (role == "anonymous" or answers[0] != "200"):
                paths.append(reverse(route.name, kwargs=url_kwargs(route, objects)))
    return paths


def _sitemap_paths(language):
    """Every address of the sitemap in `language`: every crisis, post, city, association, action, shipment."""
    paths = []
    with translation.override(language):
        for sitemap in SITEMAPS.values():
            instance = sitemap()
            paths += [instance.location(item) for item in instance.items()]
    return paths


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _scan(client, requests, language, *, each_rolled_back=True):
    """{page: German found} for each (method, path, data) request; each rolled back, or all at the end."""
    fragments = german_fragments(language)
    found = {}
    with transaction.atomic():
        for method, path, data in requests:
            with transaction.atomic():
                response = client.get(path, data) if method == "GET" else client.post(path, data, follow=True)
                transaction.set_rollback(each_rolled_back)
            query = f"?{urlencode(data)}" if method == "GET" and data else ""
            found.update(_german_on_page(f"{method} {path}{query}", response, fragments))
        transaction.set_rollback(True)
    return found


def _german_on_page(page, response, fragments):
    if "text/html" not in response.get("Content-Type", ""):
        return {}
    german = german_in(response.content.decode(), fragments)
    return {page: german} if german else {}


def _report(found):
    lines = ["German on pages in another language (fragment « in this text »):"]
    for page, german in sorted(found.items()):
        lines.append(page)
        lines += [f"    {fragment} « {piece[:120]} »" for fragment, piece in sorted(german.items())]
    return "\n".join(lines)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_speak_the_readers_language(world, language):
    paths = sorted(set(_sitemap_paths(language)) | set(_paths(world, language, "anonymous", "GET")))
    requests = [("GET", path, {}) for path in paths]
    # The aid overview narrowed to each crisis, to a partner city and to a year.
    with translation.override(language):
        aid = reverse("donations:aid-overview")
    requests += [("GET", aid, {"crisis": crisis.pk}) for crisis in Crisis.objects.filter(shipments__isnull=False)
                 .distinct()]
    requests += [("GET", aid, {"destination": world[1]["shipment"].destination_city_id}),
                 ("GET", aid, {"year": world[1]["shipment"].delivered_on.year})]
    # The public forms sent empty: their error messages.
    requests += [("POST", path, {}) for path in _paths(world, language, "anonymous", "POST")]
    found = _scan(_client(), requests, language)
    assert not found, _report(found)


# Answers in English, so that what the check pages repeat of them is not German.
OFFER = {
    "offerer_kind": "private", "organisation": "", "contact_name": "Erika Muster", "email": "erika@example.org",
    "phone": "", "category": "", "description": "20 sleeping bags, new", "quantity": "20", "unit": "piece",
    "condition": "new", "location": "Hörde", "dropoff_slot": "",
}
CO_USE = {
    "association_name": "Help for Bondo", "contact_name": "Amina Otieno", "email": "amina@example.org", "phone": "",
    "goods": "School supplies", "frequency": "monthly", "storage_need": "3 pallets",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_form_steps_and_error_pages_speak_the_readers_language(world, language, settings):
    """The offer and co-use forms to their last step, the error pages, and the partners' links."""
    cast, objects = world
    with translation.override(language):
        offer, co_use = reverse("offers:form"), reverse("warehouse:co-use")
        steps = [("POST", offer, OFFER), ("POST", reverse("offers:check"), {}),
                 ("POST", co_use, CO_USE), ("POST", reverse("warehouse:co-use-check"), {})]
        not_found, feedback = f"/{language}/gibt-es-nicht/", reverse("site:accessibility")
    found = _scan(_client(), steps, language, each_rolled_back=False)
    found.update(_scan(_client(), [("GET", not_found, {})], language))
    found.update(_scan(_client(cast["member_a"]), [("GET", reverse("dashboard"), {})], language))  # 403
    found.update(_scan(Client(enforce_csrf_checks=True), [("POST", feedback, {})], language))  # CSRF
    settings.RATELIMIT_ENABLE, settings.RATELIMIT_FORM_POSTS_PER_MINUTE = True, 0
    found.update(_scan(_client(), [("POST", feedback, {"message": "Too much"})], language))  # 429
    request = RequestFactory().get(f"/{language}/")
    request.user = AnonymousUser()
    with translation.override(language):
        for name, response in (("500", views.server_error(request)), ("lockout", views.locked_out(request))):
            found.update(_german_on_page(name, response, german_fragments(language)))
    if language == objects["needs_link"].contact.language:  # partners' links speak the contact's language
        links = [reverse(f"partner:{name}", args=[objects[link].token])
                 for name, link in (("home", "needs_link"), ("request", "needs_link"), ("receipt", "receipt_link"))]
        found.update(_scan(_client(), [(method, path, {}) for path in links for method in ("GET", "POST")], language))
    assert not found, _report(found)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_logged_in_pages_speak_the_readers_language(world, language, role):
    cast, _objects = world
    with translation.override(language):
        home = reverse("site:home")
    requests = [("GET", home, {})] + [("GET", path, {}) for path in _paths(world, language, role, "GET")]
    requests += [("POST", path, {}) for path in _paths(world, language, role, "POST")]
    found = _scan(_client(cast[role]), requests, language)
    assert not found, _report(found)
