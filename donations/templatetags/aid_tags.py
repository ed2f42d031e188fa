"""Pieces of the aid overview that other apps' pages show, without those apps importing donations.

- `{% aid_key_figures %}` on the home page: shipments delivered, destinations, goods by category.
- `{% aid_figures partner_city=city %}` / `{% aid_figures crisis=crisis %}`: what arrived for a partner
  city or a crisis, the same figures as /hilfsgueter/ shows for that selection.
- `{% aid_shipments partner_city=city %}` / `{% aid_shipments crisis=crisis %}`: the latest public
  shipments of a partner city or a crisis, as a section with a table and a link to all of them.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from donations import figures, stats
from donations.models import amount_with_unit
from partners import public_cache

LATEST_SHIPMENTS = 10

register = template.Library()


@register.filter
def with_unit(quantity, unit):
    """{{ need.quantity|with_unit:need.unit }}: "1 Karton", "5 Kartons"."""
    return amount_with_unit(quantity, unit)


@register.inclusion_tag("donations/_key_figures.html")
def aid_key_figures(heading_class="kern-heading-medium"):
    return {"figures": public_cache.cached("key-figures", stats.key_figures), "heading_class": heading_class}


@register.inclusion_tag("donations/_shipments_section.html")
def aid_shipments(*, partner_city=None, crisis=None):
    shipments = stats.shipments_for(partner_city=partner_city, crisis=crisis)
    filters = {"destination": partner_city.pk} if partner_city is not None else {"crisis": crisis.pk}
    return {
        "shipments": list(shipments[:LATEST_SHIPMENTS]),
        "shipment_count": shipments.count(),
        "all_url": f"{reverse('donations:shipment-list')}?{urlencode(filters)}",
    }


@register.inclusion_tag("donations/_aid_figures.html")
def aid_figures(*, partner_city=None, crisis=None):
    selection = ("destination", partner_city.pk) if partner_city is not None else ("crisis", crisis.pk)
    context = public_cache.cached(
        "aid-figures-of", lambda: figures.for_selection(partner_city=partner_city, crisis=crisis), *selection
    )
    links = [{"url": f"{reverse('donations:aid-overview')}?{urlencode([selection])}",
              "label": _("Diese Zahlen in der Übersicht der Hilfsgüter")}]
    if crisis is not None:
        links.append({"url": reverse("donations:crisis-report", args=[crisis.slug]),
                      "label": _("Bericht zum Drucken: die Hilfe auf einer Seite")})
    return {**context, "heading": _("Was angekommen ist"), "links": links}
