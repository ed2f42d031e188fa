"""Remove the names and e-mail addresses of volunteers whose shift ended longer ago than the retention
period (VOLUNTEER_ANONYMISE_AFTER_DAYS, by default the same as for donors' offers), here and in the
history. Meant to run daily like anonymise_offers. Idempotent: anonymised sign-ups are skipped.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from crises.models import ShiftSignup, volunteer_retention_days


class Command(BaseCommand):
    help = "Anonymise volunteers' sign-ups for shifts that ended longer ago than the retention period."

    def handle(self, *args, **options):
        now = timezone.now()
        count = 0
        with transaction.atomic():
            for signup in ShiftSignup.objects.due_for_anonymisation(now).select_for_update():
                signup.anonymise(now)
                count += 1
        self.stdout.write(
            f"{count} Anmeldungen anonymisiert (Schicht vor mehr als {volunteer_retention_days()} Tagen)."
        )
