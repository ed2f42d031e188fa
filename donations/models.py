"""Goods catalogue, donors, donations received, offers from the public, needs and shipments.

Stock (what lies in the warehouse and who owns it) is the warehouse app's business: it sits above
this app and refers to donations and shipments from its ledger rows. Nothing here touches stock.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Count, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from crises.models import AidAction, Appeal, Crisis
from partners.languages import language_field
from partners.models import Association, PartnerCity


class Unit(models.TextChoices):
    PIECE = "piece", _("Stück")
    PALLET = "pallet", _("Palette")
    BOX = "box", _("Karton")
    KG = "kg", _("kg")


def amount_with_unit(quantity, unit):
    """"1 Karton", "5 Kartons", "2 Paletten": a quantity with its unit in the right number."""
    forms = {
        Unit.PALLET: ngettext("%(n)s Palette", "%(n)s Paletten", quantity),
        Unit.BOX: ngettext("%(n)s Karton", "%(n)s Kartons", quantity),
        Unit.KG: ngettext("%(n)s kg", "%(n)s kg", quantity),
    }
    return forms.get(unit, ngettext("%(n)s Stück", "%(n)s Stück", quantity)) % {"n": quantity}


DEMO_HELP = _("Beispielwerte für die Vorführung. Vor dem echten Betrieb prüfen oder löschen.")


def demo_flag():
    return models.BooleanField(_("Demodaten"), default=False, help_text=DEMO_HELP)


# --- Catalogue -------------------------------------------------------------------------------


class ItemCategory(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), unique=True)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Warengruppe")
        verbose_name_plural = _("Warengruppen")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Item(models.Model):
    category = models.ForeignKey(
        ItemCategory, on_delete=models.PROTECT, related_name="items", verbose_name=_("Warengruppe")
    )
    name = models.CharField(_("Bezeichnung"), max_length=150, unique=True)
    slug = models.SlugField(_("Kurzname"), unique=True)
    unit = models.CharField(_("Einheit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    tracked_individually = models.BooleanField(
        _("einzeln erfasst"), default=False,
        help_text=_("Jedes Stück bekommt eine Seriennummer oder ein Kennzeichen (Fahrzeuge, Küchen, Generatoren)."),
    )
    unit_weight_kg = models.DecimalField(
        _("Gewicht je Einheit (kg)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("Für die Packliste, wenn bekannt."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hilfsgut")
        verbose_name_plural = _("Hilfsgüter")
        ordering = ["category__position", "category__name", "name"]

    def __str__(self):
        return self.name


class ItemUnit(models.Model):
    """One individually tracked piece: a fire engine, a bus, a canteen kitchen, a generator."""

    class Condition(models.TextChoices):
        NEW = "new", _("neu")
        GOOD = "good", _("gut")
        USABLE = "usable", _("gebraucht, einsatzbereit")
        REPAIR = "repair", _("reparaturbedürftig")

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="units", verbose_name=_("Hilfsgut"),
        limit_choices_to={"tracked_individually": True},
    )
    identifier = models.CharField(
        _("Seriennummer oder Kennzeichen"), max_length=100,
        help_text=_("z. B. Fahrgestellnummer, amtliches Kennzeichen oder Seriennummer"),
    )
    condition = models.CharField(_("Zustand"), max_length=10, choices=Condition.choices, default=Condition.GOOD)
    notes = models.TextField(_("Notizen"), blank=True)
    donation = models.ForeignKey(
        "Donation", on_delete=models.SET_NULL, null=True, blank=True, related_name="units",
        verbose_name=_("eingegangen mit"),
    )
    shipment_line = models.ForeignKey(
        "ShipmentLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="units",
        verbose_name=_("verschickt mit"),
    )
    is_demo = demo_flag()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Einzelstück")
        verbose_name_plural = _("Einzelstücke")
        ordering = ["item__name", "identifier"]
        constraints = [models.UniqueConstraint(fields=["item", "identifier"], name="unique_item_unit_identifier")]

    def __str__(self):
        return f"{self.item} {self.identifier}"

    def clean(self):
        if self.item_id and not self.item.tracked_individually:
            raise ValidationError({"item": _("Dieses Hilfsgut wird nicht einzeln erfasst.")})
        if self.shipment_line_id and self.item_id and self.shipment_line.item_id != self.item_id:
            raise ValidationError({"shipment_line": _("Die Lieferposition gehört zu einem anderen Hilfsgut.")})
        if self.shipment_line_id:
            named = self.shipment_line.units.exclude(pk=self.pk).count()
            if named >= self.shipment_line.quantity:
                raise ValidationError(
                    {"shipment_line": _("Diese Lieferposition nennt schon so viele Einzelstücke, wie sie umfasst.")}
                )


# --- Donors and donations ----------------------------------------------------------------------


def scrub_history(row, fields):
    """Give every old version of `row` the row's current values of `fields` (after anonymising it)."""
    row.history.all().update(**{name: getattr(row, name) for name in fields})


