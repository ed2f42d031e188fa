"""Stock workflows: book in, receive a donation, dispatch a shipment, transfer, adjust, count.

Every function writes the ledger rows and the stock levels in one transaction. Levels are locked
with SELECT … FOR UPDATE in a fixed order (by item, then association) so two workflows never wait
for each other in a circle. The check constraint on StockLevel is the final word if anything slips
through: a negative level makes the database refuse the whole transaction.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from donations.models import Donation, DonationLine, DonationOffer, Donor, Shipment
from warehouse.stock.models import StockLevel, StockMovement, Stocktake, StocktakeCount

Kind = StockMovement.Kind


class StockError(Exception):
    """A stock workflow that cannot be done; the message is German and meant for the user."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _quantity(item, amount):
    return f"{amount} {item.get_unit_display()} {item.name}"


def _locked_levels(association, items):
    """Lock (creating where missing) the levels of `items` owned by `association`, in item order."""
    levels = {}
    for item in sorted(set(items), key=lambda i: i.pk):
        level = StockLevel.objects.select_for_update().filter(item=item, association=association).first()
        if level is None:
            try:
                with transaction.atomic():
                    level = StockLevel.objects.create(item=item, association=association, quantity=0)
            except IntegrityError:
                # Another transaction created it in the meantime; wait for its lock.
                level = StockLevel.objects.select_for_update().get(item=item, association=association)
        levels[item.pk] = level
    return levels


def _write(levels, item, association, quantity, *, kind, by, **refs):
    level = levels[item.pk]
    level.quantity += quantity
    if level.quantity < 0:
        raise StockError(
            _("Nicht genug auf Lager: %(item)s (vorhanden %(have)d).")
            % {"item": item.name, "have": level.quantity - quantity}
        )
    movement = StockMovement.objects.create(
        item=item, association=association, quantity=quantity, kind=kind, created_by=by, **refs
    )
    level.save(update_fields=["quantity", "updated_at"])
    return movement


def _positive(quantity):
    if quantity is None or quantity <= 0:
        raise StockError(_("Bitte geben Sie eine Menge größer als null an."), "quantity")


def book_in(*, item, association, quantity, by, note="", donation=None):
    """Goods came into the warehouse for `association`."""
    _positive(quantity)
    with transaction.atomic():
        levels = _locked_levels(association, [item])
        return _write(levels, item, association, quantity, kind=Kind.RECEIPT, by=by, note=note.strip(),
                      donation=donation)


def receive_donation(*, donation, by):
    """Book every line of a recorded donation into the receiving association's stock, once."""
    with transaction.atomic():
        donation = Donation.objects.select_for_update().get(pk=donation.pk)
        if donation.booked_in_at is not None:
            raise StockError(_("Diese Sachspende ist schon eingebucht."))
        lines = list(donation.lines.select_related("item"))
        if not lines:
            raise StockError(_("Die Sachspende hat keine Positionen."))
        association = donation.receiving_association
        levels = _locked_levels(association, [line.item for line in lines])
        for line in lines:
            _write(levels, line.item, association, line.quantity, kind=Kind.RECEIPT, by=by, donation=donation,
                   note=line.note)
        donation.booked_in_at = timezone.now()
        donation._history_user = by
        donation.save(update_fields=["booked_in_at"])
    return donation


def record_donation(*, kind, donor, supplier="", cost=None, received_on, association, lines, note="", by,
                    is_demo=False):
    """Record a received donation or procurement with its lines and book it in at once.

    `lines` is a list of (item, quantity, note).
    """
    if not lines:
        raise StockError(_("Bitte geben Sie mindestens eine Position an."))
    with transaction.atomic():
        donation = Donation(
            kind=kind, donor=donor, supplier=supplier, cost=cost, received_on=received_on,
            receiving_association=association, note=note, created_by=by, is_demo=is_demo,
        )
        try:
            donation.full_clean()
        except ValidationError as error:
            raise StockError(" ".join(error.messages)) from None
        donation._history_user = by
        donation.save()
        DonationLine.objects.bulk_create(
            DonationLine(donation=donation, item=item, quantity=quantity, note=line_note)
            for item, quantity, line_note in lines
        )
        return receive_donation(donation=donation, by=by)


def receive_offer(*, offer, item, quantity, association, by):
    """An offered donation has arrived: record the donor and the donation, book it in, close the offer."""
    with transaction.atomic():
        offer = DonationOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status not in (DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED):
            raise StockError(_("Dieses Angebot ist schon abgeschlossen."))
        donor = Donor.objects.create(
            name=offer.offerer_label, kind=offer.offerer_kind if offer.offerer_kind in Donor.Kind.values
            else Donor.Kind.PRIVATE, contact_name=offer.contact_name, email=offer.email, phone=offer.phone,
            is_demo=offer.is_demo,
        )
        donation = record_donation(
            kind=Donation.Kind.DONATION, donor=donor, received_on=timezone.localdate(), association=association,
            lines=[(item, quantity, "")], note=_("Aus Angebot %(ref)s") % {"ref": offer.reference}, by=by,
            is_demo=offer.is_demo,
        )
        offer.mark_received(donation=donation, by=by)
    return donation


