"""On PostgreSQL the database itself keeps active bookings of one bay from overlapping.

The exclusion constraint is not part of the model state (Booking.Meta), because SQLite has no
equivalent: keeping it out of the state lets `makemigrations --check` agree on both databases.
On SQLite the booking service serialises writers instead (BEGIN IMMEDIATE, see settings).
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "warehouse_booking_no_overlap"

ADD = f"""
ALTER TABLE warehouse_booking ADD CONSTRAINT {CONSTRAINT}
EXCLUDE USING gist (bay_id WITH =, tstzrange("start", "end", '[)') WITH &&)
WHERE (status IN ('requested', 'confirmed'))
"""
DROP = f"ALTER TABLE warehouse_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("warehouse", "0001_bookings")]

    operations = [
        # CreateExtension does nothing on other databases.
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