class Donor(models.Model):
    class Kind(models.TextChoices):
        CITY_DEPARTMENT = "city_department", _("Amt der Stadt")
        MUNICIPAL_COMPANY = "municipal_company", _("städtisches Unternehmen")
        COMPANY = "company", _("Unternehmen")
        ASSOCIATION = "association", _("Verein")
        PRIVATE = "private", _("Privatperson")

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    contact_name = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    address = models.TextField(_("Anschrift"), blank=True, help_text=_("Für die Spendenquittung."))
    is_demo = demo_flag()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Spender*in")
        verbose_name_plural = _("Spender*innen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    PERSONAL_FIELDS = ("name", "contact_name", "email", "phone", "address")

    def anonymise(self):
        """A private donor's name and contact details go; the donation stays, given by "a private person".

        The old versions in the history lose them too, so the change history keeps no personal data.
        """
        self.name = str(_("Privatperson (anonymisiert)"))
        self.contact_name = self.email = self.phone = self.address = ""
        self.save(update_fields=self.PERSONAL_FIELDS)
        scrub_history(self, self.PERSONAL_FIELDS)


# The aid this portal records began on 24.02.2022; the start of that year leaves room for goods
# collected just before, and an earlier date is a typo (2002, 1026) rather than a receipt.
EARLIEST_RECEIPT = datetime.date(2022, 1, 1)


def check_received_on(received_on, *, today=None):
    """Goods were received on a day between the start of the aid and today."""
    today = today or timezone.localdate()
    if received_on > today:
        raise ValidationError(_("Das Eingangsdatum liegt in der Zukunft."), code="future")
    if received_on < EARLIEST_RECEIPT:
        raise ValidationError(
            _("Das Eingangsdatum liegt vor dem %(date)s.")
            % {"date": date_format(EARLIEST_RECEIPT, "SHORT_DATE_FORMAT")},
            code="too_early",
        )


class DonationQuerySet(models.QuerySet):
    def not_booked_in(self):
        return self.filter(booked_in_at__isnull=True)

    def with_details(self):
        return self.select_related("donor", "receiving_association").prefetch_related("lines__item")


class PurchaseStatus(models.TextChoices):
    ORDERED = "ordered", _("bestellt")
    DELIVERED = "delivered", _("geliefert")
    PAID = "paid", _("bezahlt")


class Donation(models.Model):
    class Kind(models.TextChoices):
        DONATION = "donation", _("Sachspende")
        PROCUREMENT = "procurement", _("Beschaffung durch die Stadt")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.DONATION)
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, null=True, blank=True, related_name="donations", verbose_name=_("Spender*in")
    )
    supplier = models.CharField(_("Lieferant"), max_length=200, blank=True, help_text=_("Nur bei Beschaffung."))
    cost = models.DecimalField(
        _("Kosten (Euro)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("Nur bei Beschaffung."),
    )
    received_on = models.DateField(_("eingegangen am"), default=timezone.localdate)
    receiving_association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="donations_received",
        verbose_name=_("nimmt die Waren an"),
    )
    note = models.TextField(_("Notiz"), blank=True)
    action = models.ForeignKey(
        AidAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="donations",
        verbose_name=_("Hilfsaktion"), help_text=_("Für welche Hilfsaktion gespendet oder beschafft wurde."),
    )
    budget_line = models.CharField(
        _("Haushaltsposition"), max_length=100, blank=True, help_text=_("Nur bei Beschaffung, z. B. Kostenstelle.")
    )
    purchase_status = models.CharField(
        _("Stand der Beschaffung"), max_length=10, choices=PurchaseStatus.choices, blank=True,
        help_text=_("Nur bei Beschaffung."),
    )
    booked_in_at = models.DateTimeField(
        _("eingebucht am"), null=True, blank=True, editable=False,
        help_text=_("Wann die Waren in den Bestand gebucht wurden."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    is_demo = demo_flag()
    history = HistoricalRecords()

    objects = DonationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Sachspende oder Beschaffung")
        verbose_name_plural = _("Sachspenden und Beschaffungen")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="procurement") | Q(donor__isnull=False), name="donation_has_donor"
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.source_label}"

    @property
    def reference(self):
        return f"SP-{self.received_on:%Y}-{self.pk or 0:05d}"

    @property
    def source_label(self):
        if self.kind == self.Kind.PROCUREMENT:
            return self.supplier or str(_("Beschaffung"))
        return self.donor.name if self.donor_id else ""

    @property
    def is_booked_in(self):
        return self.booked_in_at is not None

    def clean(self):
        errors = {}
        if self.kind == self.Kind.DONATION and not self.donor_id:
            errors["donor"] = _("Bitte wählen Sie, wer gespendet hat.")
        if self.kind == self.Kind.PROCUREMENT and not self.supplier.strip():
            errors["supplier"] = _("Bitte geben Sie den Lieferanten an.")
        if self.received_on:
            try:
                check_received_on(self.received_on)
            except ValidationError as error:
                errors["received_on"] = error
        if errors:
            raise ValidationError(errors)


