"""Absolute links to this site, built from settings.SITE_URL rather than the request's Host header.

Links that outlive the request (e-mails, calendar feeds, the sitemap, the news feed, robots.txt) must
name the public address, not whatever host a proxy, a health check or a crawler happened to send.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


class OnSiteURL:
    """The request as if it had come in through SITE_URL, for Django views that build links from
    the request (syndication feeds, sitemaps through get_current_site); everything else is the request's."""

    def __init__(self, request):
        self._request = request
        address = urlsplit(settings.SITE_URL)
        self.scheme = address.scheme
        self._host = address.netloc

    def get_host(self):
        return self._host

    def is_secure(self):
        return self.scheme == "https"

    def __getattr__(self, name):
        return getattr(self._request, name)


def on_site_url(view):
    """Wrap a view so that it sees the request through OnSiteURL."""

    def wrapper(request, *args, **kwargs):
        return view(OnSiteURL(request), *args, **kwargs)

    wrapper.__name__ = getattr(view, "__name__", "view")
    wrapper.__doc__ = view.__doc__
    return wrapper
