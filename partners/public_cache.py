"""The cache behind the public pages: rendered pages and expensive figures, kept until staff change data.

Every entry's key holds the "public data version", a number that lives in the default cache (Redis in
production, shared by every app server). A change to any model of a public app bumps it, so the next
request on any server looks up new keys and renders afresh; the old entries simply expire. Nothing is
remembered in the Python process, so a second app server sees the bump as soon as the first makes it.

The version is bumped by signal receivers (`watch`, called from the apps' `ready()`). STYLE.md keeps
business logic out of signals; cache invalidation is the accepted exception, because it has to follow
every save (admin, services, shell) and forgetting one call would show stale pages.

Entries also expire after PUBLIC_CACHE_SECONDS, since some pages change with the date alone (news
scheduled for later, needs that start or end, the year filter).

This module sits in the lowest app so that every public app can use it (DESIGN.md's layering).
"""

import functools
import gzip
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

VERSION_KEY = "public-data:version"
CHANGED_AT_KEY = "public-data:changed-at"


def version():
    """The current public data version, read from the shared cache on every call."""
    current = cache.get(VERSION_KEY)
    return _start() if current is None else current


def changed_at():
    """When public data last changed, as far as the shared cache knows (now, after a cache flush)."""
    value = cache.get(CHANGED_AT_KEY)
    if value is None:
        _start()
        value = cache.get(CHANGED_AT_KEY) or timezone.now()
    return value


def _start():
    # An empty or flushed cache starts at the clock in nanoseconds, never at a number an older run used,
    # so no page stored under an old version can come back.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    cache.add(CHANGED_AT_KEY, timezone.now().replace(microsecond=0), timeout=None)
    return cache.get(VERSION_KEY)


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (first start, flushed or evicted)
        _start()
    cache.set(CHANGED_AT_KEY, timezone.now().replace(microsecond=0), timeout=None)


def data_changed(**kwargs):
    """Signal receiver: bump now, so other servers stop serving the old pages at once, and again after
    the commit, since a request in between may have stored a page built from the data before it."""
    bump()
    transaction.on_commit(bump)


def watch(app_config, *, ignore=()):
    """Bump the version whenever a model of this app is saved or deleted or an m2m relation changes.

    `ignore` names models whose rows no public page shows and which the public itself writes (a bot
    posting a form in a loop should not empty the cache for everyone).
    """
    # A history row (django-simple-history) is saved with the row it records, which bumps already.
    watch_models(*(model for model in app_config.get_models()
                   if model.__name__ not in ignore and not model.__name__.startswith("Historical")))


def watch_models(*models):
    """Bump the version whenever one of these models is saved or deleted or an m2m relation changes."""
    for model in models:
        uid = f"public-cache:{model._meta.label}"
        post_save.connect(data_changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(data_changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                data_changed, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}:{field.name}"
            )


def key(name, *parts):
    """A cache key for `name` under the current version and language, varying on `parts`."""
    raw = "\x1f".join(str(part) for part in (version(), get_language(), *parts))
    return f"public:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def timeout():
    return settings.PUBLIC_CACHE_SECONDS


def cached(name, compute, *parts):
    """compute(), or what it returned before under the same version, language and parts."""
    entry_key = key(name, *parts)
    value = cache.get(entry_key)
    if value is None:
        value = compute()
        cache.set(entry_key, value, timeout())
    return value


def _served_from_cache(request, params):
    """Only visitors without a session get stored pages: they all see the same header (no login, no
    messages). Logged-in users always get a fresh page. An unknown query parameter renders afresh too,
    so made-up addresses cannot fill the cache."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and set(request.GET) <= set(params)
    )


def _from_cache(request, body, compressed, headers):
    """The stored page, as stored (gzip) for the clients that accept it, unpacked for the others.
    GZipMiddleware leaves a response with a Content-Encoding alone."""
    if compressed and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        response = HttpResponse(body, headers=headers)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body) if compressed else body, headers=headers)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _for_cache(content):
    """(body, compressed): one copy per page, gzip where that is smaller. Nearly every client takes
    gzip, and a hit then fetches a seventh of the page from Redis (the crisis page: 13 of 90 KB)."""
    compressed = compress_string(content)
    return (compressed, True) if len(compressed) < len(content) else (content, False)


def cache_page(*, params=()):
    """Store the whole response of a public page without forms for anonymous visitors.

    The page may vary only on the path (which holds the language), the query parameters named in
    `params` and the public data. A page that used a CSRF token is never stored.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _served_from_cache(request, params):
                return view(request, *args, **kwargs)
            query = sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
            page_key = key("page-gz", request.path, query)  # entries of the former layout are never read
            stored = cache.get(page_key)
            if stored is not None:
                return _from_cache(request, *stored)
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):  # a TemplateResponse, e.g. the sitemaps
                response = response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                # The view's own headers (Content-Type, X-Robots-Tag …); middleware adds its own each time.
                # Compressed once here rather than by GZipMiddleware on every hit: for a large page
                # (/hilfsgueter/ with its charts, 190 KB) the compression cost more than the rest.
                cache.set(page_key, (*_for_cache(response.content), dict(response.items())), timeout())
            return response

        return wrapper

    return decorator
