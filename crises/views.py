from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from crises.filters import CrisisFilter
from crises.models import AffectedPartnerCity, Crisis, NewsPost
from partners import public_cache

NEWS_PER_PAGE = 10
CRISIS_NEWS = 10  # the latest on a crisis page; older ones are on /aktuelles/


@require_safe
@public_cache.cache_page(params=["category", "status"])
def crisis_list(request):
    crises = Crisis.objects.order_by("-started_on", "title").prefetch_related("affected_partner_cities")
    crisis_filter = CrisisFilter(request.GET or None, queryset=crises)
    return render(request, "crises/crisis_list.html", {"filter": crisis_filter, "crises": crisis_filter.qs})


@require_safe
@public_cache.cache_page()
def crisis_detail(request, slug):
    crisis = get_object_or_404(Crisis, slug=slug)
    context = {
        "crisis": crisis,
        "affected": AffectedPartnerCity.objects.filter(crisis=crisis)
        .select_related("partner_city")
        .order_by("partner_city__name"),
        "news": NewsPost.objects.published().filter(crisis=crisis)[:CRISIS_NEWS],
        "crisis_news_shown": CRISIS_NEWS,
    }
    return render(request, "crises/crisis_detail.html", context)


@require_safe
@public_cache.cache_page(params=["seite"])
def news_list(request):
    posts = NewsPost.objects.published().select_related("crisis")
    page = Paginator(posts, NEWS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(request, "crises/news_list.html", {"page": page})


@require_safe
@public_cache.cache_page()
def news_detail(request, slug):
    # Drafts and posts scheduled for later are not public yet: 404, as if they did not exist.
    post = get_object_or_404(NewsPost.objects.published().select_related("crisis"), slug=slug)
    return render(request, "crises/news_detail.html", {"post": post})
