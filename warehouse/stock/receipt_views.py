"""The recipient's page behind a shipment link: the lines as sent, what arrived, confirm or correct.

Only the shipment whose receipt names this link opens; everything else answers 404. The page shows
the shipment's goods and nothing about donors, stock or other partners.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from donations.partner_forms import ReceiptForm, ReceiptLineFormSet
from donations.receipts import ShipmentReceipt, shipment_for_link
from partners.contacts import PartnerLink
from partners.links import open_link, private_link_page
from warehouse.stock.receipts import confirm_receipt
from warehouse.stock.services import StockError


@require_http_methods(["GET", "HEAD", "POST"])
@private_link_page
def confirm(request, token):
    link = open_link(request, token, purpose=PartnerLink.Purpose.SHIPMENT, page="receipt")
    shipment = shipment_for_link(link)
    if shipment is None:
        raise Http404
    with translation.override(link.contact.language):
        receipt = ShipmentReceipt.objects.get(shipment=shipment)
        lines = list(shipment.lines.select_related("item", "receipt_line").order_by("pk"))
        editable = shipment.status == shipment.Status.IN_TRANSIT or (
            shipment.status == shipment.Status.DELIVERED and receipt.can_be_corrected()
        )
        data = request.POST if request.method == "POST" and editable else None
        initial = {"confirmed_by": receipt.confirmed_by or link.contact.person, "note": receipt.note}
        form = ReceiptForm(data, request.FILES or None, initial=initial)
        line_forms = ReceiptLineFormSet(data, lines=lines, prefix="pos")
        if data is not None and form.is_valid() and line_forms.is_valid():
            try:
                confirm_receipt(
                    shipment=shipment, link=link, confirmed_by=form.cleaned_data["confirmed_by"],
                    note=form.cleaned_data["note"], delivery_note=form.cleaned_data["delivery_note"],
                    lines=line_forms.received(),
                    delivered_on=timezone.localdate(),
                )
            except StockError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Danke! Ihre Bestätigung ist gespeichert."))
                return redirect("partner:receipt", token=token)
        return render(request, "donations/partner/receipt.html", {
            "link": link, "contact": link.contact, "shipment": shipment, "receipt": receipt, "form": form,
            "line_forms": line_forms, "editable": editable,
            "has_errors": form.is_bound and (bool(form.errors) or bool(line_forms.total_error_count())),
        })
