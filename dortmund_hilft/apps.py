from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DortmundHilftConfig(AppConfig):
    default = True
    name = "dortmund_hilft"
    verbose_name = "Dortmund hilft"


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "dortmund_hilft.admin_site.PortalAdminSite"
