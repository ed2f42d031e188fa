from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = _("Spenden und Lieferungen")

    def ready(self):
        from partners import public_cache

        # Offers come from the public form: a new one bumps nothing, so a bot posting the form in a
        # loop cannot empty the cache. /bedarf/ counts accepted offers, so staff decisions do bump.
        # Needs lists and receipts from partner institutions show nowhere public; the needs and shipment
        # lines they change do, and bump.
        public_cache.watch(self, ignore=["DonationOffer", "NeedsRequest", "NeedsRequestLine", "ShipmentReceipt",
                                         "ReceiptLine"])
        post_save.connect(_offer_decided, sender=self.get_model("DonationOffer"), weak=False,
                          dispatch_uid="public-cache:donations.DonationOffer:decided")


def _offer_decided(sender, instance, **kwargs):
    from partners import public_cache

    if instance.status != instance.Status.NEW:
        public_cache.data_changed()
