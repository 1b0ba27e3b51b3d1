from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "CRS information: editors"
admin.site.site_title = "CRS information admin"
admin.site.index_title = "Content"

# Error pages that cannot fail: no database, no template, no Host header (crsinfo/uptime.py).
handler400 = "crsinfo.uptime.bad_request"
handler500 = "crsinfo.uptime.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Readers' pages: English at /..., Spanish at /es/... (the address alone chooses the language:
# crsinfo.middleware.LanguageFromAddress).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("check/", views.checklist, name="checklist"),
    path("search/", views.search_view, name="search"),
    path("glossary/", views.glossary, name="glossary"),
    path("printables/", views.printables, name="printables"),
    path("print/handout/", views.handout, name="handout"),
    path("print/handout/<slug:slug>/", views.handout, name="clinic-handout"),
    path("print/wallet-card/", views.wallet_card, name="wallet-card"),
    path("print/wallet-card/<slug:slug>/", views.wallet_card, name="clinic-wallet-card"),
    path("clinics/<slug:slug>/", views.clinic_detail, name="clinic-detail"),
    # Last: an article's address is its slug, e.g. /symptoms/. Slugs the site
    # needs for itself are reserved in models.RESERVED_SLUGS.
    path("<slug:slug>/", views.article_detail, name="article-detail"),
    prefix_default_language=False,
)
