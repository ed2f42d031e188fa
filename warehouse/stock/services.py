"""Stock workflows: book in, receive a donation, move a shipment along, transfer, adjust, count.

Every function writes the ledger rows and the stock levels in one transaction. Levels are locked
with SELECT … FOR UPDATE in a fixed order (by item, then association) so two workflows never wait
for each other in a circle. The check constraint on StockLevel is the final word if anything slips
through: a negative level makes the database refuse the whole transaction.

Status changes of shipments and stocktakes happen here and nowhere else. Each locks its row first
(shipment or stocktake, then levels: always in that order), reads the status again on the locked
row, refuses with a StockError saying what happened meanwhile, and saves only the fields it
changes. The copy a view or admin page holds may be minutes old; only the locked row counts.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations import emails as donation_emails
from donations import receipts
from donations.models import (
    Donation,
    DonationLine,
    DonationOffer,
    Donor,
    Item,
    Shipment,
    ShipmentEvent,
    amount_with_unit,
)
from warehouse.stock.models import StockLevel, StockMovement, Stocktake, StocktakeCount

Kind = StockMovement.Kind


class StockError(Exception):
    """A stock workflow that cannot be done; the message is German and meant for the user."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    @classmethod
    def from_validation(cls, error, field=None):
        """A model rule's ValidationError as a StockError, keeping the field it names."""
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            return cls(" ".join(e for err in errors for e in err.messages), field)
        return cls(" ".join(error.messages), field)


def _quantity(item, amount):
    return f"{amount_with_unit(amount, item.unit)} {item.name}"


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
                    is_demo=False, new_donor=None):
    """Record a received donation or procurement with its lines and book it in at once.

    `lines` is a list of (item, quantity, note). `new_donor`, a dict of Donor fields (name, kind,
    address), creates the donor on the spot, in the same transaction: a refused booking leaves no
    stray donor behind.
    """
    if not lines:
        raise StockError(_("Bitte geben Sie mindestens eine Position an."))
    with transaction.atomic():
        if new_donor and kind == Donation.Kind.DONATION:
            donor = Donor(**new_donor, is_demo=is_demo)
            donor._history_user = by
            donor.save()
        donation = Donation(
            kind=kind, donor=donor, supplier=supplier, cost=cost, received_on=received_on,
            receiving_association=association, note=note, created_by=by, is_demo=is_demo,
        )
        try:
            donation.full_clean()
        except ValidationError as error:
            raise StockError.from_validation(error) from None
        donation._history_user = by
        donation.save()
        DonationLine.objects.bulk_create(
            DonationLine(donation=donation, item=item, quantity=quantity, note=line_note)
            for item, quantity, line_note in lines
        )
        return receive_donation(donation=donation, by=by)


def receive_offer(*, offer, item, quantity, association, by, donor_address=""):
    """An offered donation has arrived: record the donor and the donation, book it in, close the offer;
    then thank the person by e-mail, with the receipt.

    The offer is locked first, so of a double click or a decline from a stale list only one wins;
    the loser changes nothing (no donor, no donation, no stock, no e-mail). `donor_address` goes on
    the receipt.
    """
    with transaction.atomic():
        offer = DonationOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.status not in (DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED):
            raise StockError(
                _("Dieses Angebot ist inzwischen abgeschlossen (%(status)s).") % {"status": offer.get_status_display()}
            )
        donor = Donor(
            name=offer.offerer_label, kind=offer.offerer_kind if offer.offerer_kind in Donor.Kind.values
            else Donor.Kind.PRIVATE, contact_name=offer.contact_name, email=offer.email, phone=offer.phone,
            address=donor_address.strip(), is_demo=offer.is_demo,
        )
        donor._history_user = by
        donor.save()
        donation = record_donation(
            kind=Donation.Kind.DONATION, donor=donor, received_on=timezone.localdate(), association=association,
            lines=[(item, quantity, "")], note=_("Aus Angebot %(ref)s") % {"ref": offer.reference}, by=by,
            is_demo=offer.is_demo,
        )
        try:
            offer.mark_received(donation=donation, by=by)
        except ValidationError as error:
            raise StockError.from_validation(error) from None
    # After the commit: rendering the receipt takes a moment, and the stock levels stay locked until then.
    donation_emails.goods_received(offer, donation)
    return donation


