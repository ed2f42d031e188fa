from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from partners import public_cache
from partners.models import Association, PartnerCity


def _group_by_kind(cities):
    """[(kind label, [cities])] in the order of PartnerCity.Kind, leaving out kinds without a city."""
    groups = [(kind, label, [city for city in cities if city.kind == kind]) for kind, label in PartnerCity.Kind.choices]
    return [(kind, label, members) for kind, label, members in groups if members]


@require_safe
@public_cache.cache_page()
def city_list(request):
    cities = list(PartnerCity.objects.order_by("since_year", "name"))
    return render(request, "partners/city_list.html", {"groups": _group_by_kind(cities), "cities": cities})


@require_safe
@public_cache.cache_page()
def city_detail(request, slug):
    city = get_object_or_404(PartnerCity, slug=slug)
    affected = city.affectedpartnercity_set.select_related("crisis").order_by("-crisis__started_on")
    return render(request, "partners/city_detail.html", {"city": city, "affected": affected})


@require_safe
@public_cache.cache_page()
def association_list(request):
    associations = list(Association.objects.active())
    operator = next((a for a in associations if a.warehouse_role == Association.WarehouseRole.OPERATOR), None)
    return render(request, "partners/association_list.html", {"associations": associations, "operator": operator})


@require_safe
@public_cache.cache_page()
def association_detail(request, slug):
    association = get_object_or_404(Association.objects.active(), slug=slug)
    return render(request, "partners/association_detail.html", {"association": association})
