"""Rate limits on the public forms, counted in the shared cache (Redis in production).

One middleware instead of decorators on each view: the apps may not import the project package,
where the trusted-proxy-aware client address lives, and the list of public forms reads best in
one place. Every POST to one of these forms counts per client address and form; where the form
takes an e-mail address that a confirmation is sent to, it also counts per address given, so a bot
on many addresses cannot fill one victim's inbox.
"""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from dortmund_hilft.client_ip import client_ip_address

# URL name -> the POST field holding the e-mail address a mail goes to (None: no such field).
PUBLIC_FORMS = {
    "site:accessibility": "email",  # confirms receipt to the address given
    "offers:form": "email",
    "offers:check": None,
    "warehouse:co-use": "email",
    "warehouse:co-use-check": None,
    "account:password_reset": "email",
    "actions:shift-signup": "email",  # a volunteer's sign-up is confirmed by mail
}


# Pages behind a partner's personal link. Every request counts (GET too), per client address, so no
# one can try tokens in bulk; the views log each use with the address set here (the apps cannot
# import the proxy-aware lookup).
LINK_PAGES = ("partner:home", "partner:request", "partner:receipt")


def _client_key(group, request):
    return client_ip_address(request)


def _email_key(field):
    def key(group, request):
        return request.POST.get(field, "").strip().lower()

    return key


def is_over_limit(request, url_name):
    """Count this POST against its limits; True if any of them is exceeded."""
    limits = [
        (f"form-minute:{url_name}", _client_key, f"{settings.RATELIMIT_FORM_POSTS_PER_MINUTE}/m"),
        (f"form-hour:{url_name}", _client_key, f"{settings.RATELIMIT_FORM_POSTS_PER_HOUR}/h"),
    ]
    email_field = PUBLIC_FORMS[url_name]
    if email_field and request.POST.get(email_field, "").strip():
        # One group for all forms: the victim's inbox is the same whichever form names it.
        mails_per_hour = f"{settings.RATELIMIT_MAILS_PER_ADDRESS_PER_HOUR}/h"
        limits.append(("mail-to-address", _email_key(email_field), mails_per_hour))
    # Count every limit (no short-circuit), so a bot that is refused keeps using up its allowance.
    results = [
        is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
        for group, key, rate in limits
    ]
    return any(results)


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        url_name = request.resolver_match.view_name if request.resolver_match else None
        if url_name in LINK_PAGES:
            request.client_address = client_ip_address(request)
            rate = f"{settings.RATELIMIT_LINK_REQUESTS_PER_MINUTE}/m"
            if is_ratelimited(request, group="partner-link", key=_client_key, rate=rate, method=ALL, increment=True):
                return render(request, "429.html", status=429)
            return None
        if request.method != "POST":
            return None
        if url_name not in PUBLIC_FORMS or not is_over_limit(request, url_name):
            return None
        return render(request, "429.html", status=429)
