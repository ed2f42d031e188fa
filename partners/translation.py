"""Descriptions of partner cities and associations, kept per language (see crises/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from partners.models import Association, PartnerCity


@register([PartnerCity, PartnerCity.history.model])
class PartnerCityTranslation(TranslationOptions):
    fields = ("description",)


@register([Association, Association.history.model])
class AssociationTranslation(TranslationOptions):
    fields = ("summary", "description")
