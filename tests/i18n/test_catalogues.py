"""Every UI string is marked for translation, and every catalogue translates all of them.

German is the source. The catalogues in locale/ must hold exactly the strings the code and the
templates mark today, each translated, none fuzzy, and compile with `msgfmt --check`.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import connection

# What this finds does not depend on the database: CI runs it in the SQLite pass of the suite only.
pytestmark = pytest.mark.skipif(connection.vendor == "postgresql", reason="database-independent: the SQLite run has it")

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
IGNORED = [".venv", "staticfiles", "tools", "bench", "tests", "node_modules", "media", "private-media"]


def catalogue(language):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """What makemessages finds in the code now.

    Run in a copy of the code without its catalogues: makemessages writes into the locale/ folder
    beside the files it reads, and must not touch the real ones.
    """
    copy = tmp_path_factory.mktemp("source")
    for path in ROOT.iterdir():
        if path.name not in IGNORED and path.name != "locale" and not path.name.startswith("."):
            (shutil.copytree if path.is_dir() else shutil.copy)(path, copy / path.name)
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v0"]
        + [f"--ignore={pattern}" for pattern in IGNORED],
        cwd=copy, check=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "dortmund_hilft.settings"},
    )
    return {_key(entry) for entry in polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_every_marked_string_and_nothing_else(language, extracted):
    entries = {_key(entry) for entry in catalogue(language) if not entry.obsolete}
    missing = sorted(msgid for _ctx, msgid in extracted - entries)
    stale = sorted(msgid for _ctx, msgid in entries - extracted)
    assert not missing, f"{len(missing)} missing in {language} (make messages-update):\n" + "\n".join(missing[:20])
    assert not stale, f"{len(stale)} strings in {language} no longer in the code:\n" + "\n".join(stale[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert not po.metadata_is_fuzzy
    assert not [entry.msgid for entry in po.fuzzy_entries()]
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}:\n" + "\n".join(untranslated[:20])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is missing")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_compiles_with_every_placeholder_kept(language, tmp_path):
    source = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(source)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- strings that are not marked ---

_BLOCKS = re.compile(
    r"{%\s*(comment|blocktranslate|blocktrans|verbatim)\b.*?{%\s*end\1\s*%}|{#.*?#}|<script\b.*?</script>|<style\b.*?</style>",
    re.S,
)
_TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_TEXT_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder|aria-description)="([^"]*)"')
_HTML_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[a-zA-Z]+;|&#x?[0-9a-fA-F]+;")
_ADDRESS = re.compile(r"\S+@\S+|\b(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:de|org|nrw)\S*")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Names, symbols and abbreviations that read the same in every language.
SAME_IN_EVERY_LANGUAGE = {"Dortmund", "hilft", "Düsseldorf", "kg", "GLIDE", "PDF", "CSV", "JSON", "HXL"}


def _unmarked_words(source):
    text = _TEMPLATE_TAG.sub(" ", _BLOCKS.sub("", source))
    texts = _TEXT_ATTRIBUTE.findall(text) + [_ENTITY.sub(" ", _HTML_TAG.sub(" ", text))]
    return {word for chunk in texts for word in _WORD.findall(_ADDRESS.sub(" ", chunk))} - SAME_IN_EVERY_LANGUAGE


def test_every_template_text_is_marked_for_translation():
    unmarked = {}
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt") and path.is_file() and (words := _unmarked_words(path.read_text())):
            unmarked[str(path.relative_to(ROOT))] = sorted(words)
    assert not unmarked, "Text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(
        f"{path}: {', '.join(words)}" for path, words in unmarked.items()
    )


def test_the_template_check_finds_unmarked_text():
    assert _unmarked_words('<p>Hallo {{ name }}</p><img alt="Karte" src="x">') == {"Hallo", "Karte"}
    assert not _unmarked_words('<p>{% translate "Hallo" %} {% blocktranslate %}Tag {{ n }}{% endblocktranslate %}</p>')


# Arguments people read: messages, form errors, labels and help texts of models and forms.
_UI_KEYWORDS = {"verbose_name", "verbose_name_plural", "help_text", "label", "empty_label", "description"}
# Where the message is among the positional arguments: messages.success(request, message),
# form.add_error(field, message), messages.add_message(request, level, message), ValidationError(message).
_MESSAGE_POSITION = {"success": 1, "error": 1, "info": 1, "warning": 1, "add_error": 1, "add_message": 2,
                     "ValidationError": 0}
_LOGGERS = {"log", "logger", "logging"}


def _unmarked_python_strings(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in _LOGGERS:
            continue
        arguments = [node.args[_MESSAGE_POSITION[name]]] if len(node.args) > _MESSAGE_POSITION.get(name, 99) else []
        arguments += [keyword.value for keyword in node.keywords if keyword.arg in _UI_KEYWORDS]
        for argument in arguments:
            text = argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else ""
            if _WORD.search(text) or isinstance(argument, ast.JoinedStr):
                found.append(f"{node.lineno}: {ast.unparse(argument)[:80]}")
    return found


def test_every_python_ui_string_is_marked_for_translation():
    unmarked = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in IGNORED or "migrations" in relative.parts or relative.name == "generate_volume.py":
            continue
        unmarked += [f"{relative}:{line}" for line in _unmarked_python_strings(path.read_text())]
    assert not unmarked, "UI strings without gettext:\n" + "\n".join(unmarked)


def test_the_python_check_finds_unmarked_strings():
    source = 'messages.success(request, "Gespeichert.")\nforms.CharField(label=_("Name"))\nlog.info("sent")\n'
    assert _unmarked_python_strings(source) == ['1: \'Gespeichert.\'']
