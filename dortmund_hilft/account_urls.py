"""Log in, log out, passwords (Django's auth views) and the account's language, at /konto/."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from dortmund_hilft import accounts

app_name = "account"

urlpatterns = [
    path("anmelden/", accounts.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "passwort/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("account:password_change_done")),
        name="password_change",
    ),
    path("passwort/geaendert/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "passwort-vergessen/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("account:password_reset_done"),
        ),
        name="password_reset",
    ),
    path("passwort-vergessen/gesendet/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("account:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("passwort-neu/fertig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("sprache/", accounts.language, name="language"),
]