def dispatch_shipment(*, shipment, by):
    """Take all lines out of the source association's stock, or none; then the shipment is in transit."""
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().select_related("source_association").get(pk=shipment.pk)
        if not shipment.is_open:
            raise StockError(_("Diese Lieferung ist schon abgefahren oder abgesagt."))
        lines = list(shipment.lines.select_related("item"))
        if not lines:
            raise StockError(_("Die Lieferung hat noch keine Positionen."))
        wanted = defaultdict(int)
        items = {}
        for line in lines:
            wanted[line.item.pk] += line.quantity
            items[line.item.pk] = line.item
        association = shipment.source_association
        levels = _locked_levels(association, items.values())
        short = [
            _("%(item)s: %(wanted)d benötigt, %(have)d vorhanden")
            % {"item": items[pk].name, "wanted": amount, "have": levels[pk].quantity}
            for pk, amount in wanted.items()
            if levels[pk].quantity < amount
        ]
        if short:
            raise StockError(
                _("Die Lieferung kann nicht abfahren, im Bestand von %(owner)s fehlt etwas: %(list)s.")
                % {"owner": association.name, "list": "; ".join(short)}
            )
        for pk, amount in wanted.items():
            _write(levels, items[pk], association, -amount, kind=Kind.DISPATCH, by=by, shipment=shipment)
        try:
            shipment.mark_dispatched(by=by)
        except ValidationError as error:
            raise StockError(" ".join(error.messages)) from None
    return shipment


def transfer_stock(*, item, from_association, to_association, quantity, by, note=""):
    """A change of owner, not of place: the goods stay in the hall."""
    _positive(quantity)
    if from_association.pk == to_association.pk:
        raise StockError(_("Bitte wählen Sie einen anderen Verein als Empfänger."), "to_association")
    with transaction.atomic():
        # Lock in association order so two opposite transfers cannot deadlock.
        owners = sorted([from_association, to_association], key=lambda a: a.pk)
        levels = {owner.pk: _locked_levels(owner, [item]) for owner in owners}
        source = levels[from_association.pk][item.pk]
        if source.quantity < quantity:
            raise StockError(
                _("%(owner)s hat nur %(have)s auf Lager.")
                % {"owner": from_association.name, "have": _quantity(item, source.quantity)},
                "quantity",
            )
        note = note.strip()
        out = _write(levels[from_association.pk], item, from_association, -quantity, kind=Kind.TRANSFER, by=by,
                     counterpart=to_association, note=note)
        _write(levels[to_association.pk], item, to_association, quantity, kind=Kind.TRANSFER, by=by,
               counterpart=from_association, note=note)
    return out


def adjust_stock(*, item, association, quantity, reason, by, note=""):
    """Correct a level for a reason (lost, found, damaged, expired); quantity is signed."""
    if not quantity:
        raise StockError(_("Bitte geben Sie eine Menge ungleich null an."), "quantity")
    if reason not in StockMovement.Reason.values:
        raise StockError(_("Bitte wählen Sie einen Grund."), "reason")
    if (reason == StockMovement.Reason.FOUND) != (quantity > 0):
        raise StockError(
            _("Gefundene Waren erhöhen den Bestand, verlorene, beschädigte und abgelaufene verringern ihn."),
            "quantity",
        )
    with transaction.atomic():
        levels = _locked_levels(association, [item])
        if levels[item.pk].quantity + quantity < 0:
            raise StockError(
                _("Es sind nur %(have)s auf Lager.") % {"have": _quantity(item, levels[item.pk].quantity)},
                "quantity",
            )
        return _write(levels, item, association, quantity, kind=Kind.ADJUSTMENT, by=by, reason=reason,
                      note=note.strip())


def start_stocktake(*, association, by, note=""):
    if Stocktake.objects.open().filter(association=association).exists():
        raise StockError(_("Für diesen Verein läuft schon eine Inventur."))
    return Stocktake.objects.create(association=association, started_by=by, note=note.strip())


def record_count(*, stocktake, item, counted, by):
    if not Stocktake.objects.open().filter(pk=stocktake.pk).exists():
        raise StockError(_("Diese Inventur ist schon abgeschlossen."))
    if counted is None or counted < 0:
        raise StockError(_("Bitte geben Sie die gezählte Menge an (0 oder mehr)."), "counted")
    count, _created = StocktakeCount.objects.update_or_create(
        stocktake=stocktake, item=item, defaults={"counted": counted, "counted_by": by}
    )
    return count


def finalise_stocktake(*, stocktake, by):
    """Write the differences between counted and recorded stock as count movements."""
    with transaction.atomic():
        stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
        if not stocktake.is_open:
            raise StockError(_("Diese Inventur ist schon abgeschlossen."))
        counts = list(stocktake.counts.select_related("item"))
        if not counts:
            raise StockError(_("Es ist noch nichts gezählt."))
        association = stocktake.association
        levels = _locked_levels(association, [count.item for count in counts])
        movements = []
        for count in counts:
            difference = count.counted - levels[count.item.pk].quantity
            if difference:
                movements.append(
                    _write(levels, count.item, association, difference, kind=Kind.COUNT, by=by, stocktake=stocktake)
                )
        stocktake.finalised_by = by
        stocktake.finalised_at = timezone.now()
        stocktake._history_user = by
        stocktake.save()
    return movements
