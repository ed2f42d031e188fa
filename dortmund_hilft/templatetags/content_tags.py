"""Texts staff write, shown in the reader's language or, where it has none yet, in German.

modeltranslation falls back to German by itself. These tags say so: `lang="de"` on the element that
holds the German text, so screen readers switch their voice (WCAG 3.1.2), and a note in the reader's
language above a page whose text is German only.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname

register = template.Library()


def _in_german_only(obj, fields):
    language = translation.get_language()
    if not obj or language == settings.LANGUAGE_CODE:
        return False
    return any(
        getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE), None)
        and not getattr(obj, build_localized_fieldname(field, language), None)
        for field in fields
    )


@register.simple_tag
def lang_if_german(obj, field):
    """` lang="de"` inside a start tag, where this field shows its German text on another language's page."""
    return mark_safe(' lang="de"') if _in_german_only(obj, [field]) else ""


@register.simple_tag
def untranslated_note(obj, *fields):
    """A note in the reader's language that the page's own text is shown in German."""
    if not _in_german_only(obj, fields):
        return ""
    return render_to_string("includes/untranslated_note.html")
