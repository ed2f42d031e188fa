import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from dortmund_hilft.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument("--target-url", help="restore into this database URL instead of the configured one")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, target_url=None, yes=False, **options):
        db = dj_database_url.parse(target_url) if target_url else connections["default"].settings_dict
        if not yes and options.get("interactive", True):
            answer = input(f"This replaces all data in {db['NAME']} with {path}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        connections.close_all()
        try:
            restore(path, db)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path} into {db['NAME']}.")
