from django.core.management.base import BaseCommand

from dortmund_hilft.models import AccessibilityFeedback


class Command(BaseCommand):
    help = "Delete accessibility feedback that is handled or older than twelve months (run daily)."

    def handle(self, *args, **options):
        deleted, _ = AccessibilityFeedback.objects.due_for_deletion().delete()
        self.stdout.write(f"Deleted {deleted} accessibility feedback record(s).")
