"""Setting up and switching off two-factor login (TOTP) for one's own account.

Required for staff who use the admin, optional for association members.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator-App"


class TokenForm(forms.Form):
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


def _confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _qr_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    opening, rest = svg.split(">", 1)
    title = escape(_("QR-Code für Ihre Authenticator-App"))
    # The SVG is ours, made from the device's key; it carries no user input.
    return mark_safe(f'{opening} role="img" aria-labelledby="qr-title"><title id="qr-title">{title}</title>{rest}')  # noqa: S308


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    device = _confirmed_device(request.user)
    if device:
        return render(request, "account/two_factor_active.html", {"form": TokenForm(device=device)})
    device = _pending_device(request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
        return redirect("site:two-factor")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret": b32encode(device.bin_key).decode(),
    }
    return render(request, "account/two_factor_setup.html", context)


@login_required
@require_POST
def disable(request):
    device = _confirmed_device(request.user)
    if device is None:
        return redirect("site:two-factor")
    form = TokenForm(request.POST, device=device)
    if not form.is_valid():
        return render(request, "account/two_factor_active.html", {"form": form})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Die Zwei-Faktor-Anmeldung ist ausgeschaltet."))
    return redirect("site:two-factor")
