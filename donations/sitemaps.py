from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from donations.models import Shipment


class AidPagesSitemap(Sitemap):
    def items(self):
        return ["donations:aid-overview", "donations:shipment-list", "donations:need-list", "donations:donate",
                "offers:form", "donations:open-data"]

    def location(self, item):
        return reverse(item)


class ShipmentSitemap(Sitemap):
    def items(self):
        return Shipment.objects.public().order_by("pk")

    def lastmod(self, shipment):
        return shipment.delivered_on or shipment.planned_on
