"""Load the demo data: real partner cities, associations, crises and news, and one user per role.

Idempotent: everything is found by its natural key and only written when it differs, so running
the command twice changes nothing. Passwords of existing users are never reset.
"""

import os
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from dortmund_hilft.roles import MEMBER_GROUP, OPERATOR_GROUP, STAFF_GROUP, apply_role_permissions
from partners.demo import upsert
from partners.models import Association, Membership

# Each app's demo module has a seed() returning {label: SeedCount}. Lowest layer first, as later
# apps refer to rows of earlier ones. An app with demo data adds its module here.
DEMO_MODULES = [
    "partners.demo",
    "crises.demo",
    "warehouse.booking.demo",
    "donations.demo",
    "warehouse.stock.demo",
    "crises.actions.demo",  # links the needs, shipments and procurement above to the demo aid actions
]

# With --facts-only: the function of a module that loads only verified facts (shared/seed-facts.md).
# The other modules hold invented values only (figures, bookings, the hall's address) and are skipped.
FACT_SEEDERS = {"partners.demo": "seed", "crises.demo": "seed", "donations.demo": "seed_facts"}

# Documented in README.md; used only with DEBUG on and no DEMO_PASSWORD set.
DEBUG_DEMO_PASSWORD = "dortmund-hilft-demo"  # noqa: S105

DEMO_USERS = [
    {"username": "koordination", "first_name": "Demo", "last_name": "Koordinierungseinheit",
     "group": STAFF_GROUP, "is_staff": True, "association": None},
    {"username": "lagerbetrieb", "first_name": "Demo", "last_name": "Lagerbetrieb",
     "group": OPERATOR_GROUP, "is_staff": True, "association": "grenzenlose-waerme"},
    {"username": "verein", "first_name": "Demo", "last_name": "Verein",
     "group": MEMBER_GROUP, "is_staff": False, "association": "blau-gelbes-herz"},
]


def demo_password():
    """The password for new demo users, or None for an unusable one (production without DEMO_PASSWORD)."""
    return os.environ.get("DEMO_PASSWORD") or (DEBUG_DEMO_PASSWORD if settings.DEBUG else None)


class Command(BaseCommand):
    help = "Load the demo data (partner cities, associations, crises, news, one user per role). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--facts-only", action="store_true",
            help="Only the verified facts (partner cities, associations, crises, news, the goods catalogue): "
            "no invented figures, no demo users. For a real start.",
        )

    def handle(self, *args, facts_only=False, **options):
        with transaction.atomic():
            # The groups come from a migration; applying the rules again also restores them after a flush.
            apply_role_permissions(apps)
            for name in DEMO_MODULES:
                if facts_only and name not in FACT_SEEDERS:
                    continue
                seed = getattr(import_module(name), FACT_SEEDERS[name] if facts_only else "seed")
                for label, count in seed().items():
                    self.stdout.write(f"{label}: {count.total} (neu {count.created}, geändert {count.changed})")
            users = [] if facts_only else [self.seed_user(**spec) for spec in DEMO_USERS]
        if users:
            self.report_users(users)

    def seed_user(self, *, username, group, association, **fields):
        User = get_user_model()
        values = {**fields, "email": f"{username}@example.org"}
        if not User.objects.filter(username=username).exists():
            # Only new users get a password (None gives an unusable one); a rerun never resets it.
            values["password"] = make_password(demo_password())
        user, created, _ = upsert(User, {"username": username}, values)
        user.groups.add(Group.objects.get(name=group))
        if association:
            upsert(Membership, {"user": user, "association": Association.objects.get(slug=association)},
                   {"role": Membership.Role.MANAGER})
        return user, created, group

    def report_users(self, users):
        self.stdout.write("Demo-Zugänge:")
        password = demo_password()
        for user, created, group in users:
            if not created:
                detail = "bestand schon, Passwort unverändert"
            elif not user.has_usable_password():
                detail = "ohne Passwort angelegt (DEMO_PASSWORD setzen oder manage.py changepassword nutzen)"
            elif settings.DEBUG:
                detail = f"Passwort: {password}"
            else:
                detail = "Passwort aus DEMO_PASSWORD"
            self.stdout.write(f"  {user.username} ({group}): {detail}")
