"""The Django admin, behind two-factor authentication (TOTP, django-otp).

Staff set up their authenticator app at /konto/zwei-faktor/ and then enter its code when they log
in to the admin. STAFF_REQUIRE_2FA is on wherever DEBUG is off, so only a development site lets the
demo users in with a password alone.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    site_header = "Dortmund hilft – Verwaltung"
    site_title = "Dortmund hilft"
    index_title = "Übersicht"

    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.STAFF_REQUIRE_2FA else AdminAuthenticationForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.STAFF_REQUIRE_2FA else None

    def has_permission(self, request):
        if settings.STAFF_REQUIRE_2FA:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)
