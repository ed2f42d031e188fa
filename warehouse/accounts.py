"""Login for association members; two-factor login is optional for them."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class LoginForm(AuthenticationForm):
    """Password, and for accounts that set up two-factor login, the code from the authenticator app."""

    otp_token = forms.CharField(
        label=_("Code aus der Authenticator-App"),
        help_text=_("Nur nötig, wenn Sie die Zwei-Faktor-Anmeldung eingerichtet haben."),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean(self):
        cleaned = super().clean()
        self.otp_device = TOTPDevice.objects.devices_for_user(self.get_user(), confirmed=True).first()
        token = cleaned.get("otp_token", "").strip()
        if self.otp_device and not token:
            raise forms.ValidationError(
                {"otp_token": _("Bitte geben Sie den Code aus Ihrer Authenticator-App ein.")}
            )
        if self.otp_device and not self.otp_device.verify_token(token):
            raise forms.ValidationError(
                {"otp_token": _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein.")}
            )
        return cleaned


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device:
            otp_login(self.request, form.otp_device)  # the session counts as verified by the second factor
        return response
