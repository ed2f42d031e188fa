"""Needs lists that partner institutions send through their personal link, and how staff take them on.

A request is kept as the contact sent it. Accepting it turns each line into a need (donations.Need),
or raises an open need of the same item for the same place, so /bedarf/ shows one row per thing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from donations.models import Item, Need, Priority, Unit
from partners.contacts import PartnerContact, PartnerLink
from partners.links import link_url, send_to_contact

MAX_LINES = 40


class NeedsRequestQuerySet(models.QuerySet):
    def to_review(self):
        return self.filter(status=NeedsRequest.Status.RECEIVED).order_by("submitted_at")

    def with_lines(self):
        return self.select_related("contact__partner_city").prefetch_related(
            Prefetch("lines", queryset=NeedsRequestLine.objects.select_related("item", "need"))
        )


class NeedsRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("eingegangen")
        ACCEPTED = "accepted", _("als Bedarf aufgenommen")
        PARTLY_COVERED = "partly_covered", _("teilweise gedeckt")
        DELIVERED = "delivered", _("geliefert")

    contact = models.ForeignKey(
        PartnerContact, on_delete=models.PROTECT, related_name="needs_requests", verbose_name=_("Kontakt")
    )
    link = models.ForeignKey(PartnerLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    institution = models.CharField(_("Für welche Einrichtung?"), max_length=200)
    deadline = models.DateField(_("Gebraucht bis"), null=True, blank=True)
    note = models.TextField(_("Hinweis"), max_length=2000, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    submitted_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("aufgenommen am"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("aufgenommen von"),
    )
    history = HistoricalRecords()

    objects = NeedsRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bedarfsliste einer Partnereinrichtung")
        verbose_name_plural = _("Bedarfslisten von Partnereinrichtungen")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.reference} {self.institution}"

    @property
    def reference(self):
        return f"BL-{self.pk or 0:05d}"

    def progress_status(self):
        """What the contact reads: after acceptance, how far the needs it became are covered.

        Needs `lines` prefetched with `need` annotated by `covered` (see `requests_for_contact`).
        """
        if self.status != self.Status.ACCEPTED:
            return self.get_status_display()
        needs = [line.need for line in self.lines.all() if line.need is not None]
        covered = [need for need in needs if getattr(need, "covered", 0) >= need.quantity]
        if needs and len(covered) == len(needs):
            return self.Status.DELIVERED.label
        if any(getattr(need, "covered", 0) for need in needs):
            return self.Status.PARTLY_COVERED.label
        return self.Status.ACCEPTED.label


class NeedsRequestLine(models.Model):
    request = models.ForeignKey(NeedsRequest, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Hilfsgut")
    )
    description = models.CharField(_("Oder: was genau?"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(
        _("Menge"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    unit = models.CharField(_("Einheit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    priority = models.PositiveSmallIntegerField(_("Dringlichkeit"), choices=Priority.choices, default=Priority.NORMAL)
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="request_lines",
        verbose_name=_("aufgenommen als Bedarf"),
    )

    class Meta:
        verbose_name = _("Position")
        verbose_name_plural = _("Positionen")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False) | ~Q(description=""), name="needs_request_line_item_or_text"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.item.name if self.item_id else self.description


class RequestError(Exception):
    """A request that cannot be taken on now; the message is German and meant for staff."""


def submit_needs_request(*, link, institution, deadline, note, lines):
    """Store a needs list sent through `link`. `lines`: dicts of item, description, quantity, unit, priority."""
    if not lines:
        raise ValidationError(_("Bitte geben Sie mindestens eine Position an."))
    with transaction.atomic():
        request = NeedsRequest.objects.create(
            contact=link.contact, link=link, institution=institution.strip(), deadline=deadline, note=note.strip()
        )
        NeedsRequestLine.objects.bulk_create(
            NeedsRequestLine(request=request, **{**line, "description": line.get("description", "").strip()})
            for line in lines
        )
    return request


def _open_need_for(line, city, today):
    """The open need this line adds to: same place, same item (or same free text) and unit, still current."""
    same_thing = Q(item=line.item) if line.item_id else Q(item__isnull=True, description_de__iexact=line.description)
    return (
        Need.objects.select_for_update()
        .filter(same_thing, partner_city=city, unit=line.unit, is_open=True, needed_from__lte=today)
        .filter(Q(needed_until__isnull=True) | Q(needed_until__gte=today))
        .order_by("pk")
        .first()
    )


def accept_needs_request(*, request, by):
    """Turn every line into a need, once, whoever clicks; then tell the contact.

    An open need of the same item and place is raised by the line's quantity (and made as urgent as
    the more urgent of the two) instead of getting a second row.
    """
    today = timezone.localdate()
    with transaction.atomic():
        request = NeedsRequest.objects.select_for_update().select_related("contact__partner_city").get(pk=request.pk)
        if request.status != NeedsRequest.Status.RECEIVED:
            raise RequestError(_("Diese Bedarfsliste wurde inzwischen schon aufgenommen."))
        city = request.contact.partner_city
        for line in request.lines.select_related("item").order_by("pk"):
            need = _open_need_for(line, city, today)
            if need is None:
                need = Need(
                    partner_city=city, region=request.contact.region, item=line.item, description_de=line.description,
                    quantity=line.quantity, unit=line.unit, priority=line.priority, needed_from=today,
                    needed_until=request.deadline if request.deadline and request.deadline >= today else None,
                )
            else:
                need.quantity += line.quantity
                need.priority = min(need.priority, line.priority)
            need._history_user = by
            need.save()
            line.need = need
            line.save(update_fields=["need"])
        request.status = NeedsRequest.Status.ACCEPTED
        request.reviewed_at = timezone.now()
        request.reviewed_by = by
        request._history_user = by
        request.save(update_fields=["status", "reviewed_at", "reviewed_by"])
        # Stored in the outbox with the change; sent once the transaction commits.
        _tell_contact_accepted(request)
    return request


def _tell_contact_accepted(request):
    link = PartnerLink.objects.usable().filter(contact=request.contact, purpose=PartnerLink.Purpose.NEEDS).first()
    send_to_contact(
        request.contact, subject=_("Ihre Bedarfsliste %(reference)s wurde aufgenommen"),
        subject_params={"reference": request.reference},
        template="donations/partner/email/request_accepted.txt",
        context={"request": request, "lines": list(request.lines.select_related("item")),
                 "url": link_url(link, "partner:home") if link else ""},
    )


def requests_for_contact(contact, limit=20):
    """The contact's latest requests with their lines and the coverage of the needs they became."""
    needs = Need.objects.with_coverage()
    lines = NeedsRequestLine.objects.select_related("item").prefetch_related(Prefetch("need", queryset=needs))
    return (
        NeedsRequest.objects.filter(contact=contact)
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("-submitted_at", "-pk")[:limit]
    )
