from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Clinic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published()

    def lastmod(self, article):
        return article.updated_at


class PageSitemap(Sitemap):
    """Pages that are not articles."""

    changefreq = "monthly"

    def items(self):
        return ["home", "checklist", "glossary", "printables", "handout", "wallet-card", "styleguide"]

    def location(self, name):
        return reverse(name)

    def priority(self, name):
        return {"home": 1.0, "checklist": 0.9}.get(name, 0.1)


class ClinicSitemap(Sitemap):
    """Each registered clinic's page and its printable handout and wallet card."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return [
            (name, clinic)
            for clinic in Clinic.objects.published()
            for name in ("clinic-detail", "clinic-handout", "clinic-wallet-card")
        ]

    def location(self, item):
        name, clinic = item
        return reverse(name, kwargs={"slug": clinic.slug})

    def lastmod(self, item):
        return item[1].updated_at


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "clinics": ClinicSitemap}
