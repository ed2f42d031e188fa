"""The recipient confirms through their personal link what arrived: the shipment becomes delivered.

The first confirmation goes through mark_shipment_delivered, the one path to "delivered", so the
received quantities, the differences in the arrival event and the history are the same as when
staff record an arrival. Within 14 days the recipient may correct it; each change is kept in the
history of the receipt lines and the shipment lines.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import Shipment, ShipmentEvent
from donations.receipts import ReceiptLine, ShipmentReceipt
from warehouse.stock.services import StockError, _add_event, mark_shipment_delivered, shipment_moved_on


def confirm_receipt(*, shipment, link, confirmed_by, lines, delivered_on=None, note="", delivery_note=None):
    """Record what arrived. `lines` maps shipment line pk to (received quantity, condition).

    In transit: the shipment becomes delivered. Delivered and confirmed less than 14 days ago: the
    quantities are corrected. Anything else is refused with a StockError.
    """
    confirmed_by = (confirmed_by or "").strip()
    if not confirmed_by:
        raise StockError(_("Bitte geben Sie Ihren Namen an."), "confirmed_by")
    delivered_on = delivered_on or timezone.localdate()
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        receipt = ShipmentReceipt.objects.select_for_update().get(shipment=locked, link=link)
        if set(lines) - set(locked.lines.values_list("pk", flat=True)):
            raise StockError(_("Diese Position gehört nicht zu dieser Lieferung."))
        now = timezone.now()
        correcting = False
        if locked.status == Shipment.Status.IN_TRANSIT:
            mark_shipment_delivered(
                shipment=locked, received={pk: quantity for pk, (quantity, _condition) in lines.items()},
                delivered_on=delivered_on, by=None,
                confirmation=_("%(name)s, %(institution)s (über den persönlichen Link)")
                % {"name": confirmed_by, "institution": link.contact.institution},
            )
            receipt.confirmed_at = now
        elif locked.status == Shipment.Status.DELIVERED and receipt.can_be_corrected(now):
            correcting = receipt.confirmed_at is not None
            differences = _correct_lines(locked, lines)
            if differences:  # a second click with the same numbers changes nothing
                _add_event(locked, kind=ShipmentEvent.Kind.NOTE, occurred_at=now, by=None,
                           note=(_("Empfang korrigiert: %(list)s") % {"list": "; ".join(differences)})[:300])
            if receipt.confirmed_at is None:
                receipt.confirmed_at = now  # delivered as staff recorded it, now confirmed by the recipient
        elif locked.status == Shipment.Status.DELIVERED:
            raise StockError(_("Die Bestätigung kann nur 14 Tage lang korrigiert werden. Bitte schreiben Sie uns."))
        else:
            raise StockError(shipment_moved_on(locked))
        if _save_receipt_lines(receipt, lines) and correcting:
            receipt.corrected_at = now
        receipt.confirmed_by = confirmed_by
        receipt.note = note.strip()
        fields = ["confirmed_at", "corrected_at", "confirmed_by", "note"]
        if delivery_note:
            receipt.delivery_note = delivery_note
            fields.append("delivery_note")
        receipt.save(update_fields=fields)
    return receipt


def _correct_lines(shipment, lines):
    differences = []
    for line in shipment.lines.select_related("item").order_by("pk"):
        quantity = lines.get(line.pk, (line.delivered_quantity, None))[0]
        if quantity != line.received_quantity:
            differences.append(f"{line.item}: {line.delivered_quantity} → {quantity}")
            line.received_quantity = quantity
            line.save(update_fields=["received_quantity"])
    return differences


def _save_receipt_lines(receipt, lines):
    """Write the recipient's numbers and conditions; True if any changed."""
    existing = {row.line_id: row for row in receipt.lines.all()}
    changed = False
    for line_pk, (quantity, condition) in lines.items():
        row = existing.get(line_pk)
        if row is None:
            ReceiptLine.objects.create(receipt=receipt, line_id=line_pk, received_quantity=quantity,
                                       condition=condition)
            changed = True
        elif (row.received_quantity, row.condition) != (quantity, condition):
            row.received_quantity, row.condition = quantity, condition
            row.save(update_fields=["received_quantity", "condition"])
            changed = True
    return changed
