"""Pages for logged-in users are never stored by the browser or a proxy.

On a shared office PC the Back button after logout would otherwise show bookings, stock and donor
names from the browser cache. A view that set Cache-Control itself (the calendar feed) knows better.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivatePagesNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.login_paths = {settings.LOGIN_URL, "/admin/login/"}

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path in self.login_paths:
            patch_cache_control(response, no_store=True, private=True)
        return response
