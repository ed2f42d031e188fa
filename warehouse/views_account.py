"""Login for association members; two-factor login is optional for them."""

from django.contrib.auth import views as auth_views
from django_otp import login as otp_login

from warehouse.forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device:
            otp_login(self.request, form.otp_device)  # the session counts as verified by the second factor
        return response
