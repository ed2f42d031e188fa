import datetime
import math

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from crises.models import Crisis, NewsPost
from donations.models import Need, Priority
from donations.stats import key_figures
from dortmund_hilft import outbox
from dortmund_hilft.models import OutboxMessage
from partners import public_cache
from partners.models import Association, PartnerCity
from partners.site_url import absolute_url
from warehouse.stock.models import needs_with_stock

HOME_CRISES = 6
HOME_NEWS = 3


@require_safe
@public_cache.cache_page()
def home(request):
    current_crises = Crisis.objects.current()
    partner_cities = list(PartnerCity.objects.active().order_by("name"))
    context = {
        "crises": current_crises.prefetch_related("affected_partner_cities")[:HOME_CRISES],
        "current_crisis_count": current_crises.count(),
        "partner_cities": partner_cities,
        "partnerships": PartnerCity.objects.active().partnership_counts(),
        "associations": list(Association.objects.active()),
        "warehouse_user_count": Association.objects.warehouse_users().count(),
        "news": NewsPost.objects.published()[:HOME_NEWS],
        "operator": Association.objects.warehouse_operator(),
        "aid_figures": public_cache.cached("key-figures", key_figures),
    }
    return render(request, "home.html", context)


NEEDS_PER_PAGE = 50


@require_safe
@public_cache.cache_page(params=["seite"])
def need_list(request):
    """/bedarf/: what is needed, how much of it arrived, lies in stock or is offered, and what to give now.

    Here and not in donations: the stock figure comes from the warehouse, which sits above donations.
    """
    needs = needs_with_stock(Need.objects.current().with_details().with_coverage().with_offers()).in_list_order()
    page = Paginator(needs, NEEDS_PER_PAGE).get_page(request.GET.get("seite"))
    groups = []
    for priority in Priority:
        in_priority = [need for need in page.object_list if need.priority == priority]
        if in_priority:
            groups.append({"priority": priority, "needs": in_priority})
    context = {"groups": groups, "need_count": page.paginator.count, "page": page, "query": ""}
    return render(request, "donations/need_list.html", context)


@require_safe
@public_cache.cache_page()
def contact(request):
    return render(request, "contact.html", {"operator": Association.objects.warehouse_operator()})


# Load balancers ask every few seconds, from several places; monitoring needs no fresher mail figures.
HEALTHZ_OUTBOX_SECONDS = 10


@never_cache
@require_safe
def healthz(request):
    """Liveness for the load balancer: 200 when the database answers, 503 when it does not.

    Below "ok", for monitoring, how long the oldest undelivered e-mail has waited and how many failed;
    mail trouble never makes the check fail, since the site itself still works.

    A fast path (issue 10): one trivial query, the mail figures from the cache, no template, so a
    free gunicorn thread answers at once while others are busy with slow pages (gunicorn.conf.py).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        waiting_since, failed = cache.get_or_set("healthz:outbox", _outbox_figures, HEALTHZ_OUTBOX_SECONDS)
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    waited = int((timezone.now() - waiting_since).total_seconds()) if waiting_since else 0
    body = f"ok\noutbox_oldest_queued_seconds {max(waited, 0)}\noutbox_failed {failed}\n"
    return HttpResponse(body, content_type="text/plain")


def _outbox_figures():
    return outbox.oldest_waiting_since(), OutboxMessage.objects.failed().count()


@require_safe
def robots_txt(request):
    prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /sprache/"]
    lines += [f"Disallow: {prefix}/{area}/" for prefix in prefixes for area in ("konto", "lager")]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # The error may be the database itself: no messages, which would read the session from it.
    return render(request, "500.html", {"messages": ()}, status=500)


def _lockout_minutes_left(request, credentials):
    """Whole minutes until this account may log in again from this address (the cool-off runs from
    the last failure); the full cool-off if the attempt record cannot be found."""
    attempt = (
        AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=getattr(request, "axes_ip_address", None)
        )
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return settings.AXES_COOLOFF_MINUTES
    ends = attempt.attempt_time + datetime.timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    return max(math.ceil((ends - timezone.now()).total_seconds() / 60), 1)


def locked_out(request, response=None, credentials=None):
    """django-axes calls this when an account has failed to log in from one address too often."""
    context = {
        "cooloff_minutes": _lockout_minutes_left(request, credentials),
        "password_reset_url": reverse(settings.PASSWORD_RESET_URL_NAME),
    }
    return render(request, "axes/locked_out.html", context, status=429)


def csrf_failure(request, reason=""):
    """A form was sent without a valid CSRF token: cookies blocked, or the form open too long."""
    referer = request.META.get("HTTP_REFERER", "")
    own_page = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {"back_url": referer if own_page else reverse("site:home"), "back_to_form": own_page}
    return render(request, "403_csrf.html", context, status=403)
