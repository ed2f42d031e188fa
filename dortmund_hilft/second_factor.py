"""Staff pass the second factor before they see any page (STAFF_REQUIRE_2FA).

The operator's people, city staff and admin users see donors' names and addresses, the personal-data
search and the admin, so a password alone must not open any of it. Rather than a decorator on each
staff view, one middleware sends a staff session that is not verified by django-otp to the code step
(or, without a confirmed device, to setting one up): a staff page added later is covered without
anyone remembering to. Only the pages needed to get verified, and the admin, which asks for the code
in its own login form, stay open. Association members keep two-factor login optional.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from partners.roles import is_operator

# The steps to get verified, and pages that show nothing about anyone.
OPEN_VIEWS = {
    "site:two-factor", "site:two-factor-identity", "site:two-factor-verify", "account:login", "account:logout",
    "site:healthz", "site:robots", "site:favicon",
}


def requires_second_factor(user):
    """Whether this user may use the site only with a session verified by the second factor."""
    if not (settings.STAFF_REQUIRE_2FA and user.is_authenticated):
        return False
    return user.is_staff or is_operator(user)


class StaffSecondFactorMiddleware:
    """After django-otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not requires_second_factor(user) or user.is_verified():
            return None
        match = request.resolver_match
        if match.namespace == "admin" or match.view_name in OPEN_VIEWS:
            return None
        if not user_has_device(user):
            return redirect("site:two-factor")
        return redirect(f"{reverse('site:two-factor-verify')}?{urlencode({'next': request.get_full_path()})}")
