from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisesConfig(AppConfig):
    name = "crises"
    verbose_name = _("Krisen und Meldungen")

    def ready(self):
        from partners import public_cache

        # Volunteers sign up from the public site; no public page lists them.
        public_cache.watch(self, ignore=("ShiftSignup",))
