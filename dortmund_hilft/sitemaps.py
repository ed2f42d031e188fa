from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from crises.models import Crisis, NewsPost
from crises.sitemaps import AidActionSitemap
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
    limit = 1000

    def items(self):
        return NewsPost.objects.published().only("slug", "published_at")

    def lastmod(self, post):
        return post.published_at

    def get_latest_lastmod(self):
        # For the sitemap index: the newest post, where Django would call lastmod() on every post.
        latest = NewsPost.objects.published().first()
        return latest.published_at if latest else None


class PartnerCitySitemap(Sitemap):
    def items(self):
        return PartnerCity.objects.order_by("pk")


class AssociationSitemap(Sitemap):
    def items(self):
        return Association.objects.active()


def _in_every_language(sitemap):
    """The section with each address in every language, each listing its alternates (hreflang)."""
    return type(sitemap.__name__, (sitemap,), {"i18n": True, "alternates": True, "x_default": True})


# /sitemap.xml is the index; each section is /sitemap-<section>.xml, split into pages of `limit` addresses.
SITEMAPS = {
    "pages": StaticPagesSitemap,
    "crises": CrisisSitemap,
    "news": NewsSitemap,
    "partner-cities": PartnerCitySitemap,
    "associations": AssociationSitemap,
    "aid": AidPagesSitemap,
    "shipments": ShipmentSitemap,
    "actions": AidActionSitemap,
}
SITEMAPS = {name: _in_every_language(sitemap) for name, sitemap in SITEMAPS.items()}
