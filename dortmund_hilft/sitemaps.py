from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from crises.models import Crisis, NewsPost
from donations.sitemaps import AidPagesSitemap, ShipmentSitemap
from partners.models import Association, PartnerCity


class StaticPagesSitemap(Sitemap):
    def items(self):
        return [
            "site:home", "crises:list", "partners:city-list", "partners:association-list", "news:list",
            "site:contact", "site:imprint", "site:privacy", "site:accessibility", "site:easy-language",
        ]

    def location(self, item):
        return reverse(item)


class CrisisSitemap(Sitemap):
    def items(self):
        return Crisis.objects.order_by("pk")


class NewsSitemap(Sitemap):
    def items(self):
        return NewsPost.objects.published()

    def lastmod(self, post):
        return post.published_at


class PartnerCitySitemap(Sitemap):
    def items(self):
        return PartnerCity.objects.order_by("pk")


class AssociationSitemap(Sitemap):
    def items(self):
        return Association.objects.active()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "crises": CrisisSitemap,
    "news": NewsSitemap,
    "partner-cities": PartnerCitySitemap,
    "associations": AssociationSitemap,
    "aid": AidPagesSitemap,
    "shipments": ShipmentSitemap,
}
