"""DSGVO Art. 15 and 17: find, export and erase what the portal keeps about one person.

A person is found by their e-mail address, in every model that holds personal data. Erasing keeps
what the city must keep (a donation and its goods, a booking of an association) and removes the
person from it; rows that are only about the person are deleted. The change history keeps no
personal data either: old versions of an anonymised row are scrubbed, those of a deleted row deleted.
"""

import json
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crises.models import ShiftSignup
from donations.models import DonationOffer, Donor, scrub_history
from dortmund_hilft.models import AccessibilityFeedback, OutboxMessage
from warehouse.intake.models import CoUseApplication

logger = logging.getLogger("dortmund_hilft.personal_data")


def _anonymise_co_use(application):
    application.contact_name = str(_("anonymisiert"))
    application.email = "anonymisiert@invalid"
    application.phone = ""
    personal = ("contact_name", "email", "phone")
    application.save(update_fields=personal)
    scrub_history(application, personal)


def _anonymise_user(user):
    user.username = f"geloescht-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


@dataclass(frozen=True)
class Source:
    model: type
    erase: object  # callable(row); None deletes the row
    email_field: str = "email"
    lookup: object = None  # callable(email) -> rows, where the address is not a field's whole value
    secret_fields: tuple = ()  # left out of the export
    title: str = ""  # the heading in the person's own copy ("Ihre Spendenangebote")
    internal_fields: tuple = ()  # staff's notes and workflow data: in the file's extract, not the person's copy
    related: tuple = ()  # foreign keys the person's copy names, fetched with the rows

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    def rows(self, email):
        if self.lookup is not None:
            return self.lookup(email)
        rows = self.model._default_manager.filter(**{f"{self.email_field}__iexact": email})
        return rows.select_related(*self.related).order_by("pk")

    def readable_fields(self):
        """The fields the person's copy shows, in the model's order."""
        left_out = {"password", *self.secret_fields, *self.internal_fields}
        return [
            field for field in self.model._meta.concrete_fields
            if not field.primary_key and field.name not in left_out and not isinstance(field, models.JSONField)
        ]


SOURCES = [
    Source(Donor, erase=Donor.anonymise, title=_("Ihre Angaben als Spender*in"), internal_fields=("is_demo",)),
    Source(DonationOffer, erase=DonationOffer.anonymise, title=_("Ihre Spendenangebote"),
           internal_fields=("staff_note", "decided_by", "donation", "anonymised_at", "is_demo"), related=("category",)),
    Source(AccessibilityFeedback, erase=None, title=_("Ihre Rückmeldungen zur Barrierefreiheit")),
    Source(CoUseApplication, erase=_anonymise_co_use, title=_("Ihre Anträge auf Mitnutzung der Lagerhalle"),
           internal_fields=("decided_by",), related=("join_association", "association")),
    Source(ShiftSignup, erase=ShiftSignup.anonymise, title=_("Ihre Anmeldungen für Helfer-Schichten"),
           secret_fields=("token",), internal_fields=("reminder_sent_at", "anonymised_at"), related=("shift__action",)),
    Source(get_user_model(), erase=_anonymise_user, title=_("Ihr Benutzerkonto"),
           internal_fields=("is_superuser", "is_staff")),
    # Mail to the person: the text may hold a password link, so the export gives the envelope only. The
    # person's copy leaves out the other recipients (their addresses are not the person's data) and the
    # worker's bookkeeping.
    Source(OutboxMessage, erase=None, lookup=OutboxMessage.objects.to_address, secret_fields=("content",),
           title=_("E-Mails, die wir Ihnen geschickt haben"),
           internal_fields=("recipients", "attempts", "next_attempt_at", "claimed_at", "last_error")),
]


def find(email):
    """[(source, rows)] for every model that has rows about the person."""
    email = email.strip()
    found = [(source, list(source.rows(email))) for source in SOURCES]
    return [(source, rows) for source, rows in found if rows]


def _history(row):
    history = getattr(row, "history", None)
    return list(history.all()) if history is not None else []


def export(email):
    """Everything about the person as one JSON document (Art. 15), history included."""
    document = {"email": email, "exported_at": timezone.now().isoformat(), "records": {}}
    for source, rows in find(email):
        entries = json.loads(serializers.serialize("json", rows))
        for entry, row in zip(entries, rows, strict=True):
            entry["fields"].pop("password", None)
            for name in source.secret_fields:
                entry["fields"].pop(name, None)
            entry["history"] = json.loads(serializers.serialize("json", _history(row)))
        document["records"][str(source.label)] = entries
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def _display(row, field):
    """The value as the person reads it: choices by their label, related rows by name, dates in German."""
    value = getattr(row, field.attname)
    if value is None or value == "":
        return None
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    if field.is_relation:
        return str(getattr(row, field.name))
    if isinstance(field, models.BooleanField):
        return gettext("ja") if value else gettext("nein")
    if isinstance(field, models.DateTimeField):
        return gettext("%(when)s Uhr") % {"when": date_format(timezone.localtime(value), "DATETIME_FORMAT")}
    if isinstance(field, models.DateField):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def readable(email):
    """The person's own copy (Art. 15): German labels and values, grouped by kind of record.

    Without staff's internal notes, database numbers and the change history; those stay in the
    full extract for the file (export()). The same number of queries whatever the person has.
    """
    sections = []
    for source, rows in find(email):
        fields = source.readable_fields()
        records = []
        for row in rows:
            shown = ((str(field.verbose_name), _display(row, field)) for field in fields)
            records.append([(label[:1].upper() + label[1:], value) for label, value in shown if value is not None])
        sections.append({"title": str(source.title or source.label), "records": records})
    return {
        "email": email,
        "created_at": gettext("%(when)s Uhr") % {"when": date_format(timezone.localtime(), "DATETIME_FORMAT")},
        "sections": sections,
    }


def readable_json(report):
    """The person's copy as JSON, keyed by the German labels."""
    document = {
        gettext("Auskunft"): gettext("Daten, die „Dortmund hilft“ über Sie gespeichert hat (Art. 15 DSGVO)"),
        gettext("E-Mail-Adresse"): report["email"],
        gettext("Stand"): report["created_at"],
    }
    for section in report["sections"]:
        document[section["title"]] = [dict(record) for record in section["records"]]
    return json.dumps(document, ensure_ascii=False, indent=2)


@transaction.atomic
def erase(email, *, by):
    """Remove the person from every row (Art. 17); returns how many rows were changed or deleted.

    An anonymised row keeps its history (who decided what, and when) with the personal fields
    scrubbed by its erase function; a deleted row loses its history, which holds the same data.
    """
    count = 0
    for source, rows in find(email):
        for row in rows:
            if source.erase is None:
                pk, history = row.pk, getattr(type(row), "history", None)
                row.delete()
                if history is not None:
                    history.filter(**{row._meta.pk.attname: pk}).delete()
            else:
                row._history_user = by
                source.erase(row)
            count += 1
    logger.info("personal data erased", extra={"event": {"rows": count, "by_user_id": by.pk}})
    return count
