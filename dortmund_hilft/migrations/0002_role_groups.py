from django.db import migrations

from dortmund_hilft.roles import apply_role_permissions


def create_role_groups(apps, schema_editor):
    apply_role_permissions(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    """The role groups Koordinierungseinheit, Lagerbetrieb and Verein with their permissions.

    It runs after every app's models exist. Later models are covered by the post_migrate hook in
    dortmund_hilft/apps.py, which applies the same rules after every migrate.
    """

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dortmund_hilft", "0001_accessibility_feedback"),
        ("partners", "0002_partner_city_local_name_lang"),
        ("crises", "0001_initial"),
        ("donations", "0001_goods_needs_shipments"),
        ("warehouse", "0005_booking_donation_offer"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
