"""The portal login: password, and the second factor for accounts that have one.

Two-factor login is optional for association members and required for staff
(dortmund_hilft/second_factor.py sends a staff session without it to set it up).
"""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device

from dortmund_hilft.two_factor import verify_second_factor
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
        return response
