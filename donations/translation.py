"""Needs as staff describe them, kept per language (django-modeltranslation, as crises/translation.py explains).

Only the free description: a need for a catalogue item is named by the item, whose names are the
catalogue's and not translated here.
"""

from modeltranslation.translator import TranslationOptions, register

from donations.models import Need


@register([Need, Need.history.model])
class NeedTranslation(TranslationOptions):
    fields = ("description",)
