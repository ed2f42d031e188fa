"""Texts staff write, shown in the reader's language or, where it has none yet, in German.

modeltranslation falls back to German by itself. These tags say so: `lang="de"` on the element that
holds the German text, so screen readers switch their voice (WCAG 3.1.2), and a note in the reader's
language above a page whose text is German only.

Other texts exist in German only: the names of goods and their categories, the titles of shipments,
needs, shifts and tasks, places, notes, the names of the city's offices in the settings. On another
language's page they are marked the same way (`lang_de`, `|german`). Names of people, associations
and cities need no mark: WCAG 3.1.2 exempts proper names.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from modeltranslation.translator import NotRegistered, translator

from partners.languages import shows_german_fallback

register = template.Library()

_LANG_DE = mark_safe(' lang="de"')  # noqa: S308 – a constant


def _page_in_german():
    return translation.get_language() == settings.LANGUAGE_CODE


@register.simple_tag
def lang_if_german(obj, field):
    """` lang="de"` inside a start tag, where this field shows its German text on another language's page."""
    return _LANG_DE if shows_german_fallback(obj, field) else ""


@register.simple_tag
def need_label_lang(need):
    """` lang="de"` for a need's name where it is German: its description is kept per language, the
    name of its catalogue item in German only."""
    if need.description_de:
        return lang_if_german(need, "description")
    return lang_de()


@register.filter
def translated(obj, field):
    """The field in the reader's language, or its German text in `<span lang="de">`: for a title inside a sentence."""
    value = getattr(obj, field, "") if obj else ""
    return format_html('<span lang="de">{}</span>', value) if value and shows_german_fallback(obj, field) else value


@register.simple_tag
def lang_de():
    """` lang="de"` inside a start tag on another language's page, for an element holding text kept in German only."""
    return "" if _page_in_german() else _LANG_DE


@register.filter
def german(value):
    """Text kept in German only, in `<span lang="de">` on another language's page: for a name inside a sentence."""
    return value if not value or _page_in_german() else format_html('<span lang="de">{}</span>', value)


@register.simple_tag
def lang_of(language):
    """` lang="…"` for text a person wrote on a page in `language` (an offer), where that is not the page's language."""
    return format_html(' lang="{}"', language) if language and language != translation.get_language() else ""


# Rows named by a proper name (a person, an association, a city): WCAG 3.1.2 asks no mark for them.
_PROPER_NAMES = {"auth.user", "partners.association", "partners.partnercity"}


@register.simple_tag
def lang_of_row(row):
    """` lang="de"` for an option naming a database row, where that name is German on another language's
    page: a crisis or an action without a translated title, goods, categories, bays, shipments."""
    if not row or _page_in_german() or row._meta.label_lower in _PROPER_NAMES:
        return ""
    try:
        translated_fields = translator.get_options_for_model(type(row)).all_fields
    except NotRegistered:
        return _LANG_DE
    return _LANG_DE if "title" not in translated_fields or shows_german_fallback(row, "title") else ""


@register.simple_tag
def untranslated_note(obj, *fields):
    """A note in the reader's language that the page's own text is shown in German."""
    if not shows_german_fallback(obj, *fields):
        return ""
    return render_to_string("includes/untranslated_note.html")