# --- Shipments -------------------------------------------------------------------------------------

# What a shipment has become since the page was shown; the reason a transition is refused.
SHIPMENT_MOVED_ON = {
    Shipment.Status.PLANNED: gettext_lazy("Diese Lieferung ist noch nicht abgefahren."),
    Shipment.Status.PACKING: gettext_lazy("Diese Lieferung wird inzwischen schon gepackt."),
    Shipment.Status.IN_TRANSIT: gettext_lazy("Diese Lieferung ist inzwischen abgefahren."),
    Shipment.Status.DELIVERED: gettext_lazy("Diese Lieferung ist inzwischen angekommen."),
    Shipment.Status.CANCELLED: gettext_lazy("Diese Lieferung ist inzwischen abgesagt."),
}


def shipment_moved_on(shipment):
    return str(SHIPMENT_MOVED_ON[shipment.status])


def _locked_shipment(shipment, target):
    """The shipment's row, locked, if it may still become `target`; otherwise a StockError."""
    locked = Shipment.objects.select_for_update().select_related("source_association").get(pk=shipment.pk)
    if not locked.can_become(target):
        raise StockError(shipment_moved_on(locked))
    return locked


def _save_shipment(shipment, by, **changes):
    for name, value in changes.items():
        setattr(shipment, name, value)
    shipment._history_user = by
    shipment.save(update_fields=list(changes))
    return shipment


def start_packing(*, shipment, by):
    with transaction.atomic():
        shipment = _locked_shipment(shipment, Shipment.Status.PACKING)
        return _save_shipment(shipment, by, status=Shipment.Status.PACKING)


def cancel_shipment(*, shipment, reason, by):
    """Call off a shipment that has not left; nothing was taken from stock yet."""
    reason = (reason or "").strip()
    if not reason:
        raise StockError(_("Bitte geben Sie einen Grund an."), "reason")
    with transaction.atomic():
        shipment = _locked_shipment(shipment, Shipment.Status.CANCELLED)
        return _save_shipment(shipment, by, status=Shipment.Status.CANCELLED, cancel_reason=reason)


def dispatch_shipment(*, shipment, by):
    """Take all lines out of the source association's stock, or none; then the shipment is in transit.

    The shipment row is locked before the levels, and its status read again under the lock: a
    cancel or a second dispatch waiting for the same row sees "in transit" and is refused.
    """
    with transaction.atomic():
        shipment = _locked_shipment(shipment, Shipment.Status.IN_TRANSIT)
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
        now = timezone.now()
        _save_shipment(shipment, by, status=Shipment.Status.IN_TRANSIT, dispatched_at=now)
        _add_event(shipment, kind=ShipmentEvent.Kind.DISPATCHED, occurred_at=now, by=by)
        # The recipient's contact gets the link to confirm the arrival; after the commit, and a failure
        # there (logged) leaves the dispatch standing.
        transaction.on_commit(functools.partial(receipts.send_receipt_link, shipment, by=by), robust=True)
    return shipment


# Dispatch and arrival are written by their transitions, not entered as events.
TRANSITION_EVENTS = (ShipmentEvent.Kind.DISPATCHED, ShipmentEvent.Kind.DELIVERED)


def add_shipment_event(*, shipment, kind, occurred_at, note="", by):
    """Something happened on the way (border, customs, delay): between the dispatch and now."""
    if kind in TRANSITION_EVENTS or kind not in ShipmentEvent.Kind.values:
        raise StockError(_("Bitte wählen Sie, was passiert ist."), "kind")
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if not shipment.takes_events:
            raise StockError(shipment_moved_on(shipment))
        try:
            shipment.check_event_time(occurred_at)
        except ValidationError as error:
            raise StockError.from_validation(error, "occurred_at") from None
        # Within the minute of the dispatch: not before the dispatch event on the timeline.
        occurred_at = max(occurred_at, shipment.dispatched_at)
        return _add_event(shipment, kind=kind, occurred_at=occurred_at, note=note.strip(), by=by)


