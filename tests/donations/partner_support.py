"""Factories for the partner-link tests: a contact, its links, a shipment on its way to them."""

import itertools

from partners.contacts import PartnerContact, PartnerLink
from tests.factories import give_stock, make_partner_city, make_shipment

_seq = itertools.count(1)


def make_contact(*, partner_city=None, **overrides):
    n = next(_seq)
    fields = {"institution": f"Krankenhaus Nr. {n}", "person": f"Olena Koval {n}", "email": f"kontakt{n}@example.org",
              "language": "de"}
    fields.update(overrides)
    return PartnerContact.objects.create(partner_city=partner_city or make_partner_city(), **fields)


def needs_link(contact=None, **kwargs):
    return PartnerLink.issue(contact=contact or make_contact(), purpose=PartnerLink.Purpose.NEEDS, **kwargs)


def shipment_in_transit(*, association, items, contact=None, by=None):
    """A shipment of `items` [(item, quantity)] to the contact's city, dispatched from stock."""
    from warehouse.stock.services import dispatch_shipment

    contact = contact or make_contact()
    for item, quantity in items:
        give_stock(item, association, quantity)
    shipment = make_shipment(source_association=association, lines=items, destination_city=contact.partner_city,
                             recipient_contact=contact)
    return dispatch_shipment(shipment=shipment, by=by)
