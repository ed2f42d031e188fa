"""Staff pages to export or erase one person's data (DSGVO Art. 15 and 17)."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from donations import pdf
from dortmund_hilft import mentions, personal_data

# Only the coordination unit handles requests about personal data; it has this permission.
PERMISSION = "donations.delete_donor"


class PersonForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse der Person"),
        help_text=_("Wir suchen in Spender*innen, Spendenangeboten, Rückmeldungen, Anträgen, Konten und "
                    "E-Mails im Postausgang."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    names = forms.CharField(
        label=_("Weitere Namen oder Schreibweisen (freiwillig)"), required=False, max_length=500,
        help_text=_("Eine Angabe pro Zeile, zum Beispiel ein Geburtsname. Die Namen aus den gefundenen "
                    "Daten suchen wir in Freitexten und im Änderungsverlauf ohnehin."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )

    def extra_names(self):
        return [line.strip() for line in self.cleaned_data.get("names", "").splitlines() if line.strip()]


class EraseForm(PersonForm):
    email = forms.EmailField(widget=forms.HiddenInput)
    names = None
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


class RedactForm(forms.Form):
    """Which of the hits of `terms` to redact; only hits the search finds now can be chosen."""

    hits = forms.MultipleChoiceField(
        label=_("Fundstellen"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Wählen Sie mindestens eine Fundstelle aus.")},
    )

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = terms
        self.fields["hits"].choices = [
            (hit.key, hit.key) for hit in mentions.find_mentions(terms) if hit.redactable
        ]


def _search_context(form, *, erase_form=None):
    email = form.cleaned_data["email"]
    found = personal_data.find(email)
    terms = mentions.search_terms(mentions.names_of(found) + form.extra_names())
    return {
        "form": form, "found": found, "terms": terms, "hits": mentions.find_mentions(terms),
        "erase_form": erase_form or (EraseForm(initial={"email": email}) if found else None),
    }


@require_safe
@privacy_staff_required
def search(request):
    form = PersonForm(request.GET or None)
    if not form.is_valid():
        return render(request, "privacy/personal_data.html", {"form": form, "found": None})
    return render(request, "privacy/personal_data.html", _search_context(form))


@require_POST
@privacy_staff_required
def redact(request):
    form = RedactForm(request.POST, terms=request.POST.getlist("term"))
    person = PersonForm({"email": request.POST.get("email", ""), "names": request.POST.get("names", "")})
    if not person.is_valid():
        return redirect("site:personal-data")
    if not form.is_valid():
        return render(request, "privacy/personal_data.html", {**_search_context(person), "redact_form": form})
    count = mentions.redact(form.cleaned_data["hits"], form.terms)
    messages.success(request, ngettext("Erledigt: Der Name ist an %(count)s Stelle geschwärzt.",
                                       "Erledigt: Der Name ist an %(count)s Stellen geschwärzt.",
                                       count) % {"count": count})
    return redirect(f"{reverse('site:personal-data')}?{urlencode(person.cleaned_data)}")


@require_safe
@privacy_staff_required
def export(request):
    """The person's copy as a page to print (default), a PDF or a JSON file; or, with format=akte, the
    full extract for the file: every field and the change history, as stored."""
    form = PersonForm(request.GET)
    if not form.is_valid():
        return redirect("site:personal-data")
    email, kind = form.cleaned_data["email"], request.GET.get("format", "")
    if kind == "akte":
        return _attachment(personal_data.export(email), "application/json", "personendaten-akte.json")
    report = personal_data.readable(email)
    if kind == "json":
        return _attachment(personal_data.readable_json(report), "application/json", "auskunft-personendaten.json")
    if kind == "pdf":
        return _attachment(pdf.render_pdf("privacy/report_pdf.html", {"report": report}), "application/pdf",
                           "auskunft-personendaten.pdf")
    return render(request, "privacy/report.html", {"report": report, "email": email})


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@privacy_staff_required
def erase(request):
    form = EraseForm(request.POST)
    if not form.is_valid():
        person = PersonForm({"email": request.POST.get("email", "")})
        if not person.is_valid():
            return redirect("site:personal-data")
        return render(request, "privacy/personal_data.html", _search_context(person, erase_form=form))
    count = personal_data.erase(form.cleaned_data["email"], by=request.user)
    messages.success(request, ngettext("Erledigt: %(count)s Datensatz anonymisiert oder gelöscht.",
                                       "Erledigt: %(count)s Datensätze anonymisiert oder gelöscht.",
                                       count) % {"count": count})
    return redirect("site:personal-data")
