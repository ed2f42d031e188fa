"""Remind volunteers of their shift tomorrow. Meant to run once a day (cron), like the booking reminders.

Idempotent: a sign-up is claimed by setting reminder_sent_at in the same transaction that puts its
mail in the outbox, so a second run (or two at once) never sends the same reminder twice.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from crises.actions import emails
from crises.models import ShiftSignup


def tomorrow_bounds(today=None):
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(tomorrow + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


class Command(BaseCommand):
    help = "Erinnert Helferinnen und Helfer per E-Mail an ihre Schicht von morgen."

    def handle(self, *args, **options):
        start, end = tomorrow_bounds()
        due = ShiftSignup.objects.active().filter(
            shift__starts_at__gte=start, shift__starts_at__lt=end, reminder_sent_at__isnull=True,
            anonymised_at__isnull=True,
        ).select_related("shift__action")
        queued = sum(self._remind(signup) for signup in due)
        self.stdout.write(f"{queued} Erinnerung(en) in den Postausgang gelegt.")

    @staticmethod
    @transaction.atomic
    def _remind(signup):
        claimed = ShiftSignup.objects.filter(
            pk=signup.pk, reminder_sent_at__isnull=True, cancelled_at__isnull=True
        ).update(reminder_sent_at=timezone.now())
        return bool(claimed) and emails.signup_reminder(signup)
