import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crises.models import Crisis
from donations.models import Shipment
from partners.models import PartnerCity

FIRST_YEAR = 2022


def year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class ShipmentFilter(django_filters.FilterSet):
    destination = django_filters.ModelChoiceFilter(
        field_name="destination_city", label=_("Ziel"), empty_label=_("alle Ziele"),
        queryset=PartnerCity.objects.filter(shipments__status__in=Shipment.PUBLIC_STATUSES).distinct(),
    )
    crisis = django_filters.ModelChoiceFilter(
        label=_("Krise"), empty_label=_("alle Krisen"),
        queryset=Crisis.objects.filter(shipments__status__in=Shipment.PUBLIC_STATUSES).distinct(),
    )
    year = django_filters.ChoiceFilter(
        label=_("Jahr"), empty_label=_("alle Jahre"), choices=year_choices, method="filter_year"
    )

    class Meta:
        model = Shipment
        fields = ["destination", "crisis", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(
            Q(delivered_on__year=value) | Q(delivered_on__isnull=True, planned_on__year=value)
        )