def mark_shipment_delivered(*, shipment, received, delivered_on, confirmation, by):
    """The shipment arrived. `received` maps line pk to the quantity that arrived (missing: all of it).

    Differences are kept on the lines and named in the arrival event, not hidden.
    """
    confirmation = (confirmation or "").strip()
    if not confirmation:
        raise StockError(_("Geben Sie an, wer den Empfang bestätigt hat."), "confirmation")
    if any(quantity is None or quantity < 0 for quantity in received.values()):
        raise StockError(_("Die angekommene Menge kann nicht kleiner als 0 sein."))
    with transaction.atomic():
        shipment = _locked_shipment(shipment, Shipment.Status.DELIVERED)
        try:
            shipment.check_delivery_date(delivered_on)
        except ValidationError as error:
            raise StockError.from_validation(error, "delivered_on") from None
        differences = []
        for line in shipment.lines.select_related("item"):
            line.received_quantity = received.get(line.pk, line.quantity)
            line._history_user = by
            line.save(update_fields=["received_quantity"])
            if line.difference:
                differences.append(f"{line.item}: {line.quantity} → {line.received_quantity}")
        _save_shipment(shipment, by, status=Shipment.Status.DELIVERED, delivered_on=delivered_on,
                       delivery_confirmation=confirmation)
        _add_event(shipment, kind=ShipmentEvent.Kind.DELIVERED, occurred_at=_arrival_time(shipment, delivered_on),
                   note="; ".join(differences), by=by)
    return shipment


def _arrival_time(shipment, delivered_on):
    """The arrival event's time: now if it arrived today, else noon; never before the last event."""
    if delivered_on == timezone.localdate():
        at = timezone.now()
    else:
        at = timezone.make_aware(datetime.datetime.combine(delivered_on, datetime.time(12)))
    last = shipment.events.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    return max(at, last) if last else at


def _add_event(shipment, *, kind, occurred_at, by, note=""):
    event = ShipmentEvent(shipment=shipment, kind=kind, occurred_at=occurred_at, note=note, created_by=by)
    event._history_user = by
    event.save()
    return event


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


# --- Minimum stock ---------------------------------------------------------------------------------


def set_minimums(*, association, minimums):
    """Set the association's minimum per item ({item pk: number or None}); 0 means none, as empty does.

    Only the minimum changes (update_fields), so a stock movement at the same time keeps its quantity.
    Returns how many minimums changed.
    """
    changed = 0
    with transaction.atomic():
        levels = StockLevel.objects.select_for_update().filter(association=association, item_id__in=minimums)
        for level in levels:
            minimum = minimums[level.item_id] or None
            if level.minimum != minimum:
                level.minimum = minimum
                level.save(update_fields=["minimum"])
                changed += 1
    return changed


# --- Stocktakes ------------------------------------------------------------------------------------


def start_stocktake(*, association, by, note=""):
    # The partial unique constraint is the final word: two clicks or two operators at once cannot
    # open two counts of one association's stock (each would correct the other's result).
    try:
        with transaction.atomic():
            return Stocktake.objects.create(association=association, started_by=by, note=note.strip())
    except IntegrityError:
        raise StockError(_("Für diesen Verein läuft schon eine Inventur.")) from None


def _locked_open_stocktake(stocktake):
    locked = Stocktake.objects.select_for_update().select_related("association").get(pk=stocktake.pk)
    if not locked.is_open:
        raise StockError(_("Diese Inventur ist inzwischen abgeschlossen."))
    return locked


