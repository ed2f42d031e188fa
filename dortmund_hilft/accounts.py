"""The portal login (password, and the second factor for accounts that have one) and the account's language.

Two-factor login is optional for association members and required for staff
(dortmund_hilft/second_factor.py sends a staff session without it to set it up).

The account's language (AccountLanguage) is the one its e-mails and calendar entries are written in:
the page's language at the first login, then whatever the account picks in the header's switcher or
on /konto/sprache/.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device

from dortmund_hilft.models import AccountLanguage
from dortmund_hilft.two_factor import verify_second_factor
from partners.contacts import Language
from partners.languages import account_language
from partners.roles import is_city_staff, is_operator


class LoginForm(AuthenticationForm):
    """Password, and for accounts that set up two-factor login, the app's code or a recovery code."""

    otp_token = forms.CharField(
        label=_("Code aus der Authenticator-App"),
        help_text=_("Nur nötig, wenn Sie die Zwei-Faktor-Anmeldung eingerichtet haben. Ohne Smartphone: "
                    "einer Ihrer Wiederherstellungscodes."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
    )

    def clean(self):
        cleaned = super().clean()
        self.otp_device = None
        user = self.get_user()
        if user is None or not user_has_device(user):  # None: a field is missing, the form says so
            return cleaned
        token = cleaned.get("otp_token", "").strip()
        if not token:
            raise forms.ValidationError(
                {"otp_token": _("Bitte geben Sie den Code aus Ihrer Authenticator-App ein.")}
            )
        self.otp_device = verify_second_factor(user, token)
        if self.otp_device is None:
            raise forms.ValidationError(
                {"otp_token": _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein.")}
            )
        return cleaned


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Each role starts where its work is; a safe `next` still wins (get_success_url asks it first)."""
        user = self.request.user
        if is_city_staff(user):
            return reverse("dashboard")
        if is_operator(user):
            return reverse("warehouse:operator-requests")
        return super().get_default_redirect_url()

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device:
            otp_login(self.request, form.otp_device)  # the session counts as verified by the second factor
        AccountLanguage.remember_first(form.get_user(), translation.get_language())
        return response


class AccountLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Sprache für E-Mails und Kalender"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie eine Sprache."),
            "invalid_choice": _("Bitte wählen Sie eine der angebotenen Sprachen."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def language(request):
    data = request.POST if request.method == "POST" else None
    form = AccountLanguageForm(data, initial={"language": account_language(request.user)})
    if form.is_valid():
        AccountLanguage.choose(request.user, form.cleaned_data["language"])
        messages.success(request, gettext("Gespeichert. Ihre Sprache für E-Mails und Kalender: %(language)s.")
                         % {"language": Language(form.cleaned_data["language"]).label})
        return redirect("account:language")
    return render(request, "account/language.html", {"form": form})
