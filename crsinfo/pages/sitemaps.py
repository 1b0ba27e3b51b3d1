"""The sitemap: every public page in English, and in Spanish where the page is translated (an
untranslated page's Spanish address shows the English page, so it is left out), each with its
hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ..i18n import SPANISH as LANGUAGE
from ..publishing.current import current_site


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = ["en", LANGUAGE]

    @staticmethod
    def content():
        return current_site(empty_if_none=True)

    def get_languages_for_item(self, item):
        return ["en", LANGUAGE] if self.content().in_spanish(self.article(item)) else ["en"]

    def article(self, item):
        return None


class ArticleSitemap(BilingualSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return self.content().published_articles

    def article(self, item):
        return item

    def lastmod(self, article):
        return article.last_reviewed


class PageSitemap(BilingualSitemap):
    """Pages that are not articles."""

    changefreq = "monthly"

    def items(self):
        return ["home", "checklist", "glossary", "printables", "handout", "wallet-card", "styleguide"]

    def location(self, name):
        return reverse(name)

    def priority(self, name):
        return {"home": 1.0, "checklist": 0.9}.get(name, 0.1)

    def get_languages_for_item(self, item):
        # The style guide is for the people who build the site: English only.
        return ["en"] if item == "styleguide" else super().get_languages_for_item(item)


class ClinicSitemap(BilingualSitemap):
    """Each registered clinic's page and its printable handout and wallet card."""

    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return [
            (name, clinic)
            for clinic in self.content().active_clinics.values()
            for name in ("clinic-detail", "clinic-handout", "clinic-wallet-card")
        ]

    def location(self, item):
        name, clinic = item
        return reverse(name, kwargs={"slug": clinic.slug})


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "clinics": ClinicSitemap}
