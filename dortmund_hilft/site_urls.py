from django.urls import path

from dortmund_hilft import legal, personal_data_views, two_factor, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("kontakt/", views.contact, name="contact"),
    path("bedarf/", views.need_list, name="need-list"),
    path("impressum/", legal.imprint, name="imprint"),
    path("datenschutz/", legal.privacy, name="privacy"),
    path("barrierefreiheit/", legal.accessibility, name="accessibility"),
    path("barrierefreiheit/danke/", legal.accessibility_thanks, name="accessibility-thanks"),
    path("leichte-sprache/", legal.easy_language, name="easy-language"),
    path("konto/zwei-faktor/", two_factor.setup, name="two-factor"),
    path("konto/zwei-faktor/ausschalten/", two_factor.disable, name="two-factor-disable"),
    path("konto/zwei-faktor/bestaetigen/", two_factor.confirm_identity, name="two-factor-identity"),
    path("konto/zwei-faktor/code/", two_factor.verify, name="two-factor-verify"),
    path("konto/zwei-faktor/wiederherstellungscodes/", two_factor.recovery_codes, name="two-factor-recovery-codes"),
    path("intern/personendaten/", personal_data_views.search, name="personal-data"),
    path("intern/personendaten/export/", personal_data_views.export, name="personal-data-export"),
    path("intern/personendaten/loeschen/", personal_data_views.erase, name="personal-data-erase"),
    path("intern/personendaten/schwaerzen/", personal_data_views.redact, name="personal-data-redact"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
