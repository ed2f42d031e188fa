from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


def _sync_role_permissions(sender, using, apps=global_apps, **kwargs):
    from dortmund_hilft.roles import apply_role_permissions

    apply_role_permissions(apps, using=using)


class DortmundHilftConfig(AppConfig):
    default = True
    name = "dortmund_hilft"
    verbose_name = "Dortmund hilft"

    def ready(self):
        from dortmund_hilft import checks  # noqa: F401 - registers the deployment checks
        # As Django does for permissions: after every migrate (and every flush in the tests) the role
        # groups are brought up to the rules in roles.py, so a model added later is covered at once.
        post_migrate.connect(_sync_role_permissions, sender=self, dispatch_uid="dortmund_hilft.sync_roles")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "dortmund_hilft.admin_site.PortalAdminSite"
