from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = _("Spenden und Lieferungen")

    def ready(self):
        from partners import public_cache

        # Offers come from the public form and no public page shows them.
        public_cache.watch(self, ignore=["DonationOffer"])
