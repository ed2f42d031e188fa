"""Pieces of the aid overview that other apps' pages show, without those apps importing donations.

- `{% aid_key_figures %}` on the home page: shipments delivered, destinations, goods by category.
- `{% aid_shipments partner_city=city %}` / `{% aid_shipments crisis=crisis %}`: the public shipments
  of a partner city or a crisis, as a section with a table.
"""

from django import template

from donations import stats

register = template.Library()


@register.inclusion_tag("donations/_key_figures.html")
def aid_key_figures(heading_class="kern-heading-medium"):
    return {"figures": stats.key_figures(), "heading_class": heading_class}


@register.inclusion_tag("donations/_shipments_section.html")
def aid_shipments(*, partner_city=None, crisis=None):
    return {"shipments": list(stats.shipments_for(partner_city=partner_city, crisis=crisis))}
