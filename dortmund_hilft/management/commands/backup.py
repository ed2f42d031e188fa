from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from dortmund_hilft.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup of the database (pg_dump custom format on PostgreSQL, a file copy on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write; default backups/dortmund-hilft-<time>.<ext>")

    def handle(self, *args, output=None, **options):
        db = connections["default"].settings_dict
        extension = "dump" if "postgresql" in db["ENGINE"] else "sqlite3"
        output = output or f"backups/dortmund-hilft-{timezone.now():%Y%m%d-%H%M%S}.{extension}"
        try:
            path = backup(db, output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
