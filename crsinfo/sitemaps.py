from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


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
        return ["home", "checklist", "styleguide"]

    def location(self, name):
        return reverse(name)

    def priority(self, name):
        return {"home": 1.0, "checklist": 0.9}.get(name, 0.1)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}
