"""Remove the personal data of donation offers closed more than OFFER_ANONYMISE_AFTER_DAYS days ago.

The old versions in the offers' history (and in the history of a private donor recorded from one)
lose the personal data too. Meant to run daily (cron or a systemd timer). Idempotent: anonymised
offers are skipped.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from donations.models import DonationOffer


class Command(BaseCommand):
    help = "Anonymise donation offers closed more than OFFER_ANONYMISE_AFTER_DAYS days ago."

    def handle(self, *args, **options):
        now = timezone.now()
        count = 0
        with transaction.atomic():
            for offer in DonationOffer.objects.due_for_anonymisation(now).select_for_update():
                offer.anonymise(now)
                count += 1
        self.stdout.write(
            f"{count} Spendenangebote anonymisiert (abgeschlossen vor mehr als "
            f"{settings.OFFER_ANONYMISE_AFTER_DAYS} Tagen)."
        )
