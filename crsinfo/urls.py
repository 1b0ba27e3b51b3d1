from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "CRS information: editors"
admin.site.site_title = "CRS information admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("check/", views.checklist, name="checklist"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Last: an article's address is its slug, e.g. /symptoms/. Slugs the site
    # needs for itself are reserved in models.RESERVED_SLUGS.
    path("<slug:slug>/", views.article_detail, name="article-detail"),
]
