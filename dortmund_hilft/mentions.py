"""Find a person's name in free text and history, and redact it where staff choose (DSGVO Art. 17).

Erasure by e-mail address (personal_data.py) clears the fields that hold a person by design. People
also end up in text typed by others: a donation note "Spende von Erika Muster", an offer description,
a booking note, and every old version of those rows in the change history. No rule can tell a donor's
surname from a street or a company of the same name, so the portal shows each hit and staff decide.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse

PROJECT_APPS = ("crises", "donations", "partners", "warehouse", "dortmund_hilft")
# Fields that hold no prose, or hold the person by design and are cleared by the erasure itself.
SKIPPED_FIELDS = {"email", "phone", "password", "username", "reference", "token", "history_change_reason"}
# Mail to the person is deleted by the erasure; other mail is delivery records, not content we keep.
SKIPPED_MODELS = {"dortmund_hilft.outboxmessage"}
# The stock ledger refuses every UPDATE (a database trigger): a hit there can be shown, not changed.
READ_ONLY_MODELS = {"warehouse.stockmovement"}
REDACTED = "[geschwärzt]"
MIN_TERM_LENGTH = 3
MAX_HITS_PER_MODEL = 100
EXCERPT_RADIUS = 60


@dataclass(frozen=True)
class Hit:
    model: type
    pk: int
    field: str
    excerpt: str

    @property
    def key(self):
        return f"{self.model._meta.label_lower}:{self.pk}:{self.field}"

    @property
    def label(self):
        return f"{self.model._meta.verbose_name} · {self.model._meta.get_field(self.field).verbose_name}"

    @property
    def redactable(self):
        return self.model._meta.label_lower not in READ_ONLY_MODELS

    @property
    def is_history(self):
        return hasattr(self.model, "instance_type")  # simple_history's models of old versions

    @property
    def admin_url(self):
        """The row's admin page; old versions have none of their own."""
        if self.is_history:
            return None
        try:
            return reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_change", args=[self.pk])
        except NoReverseMatch:
            return None


def names_of(found):
    """The person's names in the rows found by e-mail address: what to look for in free text."""
    names = set()
    for _source, rows in found:
        for row in rows:
            if hasattr(row, "get_full_name"):
                names.add(row.get_full_name())
            names.add(getattr(row, "contact_name", ""))
            if getattr(row, "kind", None) == "private":  # a company's name is not personal data
                names.add(getattr(row, "name", ""))
            if type(row)._meta.label_lower == "dortmund_hilft.accessibilityfeedback":
                names.add(row.name)
    return sorted({name.strip() for name in names if name and "anonymisiert" not in name})


def search_terms(names):
    """Each full name, and each surname alone ("Frau Muster"), long enough not to match everything."""
    terms = {}
    for name in names:
        for term in (name, name.split()[-1] if name.split() else ""):
            term = term.strip(" ,.;")
            if len(term) >= MIN_TERM_LENGTH:
                terms.setdefault(term.casefold(), term)
    return sorted(terms.values(), key=str.casefold)


def _text_fields(model):
    return [
        field.name for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (models.EmailField, models.SlugField, models.URLField))
        and not field.choices and field.name not in SKIPPED_FIELDS
    ]


def searched_models():
    """[(model, [text fields])] of every project model, history models included."""
    result = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in PROJECT_APPS and label not in SKIPPED_MODELS:
            fields = _text_fields(model)
            if fields:
                result.append((model, fields))
    return result


def _pattern(terms):
    return re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def _excerpt(text, match):
    start, end = max(0, match.start() - EXCERPT_RADIUS), min(len(text), match.end() + EXCERPT_RADIUS)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def find_mentions(terms):
    """Every place in free text or history where one of `terms` occurs, at most 100 per model."""
    terms = [term for term in terms if len(term) >= MIN_TERM_LENGTH]
    if not terms:
        return []
    pattern = _pattern(terms)
    hits = []
    for model, fields in searched_models():
        condition = models.Q()
        for field in fields:
            for term in terms:
                condition |= models.Q(**{f"{field}__icontains": term})
        pk_name = model._meta.pk.name
        rows = model._default_manager.filter(condition).order_by(pk_name).values(pk_name, *fields)
        for row in rows[:MAX_HITS_PER_MODEL]:
            for field in fields:
                text = row[field] or ""
                match = pattern.search(text)
                if match:
                    hits.append(Hit(model=model, pk=row[pk_name], field=field, excerpt=_excerpt(text, match)))
    return hits


def _parse(key):
    label, pk, field = key.rsplit(":", 2)
    model = apps.get_model(label)
    if (model._meta.app_label not in PROJECT_APPS or label in SKIPPED_MODELS or label in READ_ONLY_MODELS
            or field not in _text_fields(model)):
        raise LookupError(key)
    return model, int(pk), field


@transaction.atomic
def redact(keys, terms):
    """Replace every occurrence of `terms` in the chosen hits by "[geschwärzt]"; returns how many fields changed.

    A plain UPDATE, so the redaction itself writes no new history version holding the old text.
    """
    terms = [term for term in terms if len(term) >= MIN_TERM_LENGTH]
    if not terms:
        return 0
    pattern, changed = _pattern(terms), 0
    for key in keys:
        try:
            model, pk, field = _parse(key)
        except (LookupError, ValueError):
            continue
        manager = model._default_manager
        text = manager.filter(pk=pk).values_list(field, flat=True).first()
        if text is None:
            continue
        redacted = pattern.sub(str(REDACTED), text)
        if redacted != text:
            manager.filter(pk=pk).update(**{field: redacted})
            changed += 1
    return changed

