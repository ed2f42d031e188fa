"""Daily care of the mail outbox: send what lost its task, forget what was sent long ago.

A message whose task never reached the queue (or whose worker died while sending it) would wait
forever; this enqueues it again, and deliver() makes sure it still goes out only once. Sent messages
are deleted after OUTBOX_KEEP_SENT_DAYS, as they name their recipients. Safe to run more often.
"""

from django.core.management.base import BaseCommand

from dortmund_hilft import outbox


class Command(BaseCommand):
    help = "Reiht E-Mails ohne Auftrag neu ein und löscht gesendete E-Mails nach der Aufbewahrungsfrist."

    def handle(self, *args, **options):
        requeued = outbox.requeue_lost()
        pruned = outbox.prune_sent()
        self.stdout.write(f"{requeued} E-Mail(s) neu eingereiht, {pruned} gesendete E-Mail(s) gelöscht.")
