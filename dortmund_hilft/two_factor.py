"""Two-factor login (TOTP) for one's own account: set it up, enter the code, recovery codes, switch off.

Required for staff wherever STAFF_REQUIRE_2FA is on (dortmund_hilft/second_factor.py), optional for
association members. Whoever knows a password must not be able to add their own authenticator, so
setting one up needs the password again and a code mailed to the account's address; and once an
account has a device, only a session verified by it may change anything.
"""

import secrets
import time
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dortmund_hilft.second_factor import requires_second_factor
from warehouse import mail

DEVICE_NAME = "Authenticator-App"
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"
RECOVERY_CODE_COUNT = 10

# The mailed code lives in the session, as a keyed hash: it proves the mailbox for this session only.
EMAIL_CODE_KEY = "two_factor_email_code"
EMAIL_CODE_SECONDS = 10 * 60
EMAIL_CODE_ATTEMPTS = 5
# After password and mailed code, the session may set up an authenticator for this long.
IDENTITY_KEY = "two_factor_identity_confirmed"
IDENTITY_SECONDS = 15 * 60
NEW_CODES_KEY = "two_factor_new_recovery_codes"


class TokenForm(forms.Form):
    """The code from the app being set up, checked against that one device."""

    token = forms.CharField(
        label=_("Code aus der App"),
        help_text=_("Die sechs Ziffern, die Ihre Authenticator-App gerade anzeigt."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(_("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein."))
        return token


def normalise_token(token):
    """Recovery codes are shown in groups and lower case; people type them any way."""
    return "".join(token.split()).replace("-", "").lower()


def verify_second_factor(user, token):
    """The user's device that accepts the token, or None.

    Six digits go to the app, anything else to the recovery codes: trying every device in turn would
    count a failure against the one not meant, and django-otp's throttling would then slow it down.
    """
    token = normalise_token(token)
    model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).first()
    return device and verify_token(user, device.persistent_id, token)


class SecondFactorForm(forms.Form):
    """The code from the app or one recovery code, checked against all of the user's devices."""

    token = forms.CharField(
        label=_("Code aus der App oder Wiederherstellungscode"),
        help_text=_("Die sechs Ziffern aus Ihrer Authenticator-App. Ohne Smartphone: einer Ihrer "
                    "Wiederherstellungscodes. Jeder Wiederherstellungscode gilt nur einmal."),
        min_length=6,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        token = self.cleaned_data["token"]
        self.device = verify_second_factor(self.user, token)
        if self.device is None:
            raise forms.ValidationError(_("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein."))
        return token


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate(), so django-axes counts wrong passwords here as at the login.
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError(_("Das Passwort stimmt nicht."))
        if not user.email:
            raise forms.ValidationError(
                _("Ihr Konto hat keine E-Mail-Adresse. Bitte wenden Sie sich an die Verwaltung.")
            )
        return password


class EmailCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code aus der E-Mail"),
        help_text=_("Die sechs Ziffern aus der E-Mail, die wir Ihnen gerade geschickt haben."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not _check_email_code(self.request, code):
            raise forms.ValidationError(_("Der Code stimmt nicht oder ist abgelaufen."))
        return code


def _email_code_hash(user, code):
    return salted_hmac("dortmund_hilft.two_factor.email_code", f"{user.pk}:{code}").hexdigest()


def _send_email_code(request):
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[EMAIL_CODE_KEY] = {
        "hash": _email_code_hash(request.user, code), "expires": time.time() + EMAIL_CODE_SECONDS, "attempts": 0,
    }
    context = {"user": request.user, "code": code, "minutes": EMAIL_CODE_SECONDS // 60}
    mail.send(
        "emails/two_factor_email_code.txt",
        lambda: mail.Mail(gettext("Ihr Code für die Zwei-Faktor-Anmeldung"), context),
        mail.account_recipient(request.user),
    )


def _pending_email_code(request):
    pending = request.session.get(EMAIL_CODE_KEY)
    if pending and pending["expires"] > time.time() and pending["attempts"] < EMAIL_CODE_ATTEMPTS:
        return pending
    return None


def _check_email_code(request, code):
    pending = _pending_email_code(request)
    if pending is None:
        return False
    if constant_time_compare(pending["hash"], _email_code_hash(request.user, code)):
        del request.session[EMAIL_CODE_KEY]
        return True
    pending["attempts"] += 1
    request.session.modified = True
    return False


def _identity_confirmed(request):
    confirmed = request.session.get(IDENTITY_KEY)
    return bool(confirmed) and confirmed["user"] == request.user.pk and confirmed["until"] > time.time()


def _confirmed_totp(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def new_recovery_codes(user):
    """Replace the user's recovery codes with fresh ones; returns them, to be shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset_two_factor(user):
    """Remove every second factor of the account, so its owner sets one up afresh (admin action)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _qr_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    opening, rest = svg.split(">", 1)
    title = escape(_("QR-Code für Ihre Authenticator-App"))
    # The SVG is ours, made from the device's key; it carries no user input.
    return mark_safe(f'{opening} role="img" aria-labelledby="qr-title"><title id="qr-title">{title}</title>{rest}')  # noqa: S308


def _verify_url(next_url):
    return f"{reverse('site:two-factor-verify')}?{urlencode({'next': next_url})}"


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return settings.LOGIN_REDIRECT_URL


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    user = request.user
    device = _confirmed_totp(user)
    if device:
        recovery = _recovery_device(user)
        context = {"form": SecondFactorForm(user=user), "recovery_left": recovery.token_set.count() if recovery else 0}
        return render(request, "account/two_factor_active.html", context)
    if user_has_device(user) and not user.is_verified():
        return redirect(_verify_url(request.path))  # recovery codes left over: replacing needs them
    if not _identity_confirmed(request):
        return redirect("site:two-factor-identity")
    device = _pending_device(user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = new_recovery_codes(user)
        otp_login(request, device)
        del request.session[IDENTITY_KEY]
        request.session[NEW_CODES_KEY] = codes
        messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
        return redirect("site:two-factor-recovery-codes")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret": b32encode(device.bin_key).decode(),
        "required": requires_second_factor(user),
    }
    return render(request, "account/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_identity(request):
    """Before setting up an authenticator: the password again, then a code sent to the account's address."""
    if user_has_device(request.user):
        return redirect("site:two-factor")
    password_form = PasswordForm(request.POST if "password" in request.POST else None, request=request)
    code_form = EmailCodeForm(request.POST if "code" in request.POST else None, request=request)
    if password_form.is_valid():
        _send_email_code(request)
        return redirect("site:two-factor-identity")
    if code_form.is_valid():
        # A key made before this check may have been seen by someone else: the app gets a fresh one.
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        request.session[IDENTITY_KEY] = {"user": request.user.pk, "until": time.time() + IDENTITY_SECONDS}
        return redirect("site:two-factor")
    if request.method == "POST" and not (password_form.is_bound or code_form.is_bound):
        password_form = PasswordForm({}, request=request)  # neither field sent: say what is missing
    context = {
        "password_form": password_form,
        "code_form": code_form if _pending_email_code(request) or code_form.is_bound else None,
        "required": requires_second_factor(request.user),
    }
    return render(request, "account/two_factor_identity.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """The code step for a session that logged in with a password only."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not user_has_device(request.user):
        return redirect("site:two-factor")
    form = SecondFactorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            messages.warning(request, _("Sie haben einen Wiederherstellungscode verbraucht. Noch übrig: %(left)d.")
                             % {"left": form.device.token_set.count()})
        return redirect(next_url)
    return render(request, "account/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request):
    """Fresh recovery codes, shown once; making new ones needs a verified session."""
    if _confirmed_totp(request.user) is None:
        return redirect("site:two-factor")
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect(_verify_url(request.path))
        request.session[NEW_CODES_KEY] = new_recovery_codes(request.user)
        return redirect("site:two-factor-recovery-codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    recovery = _recovery_device(request.user)
    context = {"codes": codes, "left": recovery.token_set.count() if recovery else 0}
    return render(request, "account/two_factor_recovery_codes.html", context)


@login_required
@require_POST
def disable(request):
    if not user_has_device(request.user):
        return redirect("site:two-factor")
    form = SecondFactorForm(request.POST, user=request.user)
    if not form.is_valid():
        recovery = _recovery_device(request.user)
        context = {"form": form, "recovery_left": recovery.token_set.count() if recovery else 0}
        return render(request, "account/two_factor_active.html", context)
    reset_two_factor(request.user)
    messages.success(request, _("Die Zwei-Faktor-Anmeldung ist ausgeschaltet."))
    return redirect("site:two-factor")
