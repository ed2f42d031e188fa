"""The language a person wrote to us in, so that later e-mails to them are written in it too.

Rows created in a request (an offer, a volunteer sign-up) keep the page's language; the mails staff
actions send days later use `translation.override(row.language)`.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def current_language():
    return translation.get_language() or settings.LANGUAGE_CODE


def language_field():
    return models.CharField(
        _("Sprache"), max_length=8, default=current_language, editable=False,
        help_text=_("Die Sprache der Seite, auf der das Formular abgeschickt wurde. E-Mails gehen in dieser Sprache."),
    )
