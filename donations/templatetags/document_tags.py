"""Labels of printed documents in German and, beside it, in the language of their recipient.

The warehouse team reads the German; the partner institution abroad reads its own language next to
it (a packing list for Zhytomyr: "Menge / Кількість"). `recipient_language` comes from the context.
Mark the label as `{% bilingual _("Menge") %}` so makemessages finds it; the document renders in German.
"""

from django import template
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def bilingual(context, message):
    with translation.override("de"):
        german = translation.gettext(message)
    language = context.get("recipient_language")
    if not language or language == "de":
        return german
    with translation.override(language):
        theirs = translation.gettext(message)
    if theirs == german:
        return german
    return format_html('{} / <span lang="{}">{}</span>', german, language, theirs)
