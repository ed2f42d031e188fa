from django.db import migrations

# On PostgreSQL the database itself refuses to change or delete a ledger row. TRUNCATE (used by
# test database flushes) is not affected; SQLite relies on the model and admin guards.
CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION warehouse_stockmovement_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'warehouse_stockmovement is append-only: record a correcting movement instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER warehouse_stockmovement_append_only
    BEFORE UPDATE OR DELETE ON warehouse_stockmovement
    FOR EACH ROW EXECUTE FUNCTION warehouse_stockmovement_append_only();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS warehouse_stockmovement_append_only ON warehouse_stockmovement;
DROP FUNCTION IF EXISTS warehouse_stockmovement_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("warehouse", "0003_stock_ledger"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
