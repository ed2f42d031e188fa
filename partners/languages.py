"""The language a person wrote to us in, so that later e-mails to them are written in it too.

Rows created in a request (an offer, a volunteer sign-up) keep the page's language; the mails staff
actions send days later use `translation.override(row.language)`.

Accounts keep theirs in the project's `AccountLanguage` (dortmund_hilft/models.py), one row per user,
German where there is none. The apps reach it through the user's reverse relation by its name, as
no app may import the project package.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname


def current_language():
    return translation.get_language() or settings.LANGUAGE_CODE


def language_field():
    return models.CharField(
        _("Sprache"), max_length=8, default=current_language, editable=False,
        help_text=_("Die Sprache der Seite, auf der das Formular abgeschickt wurde. E-Mails gehen in dieser Sprache."),
    )


def account_language(user):
    """The language `user`'s account reads its mails in; German if it chose none."""
    try:
        return user.account_language.language
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE


def with_account_language(users):
    """Users annotated with `language`, their account's, in the same query; German where they chose none."""
    return users.annotate(
        language=Coalesce(models.F("account_language__language"), models.Value(settings.LANGUAGE_CODE))
    )


def shows_german_fallback(obj, *fields):
    """True where one of these translated fields of `obj` shows its German text on another language's page
    (modeltranslation falls back to German where the reader's language has no text yet)."""
    language = translation.get_language()
    if not obj or language == settings.LANGUAGE_CODE:
        return False
    return any(
        getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE), None)
        and not getattr(obj, build_localized_fieldname(field, language), None)
        for field in fields
    )


class GermanChoicesSelect(forms.Select):
    """A select whose choices are named in German only (goods, loading bays): each option but the empty one
    gets lang="de" on another language's page, so screen readers read it in German (WCAG 3.1.2)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value not in (None, "") and translation.get_language() != settings.LANGUAGE_CODE:
            option["attrs"]["lang"] = "de"
        return option
