"""Send a reminder for each confirmed booking that starts tomorrow. Meant to run once a day (cron).

Idempotent: a booking is claimed by setting reminder_sent_at in the same transaction that puts its
mail in the outbox, so a second run (or two at once) never sends the same reminder twice, and a
reminder that could not be stored leaves the booking unclaimed for the next run. Delivery, with its
retries, is the outbox's business.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from warehouse.booking import emails
from warehouse.booking.models import Booking
from warehouse.booking.schedule import local_day_bounds


class Command(BaseCommand):
    help = "Erinnert Vereine per E-Mail an ihre bestätigten Buchungen von morgen."

    def handle(self, *args, **options):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        start, end = local_day_bounds(tomorrow, tomorrow)
        due = Booking.objects.filter(
            status=Booking.Status.CONFIRMED, start__gte=start, start__lt=end, reminder_sent_at__isnull=True
        ).with_details()
        queued = sum(self._remind(booking) for booking in due)
        self.stdout.write(f"{queued} Erinnerung(en) in den Postausgang gelegt.")

    @staticmethod
    @transaction.atomic
    def _remind(booking):
        """Claim the booking and store its reminder together; True if a reminder went to the outbox."""
        claimed = Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        # An association without any address stays claimed as well: there is nobody to remind.
        return bool(claimed) and emails.booking_reminder(booking)
