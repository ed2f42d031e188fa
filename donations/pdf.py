"""PDF documents (packing list, donation receipt). The one place that talks to WeasyPrint."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_pdf(template, context):
    """Render an HTML template to tagged PDF bytes.

    PDF/UA-1 gives a structure tree (headings, tables with their header cells), the document's
    language and its title shown in the viewer: screen readers read the packing list and the
    receipt as they read the page (EN 301 549 clause 10, issue 12).
    """
    from weasyprint import HTML  # imported here: it loads Pango, which only PDF requests need

    html = render_to_string(template, {**context, "generated_at": timezone.localtime(), "SITE_URL": settings.SITE_URL})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def packing_list(shipment, *, by=None):
    lines = list(shipment.lines.select_related("item__category").prefetch_related("units"))
    known = [line.weight_kg for line in lines if line.weight_kg is not None]
    context = {
        "shipment": shipment,
        "lines": lines,
        "total_weight": sum(known) if known else None,
        "organisers": list(shipment.organisers.all()),
        "receipt_qr": _receipt_qr(shipment, by),
        # Labels in German and, where the recipient's contact has another language, in theirs as well.
        "recipient_language": shipment.recipient_contact.language if shipment.recipient_contact_id else None,
    }
    with translation.override("de"):
        return render_pdf("donations/pdf/packing_list.html", context)


def _receipt_qr(shipment, by):
    """The recipient's link to confirm the arrival as a QR code (an SVG data URI), made or reused now.

    None without a recipient contact, and for a cancelled shipment.
    """
    import base64

    import qrcode
    import qrcode.image.svg

    from donations.receipts import receipt_link
    from partners.links import link_url

    if shipment.status == shipment.Status.CANCELLED:
        return None
    link = receipt_link(shipment, by=by)
    if link is None:
        return None
    image = qrcode.make(link_url(link, "partner:receipt"), image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def donation_receipt(donation):
    """The donor's receipt: German, with each label also in the language of the offer the goods came from."""
    lines = list(donation.lines.select_related("item"))
    context = {"donation": donation, "lines": lines, "recipient_language": _donor_language(donation)}
    with translation.override("de"):
        return render_pdf("donations/pdf/donation_receipt.html", context)


def _donor_language(donation):
    """The language of the page the donor's offer was sent from; None (German only) for goods without an offer."""
    try:
        return donation.offer.language
    except ObjectDoesNotExist:
        return None
