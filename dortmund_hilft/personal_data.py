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
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    def rows(self, email):
        if self.lookup is not None:
            return self.lookup(email)
        return self.model._default_manager.filter(**{f"{self.email_field}__iexact": email}).order_by("pk")


SOURCES = [
    Source(Donor, erase=Donor.anonymise),
    Source(DonationOffer, erase=DonationOffer.anonymise),
    Source(AccessibilityFeedback, erase=None),
    Source(CoUseApplication, erase=_anonymise_co_use),
    Source(get_user_model(), erase=_anonymise_user),
    # Mail to the person: the text may hold a password link, so the export gives the envelope only.
    Source(OutboxMessage, erase=None, lookup=OutboxMessage.objects.to_address, secret_fields=("content",)),
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