class DonationLine(models.Model):
    donation = models.ForeignKey(Donation, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="donation_lines", verbose_name=_("Hilfsgut"))
    quantity = models.PositiveIntegerField(_("Menge"), validators=[MinValueValidator(1)])
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Position")
        verbose_name_plural = _("Positionen")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="donation_line_quantity_positive")]

    def __str__(self):
        return f"{amount_with_unit(self.quantity, self.item.unit)} {self.item}"


# --- Offers from the public --------------------------------------------------------------------


def new_offer_reference():
    # Short, unambiguous (no 0/O, 1/I) and not guessable.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "ANG-" + "".join(secrets.choice(alphabet) for _ in range(6))


class DonationOfferQuerySet(models.QuerySet):
    def to_triage(self):
        return self.filter(status=DonationOffer.Status.NEW).order_by("created_at")

    def open(self):
        return self.filter(status__in=(DonationOffer.Status.NEW, DonationOffer.Status.ACCEPTED))

    def due_for_anonymisation(self, now=None):
        cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.OFFER_ANONYMISE_AFTER_DAYS)
        return self.filter(closed_at__lte=cutoff, anonymised_at__isnull=True)


class DonationOffer(models.Model):
    """What someone offers through /spenden/. Not a donation yet: staff decide, then it may come in."""

    class OffererKind(models.TextChoices):
        PRIVATE = "private", _("Privatperson")
        COMPANY = "company", _("Unternehmen")
        ASSOCIATION = "association", _("Verein")
        CITY_DEPARTMENT = "city_department", _("Amt oder Einrichtung der Stadt")

    class Condition(models.TextChoices):
        NEW = "new", _("neu")
        AS_NEW = "as_new", _("neuwertig")
        USED = "used", _("gebraucht, gut erhalten")

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")
        RECEIVED = "received", _("eingegangen")

    class DeclineReason(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Wird zurzeit nicht gebraucht")
        CONDITION = "condition", _("Zustand nicht geeignet")
        NO_SPACE = "no_space", _("Keine Lagerkapazität")
        OTHER = "other", _("Anderes")

    reference = models.CharField(_("Vorgangsnummer"), max_length=12, unique=True, default=new_offer_reference)
    offerer_kind = models.CharField(_("Wer bietet an?"), max_length=20, choices=OffererKind.choices)
    organisation = models.CharField(_("Name der Organisation"), max_length=200, blank=True)
    contact_name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("E-Mail"))
    language = language_field()
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    category = models.ForeignKey(
        ItemCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers",
        verbose_name=_("Warengruppe"),
    )
    description = models.TextField(
        _("Was bieten Sie an?"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    quantity = models.PositiveIntegerField(_("Menge"), validators=[MinValueValidator(1), MaxValueValidator(100000)])
    unit = models.CharField(_("Einheit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    condition = models.CharField(_("Zustand"), max_length=10, choices=Condition.choices)
    location = models.CharField(_("Wo sind die Sachen?"), max_length=200)
    dropoff_wish = models.DateTimeField(_("Wunschtermin für die Abgabe"), null=True, blank=True)
    appeal = models.ForeignKey(
        Appeal, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers",
        verbose_name=_("Antwort auf Spendenaufruf"),
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.NEW)
    staff_note = models.TextField(_("interne Notiz"), blank=True)
    decline_reason_kind = models.CharField(
        _("Grund der Ablehnung"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_reason = models.TextField(
        _("Erläuterung zur Ablehnung"), blank=True, help_text=_("Steht so in der E-Mail an die Person.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    donation = models.OneToOneField(
        Donation, on_delete=models.SET_NULL, null=True, blank=True, related_name="offer",
        verbose_name=_("erfasste Sachspende"),
    )
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    is_demo = demo_flag()
    # Anonymisation and erasure also remove the personal data from the old versions in this history.
    history = HistoricalRecords()

    objects = DonationOfferQuerySet.as_manager()

    PERSONAL_FIELDS = ("contact_name", "email", "phone", "organisation", "location")
    # Why a transition was refused: the state the offer has reached since the page was shown.
    MOVED_ON = {
        Status.ACCEPTED: _("Dieses Angebot wurde inzwischen angenommen."),
        Status.DECLINED: _("Dieses Angebot wurde inzwischen abgelehnt."),
        Status.RECEIVED: _("Dieses Angebot wurde inzwischen als eingegangen erfasst."),
    }

    class Meta:
        verbose_name = _("Spendenangebot")
        verbose_name_plural = _("Spendenangebote")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference}: {self.description[:60]}"

    @property
    def offerer_label(self):
        return self.organisation or self.contact_name

    def accept(self, *, by):
        self._move(self.Status.ACCEPTED, allowed=(self.Status.NEW,), by=by)

    def decline(self, *, by, reason="", reason_kind=""):
        self._move(
            self.Status.DECLINED, allowed=(self.Status.NEW, self.Status.ACCEPTED), by=by, closes=True,
            decline_reason=reason.strip(), decline_reason_kind=reason_kind,
        )

    @property
    def decline_reason_text(self):
        """The reason as the person reads it: the chosen kind, then the words staff added."""
        kind = self.get_decline_reason_kind_display() if self.decline_reason_kind else ""
        return " – ".join(part for part in (kind, self.decline_reason) if part)

    def mark_received(self, *, donation, by):
        self._move(
            self.Status.RECEIVED, allowed=(self.Status.NEW, self.Status.ACCEPTED), by=by, closes=True,
            donation=donation,
        )

    def _move(self, status, *, allowed, by, closes=False, **fields):
        """Change the status once, whoever clicks; raises ValidationError when the offer has moved on.

        The row is locked and read again: this copy may come from a list shown minutes ago, and a
        decline from there must not overwrite a receipt booked meanwhile.
        """
        with transaction.atomic():
            current = DonationOffer.objects.select_for_update().get(pk=self.pk)
            if current.status not in allowed:
                self.status = current.status
                raise ValidationError(self.MOVED_ON.get(current.status, _("Dieses Angebot ist schon abgeschlossen.")))
            now = timezone.now()
            fields.update(status=status, decided_by=by, decided_at=now)
            if closes:
                fields["closed_at"] = now
            for name, value in fields.items():
                setattr(current, name, value)
                setattr(self, name, value)
            current._history_user = by
            # Only what the transition changes: a staff note saved meanwhile stays.
            current.save(update_fields=list(fields))

    def anonymise(self, now=None):
        """Remove the personal data, here and in the old versions; what was offered stays for the statistics."""
        self.contact_name = str(_("anonymisiert"))
        self.email = "anonymisiert@invalid"
        self.phone = ""
        if self.offerer_kind == self.OffererKind.PRIVATE:
            self.organisation = ""
            self.location = ""
            if self.donation_id and self.donation.donor_id and self.donation.donor.kind == Donor.Kind.PRIVATE:
                donor = self.donation.donor
                donor._history_user = getattr(self, "_history_user", None)
                donor.anonymise()
        self.anonymised_at = now or timezone.now()
        self.save(update_fields=[*self.PERSONAL_FIELDS, "anonymised_at"])
        scrub_history(self, self.PERSONAL_FIELDS)


# --- Needs ---------------------------------------------------------------------------------------


class Priority(models.IntegerChoices):
    URGENT = 1, _("dringend")
    HIGH = 2, _("hoch")
    NORMAL = 3, _("normal")


DELIVERED_QUANTITY = Coalesce("received_quantity", "quantity")


def _total(rows, value):
    """The sum of `value` over `rows` (a queryset filtered on OuterRef), as a subquery; 0 if none."""
    total = rows.annotate(total=Func(value, function="SUM")).values("total")[:1]
    return Coalesce(Subquery(total), 0)


class NeedQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_open=True, needed_from__lte=today).filter(
            Q(needed_until__isnull=True) | Q(needed_until__gte=today)
        )

    def with_coverage(self):
        """`covered`: how much of the need has arrived.

        A shipment line linked to a need by hand counts for that need alone. Every other line of a
        delivered shipment counts for a need when it went to the need's partner city and crisis (those
        the need names), arrived on or after the day the need was reported, and carries the need's item
        (a need by category: an item of that category in the need's unit). One subquery per rule, so the
        page makes the same number of queries however many needs and shipments there are.
        """
        delivered = ShipmentLine.objects.delivered().order_by()
        linked = delivered.filter(need=OuterRef("pk"))
        unlinked = delivered.filter(
            Q(IsNull(OuterRef("partner_city"), True)) | Q(shipment__destination_city=OuterRef("partner_city")),
            Q(IsNull(OuterRef("crisis"), True)) | Q(shipment__crisis=OuterRef("crisis")),
            need__isnull=True, shipment__delivered_on__gte=OuterRef("needed_from"),
        )
        by_item = unlinked.filter(item=OuterRef("item"))
        by_category = unlinked.filter(item__category=OuterRef("category"), item__unit=OuterRef("unit"))
        return self.annotate(
            covered=_total(linked, DELIVERED_QUANTITY)
            + Case(When(item__isnull=False, then=_total(by_item, DELIVERED_QUANTITY)),
                   default=_total(by_category, DELIVERED_QUANTITY))
        )

    def with_offers(self):
        """`offered`: what people offered that staff accepted and that has not come in yet.

        Offers name a category, not an item, so a need counts the accepted offers of its category in its
        unit. New offers do not count: anyone can send the form, and a bot must not talk a need down.
        """
        offers = DonationOffer.objects.filter(
            status=DonationOffer.Status.ACCEPTED, category=OuterRef("category"), unit=OuterRef("unit")
        ).order_by()
        return self.annotate(offered=_total(offers, F("quantity")))

    def uncovered(self):
        return self.with_coverage().filter(covered__lt=F("quantity"))

    def with_details(self):
        return self.select_related("item__category", "category", "partner_city", "crisis")

    def by_priority(self):
        return self.order_by("priority", "needed_from", "pk")

    def in_list_order(self):
        """The order of /bedarf/: priority, then category (the item's, else the need's own), then label."""
        return self.annotate(
            sort_position=Coalesce("item__category__position", "category__position", Value(999)),
            sort_category=Coalesce("item__category__name", "category__name", Value("")),
            sort_label=Coalesce(NullIf("description", Value("")), "item__name", Value("")),
        ).order_by("priority", "sort_position", "sort_category", "sort_label", "pk")


class Need(models.Model):
    partner_city = models.ForeignKey(
        PartnerCity, on_delete=models.PROTECT, null=True, blank=True, related_name="needs",
        verbose_name=_("Partnerstadt"),
    )
    crisis = models.ForeignKey(
        Crisis, on_delete=models.PROTECT, null=True, blank=True, related_name="needs", verbose_name=_("Krise")
    )
    region = models.CharField(
        _("Ort oder Region"), max_length=150, blank=True, help_text=_("z. B. Provinz Hatay, wenn keine Partnerstadt.")
    )
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="needs", verbose_name=_("Hilfsgut")
    )
    category = models.ForeignKey(
        ItemCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="needs",
        verbose_name=_("Warengruppe"), help_text=_("Wird aus dem Hilfsgut übernommen, wenn eines gewählt ist."),
    )
    description = models.CharField(
        _("Beschreibung"), max_length=200, blank=True,
        help_text=_("Freie Beschreibung, wenn es kein Hilfsgut im Katalog gibt."),
    )
    quantity = models.PositiveIntegerField(_("Menge"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("Einheit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    priority = models.PositiveSmallIntegerField(_("Dringlichkeit"), choices=Priority.choices, default=Priority.NORMAL)
    needed_from = models.DateField(_("Bedarf seit"), default=timezone.localdate)
    needed_until = models.DateField(_("Bedarf bis"), null=True, blank=True)
    is_open = models.BooleanField(_("offen"), default=True, help_text=_("Abgeschlossene Bedarfe werden nicht gezeigt."))
    action = models.ForeignKey(
        AidAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs",
        verbose_name=_("Hilfsaktion"), help_text=_("Die Hilfsaktion, die diesen Bedarf deckt."),
    )
    is_demo = demo_flag()
    history = HistoricalRecords()

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bedarf")
        verbose_name_plural = _("Bedarfe")
        ordering = ["priority", "needed_from"]
        indexes = [
            # /bedarf/, /spenden/ and the dashboard: open needs by priority and start (Need.objects.current()).
            models.Index(fields=["priority", "needed_from"], condition=Q(is_open=True), name="need_open_priority_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_city__isnull=False) | Q(crisis__isnull=False), name="need_has_place_or_crisis"
            ),
            models.CheckConstraint(
                # German is the source text: a need without a catalogue item has at least a German description.
                condition=Q(item__isnull=False) | Q(description_de__gt=""), name="need_has_item_or_description"
            ),
            models.CheckConstraint(
                condition=Q(needed_until__isnull=True) | Q(needed_until__gte=F("needed_from")),
                name="need_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.place_label})"

    def save(self, *args, **kwargs):
        if self.item_id and not self.category_id:
            self.category_id = self.item.category_id
        super().save(*args, **kwargs)

    @property
    def label(self):
        return self.description or (self.item.name if self.item_id else "")

    @property
    def place_label(self):
        if self.partner_city_id:
            return self.partner_city.name
        return self.region or (self.crisis.title if self.crisis_id else "")

    @property
    def effective_category(self):
        return self.item.category if self.item_id else self.category

    def coverage_percent(self):
        covered = getattr(self, "covered", None)
        if covered is None or not self.quantity:
            return None
        return min(100, round(100 * covered / self.quantity))

    def clean(self):
        errors = {}
        if not self.partner_city_id and not self.crisis_id:
            errors["partner_city"] = _("Bitte wählen Sie eine Partnerstadt oder eine Krise.")
        if not self.item_id and not (self.description_de or "").strip():
            # The German column (donations/translation.py): the admin's form shows it, not `description`.
            errors["description_de"] = _("Bitte wählen Sie ein Hilfsgut oder beschreiben Sie den Bedarf auf Deutsch.")
        if self.needed_until and self.needed_from and self.needed_until < self.needed_from:
            errors["needed_until"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if errors:
            raise ValidationError(errors)


# --- Shipments -----------------------------------------------------------------------------------

# The operator's clock and the server's may differ by a few minutes; an event "now" is not refused.
CLOCK_SKEW = datetime.timedelta(minutes=5)



class ShipmentQuerySet(models.QuerySet):
    def delivered(self):
        return self.filter(status=Shipment.Status.DELIVERED)

    def public(self):
        """Shipments citizens see: underway or delivered."""
        return self.filter(status__in=Shipment.PUBLIC_STATUSES)

    def planned_between(self, first_day, last_day):
        return self.filter(
            status__in=(Shipment.Status.PLANNED, Shipment.Status.PACKING), planned_on__range=(first_day, last_day)
        )

    def with_public_details(self):
        return self.select_related("destination_city", "crisis").annotate(
            line_count=Count("lines", distinct=True), year=ExtractYear("planned_on")
        )


class Shipment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        PACKING = "packing", _("wird gepackt")
        IN_TRANSIT = "in_transit", _("unterwegs")
        DELIVERED = "delivered", _("angekommen")
        CANCELLED = "cancelled", _("abgesagt")

    OPEN_STATUSES = (Status.PLANNED, Status.PACKING)
    PUBLIC_STATUSES = (Status.IN_TRANSIT, Status.DELIVERED)
    TRANSITIONS = {
        Status.PLANNED: (Status.PACKING, Status.IN_TRANSIT, Status.CANCELLED),
        Status.PACKING: (Status.IN_TRANSIT, Status.CANCELLED),
        Status.IN_TRANSIT: (Status.DELIVERED,),
        Status.DELIVERED: (),
        Status.CANCELLED: (),
    }

    title = models.CharField(
        _("Titel"), max_length=200, help_text=_("Öffentlich, z. B. „Feuerwehrfahrzeuge für Schytomyr“")
    )
    destination_city = models.ForeignKey(
        PartnerCity, on_delete=models.PROTECT, null=True, blank=True, related_name="shipments",
        verbose_name=_("Ziel: Partnerstadt"),
    )
    destination_name = models.CharField(
        _("Ziel: andere Stadt"), max_length=150, blank=True, help_text=_("Nur, wenn das Ziel keine Partnerstadt ist.")
    )
    destination_country = CountryField(_("Land"), blank=True, help_text=_("Nur bei einer anderen Stadt."))
    destination_latitude = models.DecimalField(
        _("Breitengrad"), max_digits=8, decimal_places=5, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    destination_longitude = models.DecimalField(
        _("Längengrad"), max_digits=8, decimal_places=5, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    destination_to_verify = models.BooleanField(_("Ziel noch zu prüfen"), default=False)
    recipient_institution = models.CharField(_("Empfangende Einrichtung"), max_length=200)
    recipient_address = models.TextField(_("Anschrift der Empfänger"), blank=True)
    recipient_contact = models.ForeignKey(
        "partners.PartnerContact", on_delete=models.SET_NULL, null=True, blank=True, related_name="shipments",
        verbose_name=_("Kontakt der Empfänger"),
        help_text=_("Bekommt bei der Abfahrt per E-Mail einen Link, um den Empfang zu bestätigen."),
    )
    crisis = models.ForeignKey(
        Crisis, on_delete=models.PROTECT, null=True, blank=True, related_name="shipments", verbose_name=_("Krise")
    )
    action = models.ForeignKey(
        AidAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="shipments",
        verbose_name=_("Hilfsaktion"), help_text=_("Eine Lieferung gehört zu höchstens einer Hilfsaktion."),
    )
    source_association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="shipments_sent",
        verbose_name=_("Waren aus dem Bestand von"),
    )
    organisers = models.ManyToManyField(
        Association, related_name="shipments_organised", blank=True, verbose_name=_("organisierende Vereine")
    )
    planned_on = models.DateField(_("geplant für"))
    description = models.TextField(_("Beschreibung (öffentlich)"), blank=True)
    carrier = models.CharField(_("Spedition"), max_length=150, blank=True)
    vehicle_registration = models.CharField(_("Kennzeichen"), max_length=50, blank=True)
    driver_name = models.CharField(_("Fahrer*in"), max_length=150, blank=True)
    pallets = models.PositiveSmallIntegerField(_("Paletten"), null=True, blank=True)
    weight_kg = models.DecimalField(_("Gewicht (kg)"), max_digits=10, decimal_places=1, null=True, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    dispatched_at = models.DateTimeField(_("abgefahren am"), null=True, blank=True, editable=False)
    delivered_on = models.DateField(_("angekommen am"), null=True, blank=True)
    delivery_confirmation = models.CharField(
        _("Empfang bestätigt durch"), max_length=200, blank=True,
        help_text=_("Name und Funktion, z. B. aus dem Lieferschein."),
    )
    cancel_reason = models.TextField(_("Grund der Absage"), blank=True)
    is_demo = demo_flag()
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[organisers])

    objects = ShipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hilfslieferung")
        verbose_name_plural = _("Hilfslieferungen")
        ordering = ["-planned_on", "-pk"]
        indexes = [
            # /lieferungen/, crisis and partner city pages and the admin list: newest planned first.
            models.Index(fields=["-planned_on", "-id"], name="shipment_planned_idx"),
            # Statistics, open data and the sitemap: delivered shipments by delivery date.
            models.Index(fields=["status", "delivered_on"], name="shipment_status_delivered_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(destination_city__isnull=False) | ~Q(destination_name=""),
                name="shipment_has_destination",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("donations:shipment-detail", args=[self.pk])

    @property
    def reference(self):
        return f"HL-{self.planned_on:%Y}-{self.pk or 0:04d}"

    @property
    def destination_label(self):
        return self.destination_city.name if self.destination_city_id else self.destination_name

    @property
    def country(self):
        return self.destination_city.country if self.destination_city_id else self.destination_country

    @property
    def coordinates(self):
        if self.destination_city_id and self.destination_city.latitude is not None:
            return self.destination_city.latitude, self.destination_city.longitude
        if self.destination_latitude is not None and self.destination_longitude is not None:
            return self.destination_latitude, self.destination_longitude
        return None

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def date(self):
        """The date shown publicly: delivered, else dispatched, else planned."""
        if self.delivered_on:
            return self.delivered_on
        if self.dispatched_at:
            return timezone.localdate(self.dispatched_at)
        return self.planned_on

    def clean(self):
        if not self.destination_city_id and not self.destination_name.strip():
            raise ValidationError(
                {"destination_city": _("Bitte wählen Sie eine Partnerstadt oder geben Sie eine Stadt an.")}
            )
        if self.destination_name and not self.destination_city_id and not self.destination_country:
            raise ValidationError({"destination_country": _("Bitte geben Sie das Land an.")})

    # The legal transitions. warehouse/stock/services.py performs them, one function each, on the
    # locked row; nothing else assigns `status`.

    def can_become(self, status):
        return status in self.TRANSITIONS[self.status]

    @property
    def can_be_packed(self):
        return self.can_become(self.Status.PACKING)

    @property
    def takes_events(self):
        """Events on the way are recorded between dispatch and arrival."""
        return self.status == self.Status.IN_TRANSIT

    def check_event_time(self, occurred_at, *, now=None):
        """An event on the way lies between the dispatch and now (give or take the clock skew)."""
        now = now or timezone.now()
        if occurred_at > now + CLOCK_SKEW:
            raise ValidationError(_("Der Zeitpunkt liegt in der Zukunft."), code="future")
        # The form asks for minutes; an event in the minute of the dispatch is not before it.
        if self.dispatched_at and occurred_at < self.dispatched_at.replace(second=0, microsecond=0):
            raise ValidationError(
                _("Der Zeitpunkt liegt vor der Abfahrt am %(at)s.")
                % {"at": date_format(timezone.localtime(self.dispatched_at), "SHORT_DATETIME_FORMAT")},
                code="before_dispatch",
            )

    def check_delivery_date(self, delivered_on, *, today=None):
        """A shipment arrives on or after the day it left, and not in the future."""
        today = today or timezone.localdate()
        if delivered_on > today:
            raise ValidationError(_("Das Ankunftsdatum liegt in der Zukunft."), code="future")
        if self.dispatched_at and delivered_on < timezone.localdate(self.dispatched_at):
            raise ValidationError(
                _("Das Ankunftsdatum liegt vor der Abfahrt am %(date)s.")
                % {"date": date_format(timezone.localdate(self.dispatched_at), "SHORT_DATE_FORMAT")},
                code="before_dispatch",
            )


class ShipmentLineQuerySet(models.QuerySet):
    def delivered(self):
        return self.filter(shipment__status=Shipment.Status.DELIVERED)

    def with_open_data(self):
        return self.select_related(
            "shipment__destination_city", "shipment__crisis", "item__category"
        ).order_by("shipment__delivered_on", "shipment_id", "pk")


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="shipment_lines", verbose_name=_("Hilfsgut"))
    quantity = models.PositiveIntegerField(_("Menge"), validators=[MinValueValidator(1)])
    received_quantity = models.PositiveIntegerField(_("angekommen"), null=True, blank=True)
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="shipment_lines",
        verbose_name=_("deckt Bedarf"),
    )
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ShipmentLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lieferposition")
        verbose_name_plural = _("Lieferpositionen")
        ordering = ["pk"]
        indexes = [
            # A shipment's lines in order (detail page, packing list, open data sorted by shipment then line).
            models.Index(fields=["shipment", "id"], name="shipment_line_order_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="shipment_line_quantity_positive")]

    def __str__(self):
        return f"{amount_with_unit(self.quantity, self.item.unit)} {self.item}"

    @property
    def difference(self):
        if self.received_quantity is None:
            return 0
        return self.received_quantity - self.quantity

    @property
    def weight_kg(self):
        if self.item.unit == Unit.KG:
            return self.quantity
        if self.item.unit_weight_kg is None:
            return None
        return self.item.unit_weight_kg * self.quantity

    @property
    def delivered_quantity(self):
        return self.quantity if self.received_quantity is None else self.received_quantity


class ShipmentEventQuerySet(models.QuerySet):
    def timeline(self):
        """In the order things happen: the dispatch first, the arrival last, the rest by time between."""
        phase = models.Case(
            models.When(kind=ShipmentEvent.Kind.DISPATCHED, then=0),
            models.When(kind=ShipmentEvent.Kind.DELIVERED, then=2),
            default=1,
        )
        return self.alias(phase=phase).order_by("phase", "occurred_at", "pk")


class ShipmentEvent(models.Model):
    class Kind(models.TextChoices):
        DISPATCHED = "dispatched", _("abgefahren")
        BORDER = "border", _("an der Grenze")
        CUSTOMS_ENTRY = "customs_entry", _("Zollanmeldung")
        CUSTOMS_RELEASE = "customs_release", _("Zollfreigabe")
        DELAY = "delay", _("Verzögerung")
        DELIVERED = "delivered", _("angekommen")
        NOTE = "note", _("Hinweis")

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("Zeitpunkt"))
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ShipmentEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ereignis")
        verbose_name_plural = _("Ereignisse")
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {date_format(timezone.localdate(self.occurred_at), 'SHORT_DATE_FORMAT')}"


# --- Appeals ---------------------------------------------------------------------------------------


class AppealLine(models.Model):
    """One good an appeal asks for; staff mark it as no longer needed when enough came in."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="lines", verbose_name=_("Spendenaufruf"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="appeal_lines", verbose_name=_("Hilfsgut"))
    quantity = models.PositiveIntegerField(
        _("gesuchte Menge"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Leer lassen, wenn keine feste Menge gesucht wird."),
    )
    note = models.CharField(_("Hinweis"), max_length=200, blank=True, help_text=_("Öffentlich, z. B. „nur neu“"))
    no_longer_needed = models.BooleanField(_("wird nicht mehr gebraucht"), default=False)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gesuchtes Hilfsgut")
        verbose_name_plural = _("gesuchte Hilfsgüter")
        ordering = ["no_longer_needed", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["appeal", "item"], name="unique_appeal_item")]

    def __str__(self):
        if self.quantity:
            return f"{amount_with_unit(self.quantity, self.item.unit)} {self.item}"
        return str(self.item)


# Needs lists from partner institutions and receipt confirmations live in their own modules;
# imported here so Django finds the models.
from donations.partner_requests import NeedsRequest, NeedsRequestLine  # noqa: E402, F401
from donations.receipts import ReceiptLine, ShipmentReceipt  # noqa: E402, F401
