from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from crises.models import NewsPost


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Aktuelles – Dortmund hilft")
    subtitle = _("Meldungen der Koordinierungseinheit Dortmund hilft")
    link = reverse_lazy("news:list")

    def items(self):
        return NewsPost.objects.published()[:20]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.teaser

    def item_pubdate(self, post):
        return post.published_at
