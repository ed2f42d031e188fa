"""Send a reminder for each confirmed booking that starts tomorrow. Meant to run once a day (cron).

Idempotent: a booking is claimed by setting reminder_sent_at before its mail goes out, so a second
run (or two at once) never sends the same reminder twice. If the mail fails, the claim is undone
and the next run tries again.
"""

import datetime

from django.core.management.base import BaseCommand
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
        sent = 0
        for booking in due:
            claimed = Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            if emails.booking_reminder(booking):
                sent += 1
            else:
                Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=None)
        self.stdout.write(f"{sent} Erinnerung(en) verschickt.")
