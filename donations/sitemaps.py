from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse

from donations.models import Shipment


class AidPagesSitemap(Sitemap):
    def items(self):
        return ["donations:aid-overview", "donations:shipment-list", "site:need-list", "donations:donate",
                "offers:form", "donations:open-data"]

    def location(self, item):
        return reverse(item)


class ShipmentSitemap(Sitemap):
    limit = 1000  # addresses per page of this section (/sitemap-shipments.xml?p=2 …)

    def items(self):
        return Shipment.objects.public().only("pk", "delivered_on", "planned_on").order_by("pk")

    def lastmod(self, shipment):
        return shipment.delivered_on or shipment.planned_on

    def get_latest_lastmod(self):
        # For the sitemap index: one query, where Django would call lastmod() on every shipment.
        return Shipment.objects.public().aggregate(latest=Max(Coalesce("delivered_on", "planned_on")))["latest"]
