"""The portal's languages: German at the root, English, Ukrainian and Turkish under /en/, /uk/, /tr/.

- Public pages live in `i18n_patterns` (dortmund_hilft/urls.py) without a prefix for German, so
  every German address stays as it was.
- The language switcher links to `switch`, which remembers the choice in Django's language cookie
  (and, for a logged-in reader, as their account's language for e-mails) and goes to the same page
  in that language. Plain links: it works without JavaScript, and a link needs no CSRF token in pages
  that are cached whole.
- A visitor who chose a language before, or whose browser asks for one of ours before German, and
  who opens a German address, is sent to the same page in that language (`PreferredLanguageMiddleware`).
- `language_links` gives every page its switcher and its `hreflang` alternates.
"""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, is_valid_path, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from dortmund_hilft.models import AccountLanguage
from partners.site_url import absolute_url

# Each language named in itself, so a reader finds theirs whatever language the page is in.
NATIVE_NAMES = {"de": "Deutsch", "en": "English", "uk": "Українська", "tr": "Türkçe"}


def _prefixed_path(request, language):
    """The request's address in `language`, or None where the page has no such version."""
    path = f"/{language}{request.path_info}"
    with translation.override(language):  # the patterns match only the active language's prefix
        if not is_valid_path(path, getattr(request, "urlconf", None)):
            return None
    query = request.META.get("QUERY_STRING", "")
    return f"{request.META.get('SCRIPT_NAME', '')}{path}" + (f"?{query}" if query else "")


# Addresses that answer machines the same in every language.
LANGUAGE_NEUTRAL = {"site:healthz", "site:robots", "site:favicon"}


def _language_neutral(request):
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).view_name in LANGUAGE_NEUTRAL
    except Resolver404:
        return True


class PreferredLanguageMiddleware:
    """Send a reader who prefers another of our languages from a German address to their language.

    Only for GET and HEAD, only from addresses without a language prefix, and only where the page
    exists in that language. The German page varies on the cookie and Accept-Language, so a shared
    cache keeps one answer per preference.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unprefixed = translation.get_language_from_path(request.path_info) is None
        if unprefixed and request.method in ("GET", "HEAD"):
            preferred = translation.get_language_from_request(request, check_path=False)
            if preferred != settings.LANGUAGE_CODE and not _language_neutral(request):
                target = _prefixed_path(request, preferred)
                if target:
                    redirect = HttpResponseRedirect(target)
                    patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
                    return redirect
        response = self.get_response(request)
        if unprefixed:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


@require_safe
def switch(request, language):
    """Remember the reader's language and show the page they came from in it."""
    if language not in NATIVE_NAMES:
        language = settings.LANGUAGE_CODE
    # The link is a plain GET (no JavaScript, no form): a link on another site may set the cookie,
    # but not the language the account's mail is written in.
    if request.user.is_authenticated and request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin":
        AccountLanguage.choose(request.user, language)
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    # translate_url resolves the address in the active language: activate the one it is in.
    with translation.override(translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE):
        target = translate_url(next_url, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


def language_links(request):
    """Context: the switcher's links and the page's addresses in every language (for hreflang)."""
    path = request.get_full_path()
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        links.append({
            "code": code,
            "name": NATIVE_NAMES[code],
            "current": code == current,
            "switch_url": f"{reverse('language-switch', args=[code])}?next={quote(path, safe='/')}",
            "alternate_url": absolute_url(translate_url(path, code)),
        })
    # Pages outside the language patterns (the admin, partners' links) have one address for all.
    has_versions = len({link["alternate_url"] for link in links}) > 1
    return {"language_links": links, "language_alternates": links if has_versions else []}