def record_count(*, stocktake, item, counted, by):
    """Note what was counted, with the level the ledger shows at this moment.

    Closing corrects that level by the difference, so goods that move after the count (a dispatch,
    a receipt) stay moved. The level is read under its lock: a dispatch still in flight is either
    in it or not at all.
    """
    if counted is None or counted < 0:
        raise StockError(_("Bitte geben Sie die gezählte Menge an (0 oder mehr)."), "counted")
    with transaction.atomic():
        stocktake = _locked_open_stocktake(stocktake)
        recorded = _locked_levels(stocktake.association, [item])[item.pk].quantity
        count, _created = StocktakeCount.objects.update_or_create(
            stocktake=stocktake, item=item, defaults={"counted": counted, "recorded": recorded, "counted_by": by}
        )
    return count


@dataclass(frozen=True)
class CountChange:
    """What closing a stocktake does to one line: counted against the level at the time of counting."""

    item: Item
    recorded: int
    counted: int
    level_before: int
    movement: StockMovement | None = None

    @property
    def difference(self):
        return self.counted - self.recorded

    @property
    def moved_since_count(self):
        return self.level_before - self.recorded

    @property
    def level_after(self):
        return self.level_before + self.difference

    def describe(self):
        text = _("%(item)s: gezählt %(counted)d, laut Lagerbuch beim Zählen %(recorded)d, Unterschied %(diff)+d") % {
            "item": self.item.name, "counted": self.counted, "recorded": self.recorded, "diff": self.difference,
        }
        if self.moved_since_count:
            text += _(" (seit dem Zählen bewegt: %(moved)+d)") % {"moved": self.moved_since_count}
        return text + _("; Bestand %(before)d → %(after)d") % {"before": self.level_before, "after": self.level_after}


def record_counts(*, stocktake, counts, by):
    """Record several counts at once ({item: counted}), all or none; items left out stay uncounted."""
    with transaction.atomic():
        return [record_count(stocktake=stocktake, item=item, counted=counted, by=by)
                for item, counted in sorted(counts.items(), key=lambda pair: pair[0].pk)]


def stocktake_changes(stocktake):
    """What closing the stocktake would do now, one CountChange per counted line (reads only)."""
    levels = dict(StockLevel.objects.filter(association=stocktake.association_id).values_list("item", "quantity"))
    counts = StocktakeCount.objects.filter(stocktake=stocktake).select_related("item", "counted_by")
    return [
        CountChange(item=count.item, counted=count.counted, level_before=levels.get(count.item_id, 0),
                    recorded=levels.get(count.item_id, 0) if count.recorded is None else count.recorded)
        for count in counts
    ]


def finalise_stocktake(*, stocktake, by):
    """Close the stocktake: each line's difference (counted − level when counted) is booked on top of
    the current level. Returns one CountChange per counted line."""
    with transaction.atomic():
        stocktake = _locked_open_stocktake(stocktake)
        counts = list(stocktake.counts.select_related("item"))
        if not counts:
            raise StockError(_("Es ist noch nichts gezählt."))
        association = stocktake.association
        levels = _locked_levels(association, [count.item for count in counts])
        changes = [
            CountChange(
                item=count.item, counted=count.counted, level_before=levels[count.item.pk].quantity,
                # A count without its level (taken before levels were kept) compares with the level now.
                recorded=levels[count.item.pk].quantity if count.recorded is None else count.recorded,
            )
            for count in counts
        ]
        below_zero = [change for change in changes if change.level_after < 0]
        if below_zero:
            raise StockError(
                _("Die Inventur kann so nicht abgeschlossen werden: seit dem Zählen wurde mehr ausgebucht, "
                  "als gezählt war. Bitte zählen Sie diese Positionen neu: %(list)s.")
                % {"list": "; ".join(change.describe() for change in below_zero)}
            )
        done = []
        for change in changes:
            movement = None
            if change.difference:
                movement = _write(levels, change.item, association, change.difference, kind=Kind.COUNT, by=by,
                                  stocktake=stocktake)
            done.append(CountChange(item=change.item, recorded=change.recorded, counted=change.counted,
                                    level_before=change.level_before, movement=movement))
        stocktake.finalised_by = by
        stocktake.finalised_at = timezone.now()
        stocktake._history_user = by
        stocktake.save(update_fields=["finalised_by", "finalised_at"])
    return done
