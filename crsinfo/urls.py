from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .checklist import views as checklist
from .pages import views as pages
from .pages.sitemaps import SITEMAPS
from .printables import views as printables

admin.site.site_header = "CRS information: editors"
admin.site.site_title = "CRS information admin"
admin.site.index_title = "Content"

# Error pages that cannot fail: no database, no template, no Host header (crsinfo/ops/errors.py).
handler400 = "crsinfo.ops.errors.bad_request"
handler500 = "crsinfo.ops.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", pages.robots_txt, name="robots-txt"),
    path("sitemap.xml", csrf_exempt(require_safe(sitemap)), {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Readers' pages: English at /..., Spanish at /es/... (the address alone chooses the language:
# crsinfo.i18n.LanguageFromAddress).
urlpatterns += i18n_patterns(
    path("", pages.home, name="home"),
    path("styleguide/", pages.styleguide, name="styleguide"),
    path("check/", checklist.checklist, name="checklist"),
    path("search/", pages.search_view, name="search"),
    path("glossary/", pages.glossary, name="glossary"),
    path("printables/", printables.printables, name="printables"),
    path("print/handout/", printables.handout, name="handout"),
    path("print/handout/<slug:slug>/", printables.handout, name="clinic-handout"),
    path("print/wallet-card/", printables.wallet_card, name="wallet-card"),
    path("print/wallet-card/<slug:slug>/", printables.wallet_card, name="clinic-wallet-card"),
    path("clinics/<slug:slug>/", printables.clinic_detail, name="clinic-detail"),
    # Last: an article's address is its slug, e.g. /symptoms/. Slugs the site
    # needs for itself are reserved in models.RESERVED_SLUGS.
    path("<slug:slug>/", pages.article_detail, name="article-detail"),
    prefix_default_language=False,
)
