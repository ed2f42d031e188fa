"""Needs lists: the partner's pages behind their personal link, and the staff pages that review them.

The partner's pages find their link through partners.links.open_link (404 for a wrong, revoked or
expired token, or one made for another purpose) and show only that contact's own requests.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from donations.partner_forms import NeedsLineFormSet, NeedsRequestForm, needs_lines_with_more_rows
from donations.partner_requests import (
    NeedsRequest,
    RequestError,
    accept_needs_request,
    requests_for_contact,
    submit_needs_request,
)
from donations.receipts import ShipmentReceipt
from partners.contacts import PartnerLink
from partners.links import open_link, private_link_page
from partners.roles import is_city_staff

LINES_PREFIX = "pos"


# --- the partner's pages -------------------------------------------------------------------------


@require_safe
@private_link_page
def partner_home(request, token):
    link = open_link(request, token, purpose=PartnerLink.Purpose.NEEDS, page="home")
    with translation.override(link.contact.language):
        return render(request, "donations/partner/home.html", {
            "link": link, "contact": link.contact, "requests": list(requests_for_contact(link.contact)),
        })


@require_http_methods(["GET", "HEAD", "POST"])
@private_link_page
def partner_request(request, token):
    link = open_link(request, token, purpose=PartnerLink.Purpose.NEEDS, page="request")
    contact = link.contact
    with translation.override(contact.language):
        more_rows = request.method == "POST" and "weitere-zeilen" in request.POST
        if more_rows:  # the page comes back as typed, unchecked, with more empty rows
            form = NeedsRequestForm(initial=request.POST.dict())
            lines = needs_lines_with_more_rows(request.POST, LINES_PREFIX)
        else:
            form = NeedsRequestForm(request.POST or None, initial={"institution": contact.institution})
            lines = NeedsLineFormSet(request.POST or None, prefix=LINES_PREFIX)
            if request.method == "POST" and form.is_valid() and lines.is_valid():
                needs_request = submit_needs_request(link=link, lines=lines.lines(), **form.cleaned_data)
                messages.success(request, _("Danke! Ihre Bedarfsliste %(reference)s ist bei uns angekommen.")
                                 % {"reference": needs_request.reference})
                return redirect("partner:home", token=token)
        return render(request, "donations/partner/request_form.html", {
            "link": link, "contact": contact, "form": form, "lines": lines,
            "has_errors": form.is_bound and (bool(form.errors) or bool(lines.total_error_count())),
        })


# --- staff ---------------------------------------------------------------------------------------


def _staff_only(request):
    if not is_city_staff(request.user):
        raise PermissionDenied


@require_safe
@login_required
def staff_requests(request):
    _staff_only(request)
    to_review = NeedsRequest.objects.to_review().select_related("contact__partner_city")
    page = Paginator(
        NeedsRequest.objects.exclude(status=NeedsRequest.Status.RECEIVED).select_related("contact__partner_city"), 25
    ).get_page(request.GET.get("seite"))
    return render(request, "donations/partner/staff_requests.html", {"to_review": to_review[:50], "page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def staff_request(request, pk):
    _staff_only(request)
    needs_request = get_object_or_404(NeedsRequest.objects.with_lines(), pk=pk)
    if request.method == "POST":
        try:
            accept_needs_request(request=needs_request, by=request.user)
        except RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Die Bedarfsliste %(reference)s steht jetzt im Bedarf; der Kontakt "
                                        "bekommt eine E-Mail.") % {"reference": needs_request.reference})
        return redirect("partner:staff-request", pk=pk)
    return render(request, "donations/partner/staff_request.html", {"needs_request": needs_request})


@require_safe
@login_required
def staff_delivery_note(request, pk):
    """The photo of a signed delivery note: stored outside the public media, shown to staff only."""
    _staff_only(request)
    receipt = get_object_or_404(ShipmentReceipt, pk=pk)
    if not receipt.delivery_note:
        raise Http404
    return FileResponse(receipt.delivery_note.open("rb"), as_attachment=False,
                        filename=receipt.delivery_note.name.rsplit("/", 1)[-1])
