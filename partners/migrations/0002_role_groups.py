from django.db import migrations

from dortmund_hilft.roles import apply_role_permissions


def create_role_groups(apps, schema_editor):
    apply_role_permissions(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    """The role groups Koordinierungseinheit, Lagerbetrieb and Verein with their permissions."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0001_initial"),
        ("crises", "0001_initial"),
        # So the Koordinierungseinheit also gets the project app's permissions (accessibility feedback).
        ("dortmund_hilft", "0001_accessibility_feedback"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
