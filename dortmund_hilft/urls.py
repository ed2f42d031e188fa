from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from dortmund_hilft import dashboard, languages
from dortmund_hilft.sitemaps import SITEMAPS
from partners import public_cache
from partners.site_url import on_site_url

# German at the root, the other languages under /en/, /uk/, /tr/ (dortmund_hilft/languages.py).
urlpatterns = i18n_patterns(
    path("", include("dortmund_hilft.site_urls")),
    path("krisen/", include("crises.urls")),
    path("aktuelles/", include("crises.news_urls")),
    path("", include("partners.urls")),
    path("konto/", include("dortmund_hilft.account_urls")),
    path("lager/bestand/", include("warehouse.stock.urls")),
    path("lager/", include("warehouse.urls")),
    path("spenden/angebot/", include("warehouse.intake.urls")),
    path("", include("donations.urls")),
    path("", include("crises.actions.urls")),
    path("intern/", dashboard.dashboard, name="dashboard"),
    path("intern/e-mails/erneut-senden/", dashboard.resend_mail, name="dashboard-resend-mail"),
    prefix_default_language=False,
) + [
    path("sprache/<str:language>/", languages.switch, name="language-switch"),
    # Partners' links follow the contact's language, not the address.
    path("", include("dortmund_hilft.partner_urls")),
    path("admin/", admin.site.urls),
    # The sitemap index and its sections share a name (they differ in their arguments): reverse("sitemap")
    # is the index, reverse("sitemap", kwargs={"section": …}) a section.
    path(
        "sitemap.xml",
        require_safe(public_cache.cache_page()(on_site_url(sitemap_views.index))),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(public_cache.cache_page(params=["p"])(on_site_url(sitemap_views.sitemap))),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "dortmund_hilft.views.page_not_found"
handler500 = "dortmund_hilft.views.server_error"
