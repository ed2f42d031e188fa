from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarehouseConfig(AppConfig):
    name = "warehouse"
    verbose_name = _("Lager")

    def ready(self):
        from partners import public_cache
        from warehouse.booking import data_version
        from warehouse.stock.models import StockLevel

        # The offer form's free drop-off times are cached until bookings, blocked or opening times change.
        data_version.watch()

        # /bedarf/ shows what is in stock. Levels change often (every booking in and out), so pages
        # are rendered afresh more often; bookings and the public forms' rows bump nothing.
        public_cache.watch_models(StockLevel)
