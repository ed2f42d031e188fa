"""The page list of the browser suite leaves out nothing public (runs without a browser).

A page is public when an anonymous GET gets HTML: every such route without arguments, every page
in the sitemap, and every page a visitor reaches by following links from the home page must be in
tests/browser/pages.py.
"""

import io
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from tests.browser.pages import DETAIL_PAGES, NOT_BROWSED_NAMESPACES, PUBLIC_PAGES, sitemap_paths


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def named_routes(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in NOT_BROWSED_NAMESPACES:
                yield from named_routes(pattern, ":".join(part for part in (namespace, pattern.namespace) if part))
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_public_route_without_arguments_is_browsed(demo, client):
    browsed = {page.url_name for page in PUBLIC_PAGES}
    not_browsed = []
    for name in sorted(set(named_routes(get_resolver())) - browsed):
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # takes arguments: its public pages are in the sitemap, checked below
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            not_browsed.append(f"{name} ({path})")

    assert not not_browsed, f"Public pages missing from tests/browser/pages.py: {not_browsed}"


def test_every_demo_object_and_every_page_in_the_sitemap_is_browsed(demo):
    browsed_objects = {(page.model, page.slug) for page in PUBLIC_PAGES if page.model}
    demo_objects = {
        (model, slug) for _, model, _ in DETAIL_PAGES for slug in model.objects.values_list("slug", flat=True)
    }
    browsed_paths = {page.resolve() for page in PUBLIC_PAGES}

    assert demo_objects - browsed_objects == set()
    assert sitemap_paths() - browsed_paths == set()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def _linked_paths(html, base):
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        url = urlsplit(urljoin(base, href))
        if url.scheme in ("http", "https") and url.netloc == "testserver":
            yield url.path  # a query string (filter, page number) shows the same page


def test_every_page_linked_from_the_home_page_is_browsed_and_every_public_page_is_linked(demo, client):
    browsed = {page.resolve() for page in PUBLIC_PAGES}
    seen, queue, not_browsed = set(), ["/"], []
    while queue:
        path = queue.pop()
        if path in seen or path.startswith(("/admin/", "/static/", "/media/")):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        if path not in browsed:
            not_browsed.append(path)
        queue.extend(_linked_paths(response.content.decode(), f"http://testserver{path}"))

    assert not not_browsed, f"Pages linked from the site but missing from tests/browser/pages.py: {not_browsed}"
    unlinked = sorted(sitemap_paths() - seen)
    assert not unlinked, f"Public pages in the sitemap that no link from the home page leads to: {unlinked}"


def test_the_page_list_names_only_routes_that_exist():
    routes = set(named_routes(get_resolver()))

    assert {page.url_name for page in PUBLIC_PAGES if page.url_name} - routes == set()
