"""The web fonts stay small (issue 10): only the subset files, split by script with unicode-range.

tools/subset_fonts.sh makes the files; these tests check what the pages ask for. How many bytes the
home page's first load transfers is checked in the browser (tests/browser/test_page_weight.py).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "static/vendor/kern-ux/fonts"
FONT_CSS = FONTS / "fira-sans.css"
BASE_TEMPLATE = ROOT / "templates/base.html"

SUBSET_FILES = {
    "FiraSans-Regular-latin.woff2",
    "FiraSans-SemiBold-latin.woff2",
    "FiraSans-Regular-cyrillic.woff2",
    "FiraSans-SemiBold-cyrillic.woff2",
}
LATIN_FILES = {"FiraSans-Regular-latin.woff2", "FiraSans-SemiBold-latin.woff2"}
# A full weight was 130-140 KB; a Latin subset is about 17 KB.
MAX_FILE_BYTES = 24_000

GERMAN = "äöüÄÖÜß„“‚‘–—…€§·«»"
TURKISH = "çÇğĞıİöÖşŞüÜ₺"
UKRAINIAN = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


def font_faces():
    """The @font-face rules of fira-sans.css as {descriptor: value}."""
    css = re.sub(r"/\*.*?\*/", "", FONT_CSS.read_text(), flags=re.S)
    faces = []
    for body in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        parts = (part.split(":", 1) for part in body.split(";") if ":" in part)
        descriptors = {name.strip(): value.strip() for name, value in parts}
        descriptors["file"] = re.search(r'url\("?\./fira-sans/([^")]+)"?\)', descriptors["src"]).group(1)
        faces.append(descriptors)
    return faces


def code_points(unicode_range):
    """The code points a unicode-range value names, e.g. "U+0000-00FF, U+20AC"."""
    points = set()
    for part in unicode_range.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return points


def faces_for(files):
    return [face for face in font_faces() if face["file"] in files]


def test_the_pages_ask_only_for_the_subset_files():
    assert {face["file"] for face in font_faces()} == SUBSET_FILES


def test_only_the_subset_files_are_shipped_and_they_are_small():
    font_files = [path for path in FONTS.rglob("*") if path.suffix in {".woff2", ".woff", ".ttf", ".otf"}]
    shipped = {path.name: path.stat().st_size for path in font_files}
    assert set(shipped) == SUBSET_FILES
    assert {name: size for name, size in shipped.items() if size > MAX_FILE_BYTES} == {}
    assert (FONTS / "fira-sans/OFL.txt").exists(), "the SIL Open Font License travels with the fonts"


def test_every_face_swaps_in_and_declares_its_characters():
    for face in font_faces():
        assert face["font-display"] == "swap", face["file"]
        assert face.get("unicode-range"), face["file"]


@pytest.mark.parametrize("text", [GERMAN, TURKISH], ids=["german", "turkish"])
def test_the_latin_faces_cover_the_language(text):
    for face in faces_for(LATIN_FILES):
        assert [char for char in text if ord(char) not in code_points(face["unicode-range"])] == [], face["file"]


def test_the_latin_faces_cover_every_character_of_the_templates():
    used = {char for path in (ROOT / "templates").rglob("*.html") for char in path.read_text()}
    for face in faces_for(LATIN_FILES):
        assert sorted(char for char in used if ord(char) not in code_points(face["unicode-range"])) == [], face["file"]


def test_the_cyrillic_faces_cover_ukrainian_and_a_german_page_never_needs_them():
    latin = set().union(*(code_points(face["unicode-range"]) for face in faces_for(LATIN_FILES)))
    for face in faces_for(SUBSET_FILES - LATIN_FILES):
        points = code_points(face["unicode-range"])
        assert [char for char in UKRAINIAN if ord(char) not in points] == [], face["file"]
        assert not points & latin, "a character in both ranges would fetch both files"


def test_each_latin_file_serves_both_ends_of_the_weights_in_use():
    """KERN asks for 400, 500 and 600 and site.css for 700: each falls in the range of one file, so the
    browser neither fetches another nor fakes a bold."""
    ranges = [tuple(int(w) for w in face["font-weight"].split()) for face in faces_for(LATIN_FILES)]
    for weight in (400, 500, 600, 700):
        assert sum(low <= weight <= high for low, high in ranges) == 1, weight


def test_the_base_template_preloads_the_latin_faces_from_this_site():
    preloads = re.findall(r'<link rel="preload"[^>]*>', BASE_TEMPLATE.read_text())
    fonts = [tag for tag in preloads if 'as="font"' in tag]
    assert {re.search(r"fira-sans/([^\"]+\.woff2)", tag).group(1) for tag in fonts} == LATIN_FILES
    for tag in fonts:
        # Fonts are always fetched in CORS mode; without crossorigin the preload is wasted.
        assert 'type="font/woff2"' in tag and "crossorigin" in tag and "{% static " in tag
