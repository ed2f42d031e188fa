from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from donations.models import DonationOffer
from partners.history_admin import HistoryAdmin
from warehouse.intake import decisions
from warehouse.intake.decision_forms import OfferDeclineForm
from warehouse.intake.models import CoUseApplication
from warehouse.intake.services import CoUseError, approve_co_use, decline_co_use
from warehouse.stock.admin import DonationOfferStockAdmin


@admin.register(CoUseApplication)
class CoUseApplicationAdmin(HistoryAdmin):
    list_display = ["reference", "association_name", "contact_name", "frequency", "status", "join_association",
                    "created_at"]
    list_filter = ["status", "frequency"]
    list_select_related = ["join_association"]
    search_fields = ["reference", "association_name", "contact_name", "email"]
    readonly_fields = ["reference", "status", "association", "decided_by", "decided_at", "created_at"]
    autocomplete_fields = ["join_association"]
    actions = ["approve", "decline"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != CoUseApplication.Status.NEW:
            return [*self.readonly_fields, "join_association"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if change:
            # Only the fields this form changed: a decision saved since the page was opened stays.
            obj.save(update_fields=form.changed_data)
        else:
            obj.save()

    def _decide(self, request, queryset, decide, done_message):
        done = 0
        for application in queryset:
            try:
                decide(application, by=request.user)
            except CoUseError as error:
                self.message_user(request, f"{application.reference}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Annehmen: Verein anlegen oder zuordnen und Ansprechperson einladen"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve_co_use,
                     lambda n: ngettext("%(n)d Antrag angenommen.", "%(n)d Anträge angenommen.", n))

    @admin.action(description=_("Ablehnen und Antragsteller*in benachrichtigen"))
    def decline(self, request, queryset):
        self._decide(request, queryset, decline_co_use,
                     lambda n: ngettext("%(n)d Antrag abgelehnt.", "%(n)d Anträge abgelehnt.", n))


admin.site.unregister(DonationOffer)


@admin.register(DonationOffer)
class DonationOfferDecisionAdmin(DonationOfferStockAdmin):
    """Accept and decline through the intake's decisions: they release the drop-off time and tell the person."""

    readonly_fields = [*DonationOfferStockAdmin.readonly_fields, "decline_reason_kind", "decline_reason"]

    def _decide_offers(self, request, queryset, decide, done_message):
        done = 0
        for offer in queryset:
            try:
                decide(offer)
            except decisions.OfferError as error:
                self.message_user(request, f"{offer.reference}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Ausgewählte Angebote annehmen und Personen benachrichtigen"), permissions=["change"])
    def accept_offers(self, request, queryset):
        self._decide_offers(
            request, queryset, lambda offer: decisions.accept_offer(offer=offer, by=request.user),
            lambda n: ngettext("%(n)d Angebot angenommen.", "%(n)d Angebote angenommen.", n),
        )

    @admin.action(description=_("Ausgewählte Angebote mit Grund ablehnen"), permissions=["change"])
    def decline_offers(self, request, queryset):
        """First the reason (an intermediate page), then each offer through the one decision."""
        form = OfferDeclineForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._decide_offers(
                request, queryset,
                lambda offer: decisions.decline_offer(offer=offer, by=request.user, **form.cleaned_data),
                lambda n: ngettext("%(n)d Angebot abgelehnt.", "%(n)d Angebote abgelehnt.", n),
            )
            return None
        context = {
            **self.admin_site.each_context(request), "title": _("Angebote ablehnen"), "form": form,
            "offers": queryset, "opts": self.model._meta, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/donations/donationoffer/decline.html", context)
