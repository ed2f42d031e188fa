"""Staff pages to export or erase one person's data (DSGVO Art. 15 and 17)."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from dortmund_hilft import personal_data

# Only the coordination unit handles requests about personal data; it has this permission.
PERMISSION = "donations.delete_donor"


class PersonForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse der Person"),
        help_text=_("Wir suchen in Spender*innen, Spendenangeboten, Rückmeldungen, Anträgen, Konten und "
                    "E-Mails im Postausgang."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class EraseForm(PersonForm):
    email = forms.EmailField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Ich habe geprüft, dass die Person die Löschung verlangt hat und keine Frist entgegensteht."),
        error_messages={"required": _("Bitte bestätigen Sie, dass gelöscht werden darf.")},
    )


def privacy_staff_required(view):
    """Logged in, with the permission, and (where two-factor login is on) verified by it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        verified = user.is_verified() if settings.STAFF_REQUIRE_2FA else True
        if not (user.is_staff and user.has_perm(PERMISSION) and verified):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@privacy_staff_required
def search(request):
    form = PersonForm(request.GET or None)
    found = personal_data.find(form.cleaned_data["email"]) if form.is_valid() else None
    erase_form = EraseForm(initial={"email": form.cleaned_data["email"]}) if found else None
    return render(request, "privacy/personal_data.html", {"form": form, "found": found, "erase_form": erase_form})


@require_safe
@privacy_staff_required
def export(request):
    form = PersonForm(request.GET)
    if not form.is_valid():
        return redirect("site:personal-data")
    response = HttpResponse(personal_data.export(form.cleaned_data["email"]), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="personendaten.json"'
    return response


@require_POST
@privacy_staff_required
def erase(request):
    form = EraseForm(request.POST)
    if not form.is_valid():
        email = request.POST.get("email", "")
        found = personal_data.find(email) if PersonForm({"email": email}).is_valid() else None
        context = {"form": PersonForm({"email": email}), "found": found, "erase_form": form}
        return render(request, "privacy/personal_data.html", context)
    count = personal_data.erase(form.cleaned_data["email"], by=request.user)
    messages.success(request, _("Erledigt: %(count)s Datensätze anonymisiert oder gelöscht.") % {"count": count})
    return redirect("site:personal-data")
