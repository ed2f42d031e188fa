from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner und Vereine")

    def ready(self):
        from partners import public_cache

        # Contacts and their links are never shown publicly, and every use of a link is logged.
        public_cache.watch(self, ignore=("PartnerContact", "PartnerLink", "PartnerLinkAccess"))
