from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from crises.models import NewsPost
from partners.site_url import OnSiteURL

FEED_LENGTH = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Aktuelles – Dortmund hilft")
    subtitle = _("Meldungen der Koordinierungseinheit Dortmund hilft")
    link = reverse_lazy("news:list")
    # Atom requires an author for the feed when its entries name none.
    author_name = _("Stadt Dortmund, Koordinierungseinheit Dortmund hilft")

    def get_feed(self, obj, request):
        # Entry links and the feed's own address from SITE_URL, not from the Host header.
        return super().get_feed(obj, OnSiteURL(request))

    def items(self):
        return NewsPost.objects.published()[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.teaser

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        # Atom requires <updated> on every entry; posts keep no edit time of their own.
        return post.published_at
