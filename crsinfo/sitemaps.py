from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import releases


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return releases.current_content(empty_if_none=True).published_articles

    def lastmod(self, article):
        return article.last_reviewed


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
            for clinic in releases.current_content(empty_if_none=True).active_clinics.values()
            for name in ("clinic-detail", "clinic-handout", "clinic-wallet-card")
        ]

    def location(self, item):
        name, clinic = item
        return reverse(name, kwargs={"slug": clinic.slug})


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "clinics": ClinicSitemap}
