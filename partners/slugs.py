"""Slugs that keep German words readable: "Hilfe für Novi Sad" → hilfe-fuer-novi-sad, "Straße" → strasse.

Django's slugify drops the umlaut's dots (für → fur), which reads wrong in German; every place that
builds a slug goes through german_slugify instead. Partners is the lowest layer, so every app may use it.
"""

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Letters slugify would drop or flatten badly; the rest (é, ş, ć, …) it folds to ASCII itself.
SPELLED_OUT = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae",
    "œ": "oe", "Œ": "Oe",
})


def german_slugify(value, max_length=50):
    return slugify(str(value).translate(SPELLED_OUT))[:max_length].strip("-")


class GermanSlugAdminMixin:
    """The admin's slug field may stay empty: the server builds it from `slug_from` with german_slugify.

    In place of prepopulated_fields, whose JavaScript spells "für" as "fur" and which does nothing
    without JavaScript. A slug typed by hand is kept; uniqueness is checked as before.
    """

    slug_from = "name"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" not in form.base_fields:
            return form
        source = self.slug_from
        if source not in form.base_fields:  # a text kept per language (modeltranslation): its German column
            source = f"{source}_{settings.LANGUAGE_CODE}"

        class SlugFromSourceForm(form):
            def clean(self):
                cleaned = super().clean()
                if not cleaned.get("slug") and cleaned.get(source):
                    cleaned["slug"] = german_slugify(cleaned[source])
                return cleaned

        field = SlugFromSourceForm.base_fields["slug"]
        field.required = False
        field.help_text = _("Leer lassen: Die Adresse wird aus dem Namen gebildet, "
                            "aus „Hilfe für Novi Sad“ wird zum Beispiel hilfe-fuer-novi-sad.")
        return SlugFromSourceForm
