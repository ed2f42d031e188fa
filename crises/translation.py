"""Texts staff write about crises, news and aid actions, kept per language (django-modeltranslation).

Each field gets a column per language (title_de, title_en, title_uk, title_tr); reading `title`
gives the reader's language or, where that is empty, the German text (settings). The history
models get the same columns, so each change is kept in every language.
"""

from modeltranslation.translator import TranslationOptions, register

from crises.models import AidAction, Appeal, Crisis, NewsPost


@register([Crisis, Crisis.history.model])
class CrisisTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "dortmund_link")


@register([NewsPost, NewsPost.history.model])
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "teaser", "body")


@register([AidAction, AidAction.history.model])
class AidActionTranslation(TranslationOptions):
    fields = ("title", "summary", "goal")


@register([Appeal, Appeal.history.model])
class AppealTranslation(TranslationOptions):
    fields = ("title", "text", "hand_in")
