from django.utils.functional import SimpleLazyObject

from .models import Article, SiteSettings


def site(request):
    """Site settings and the main menu, fetched only if a template uses them."""
    return {
        "site_settings": SimpleLazyObject(SiteSettings.load),
        "nav_articles": SimpleLazyObject(
            lambda: list(Article.objects.published().only("slug", "nav_title", "order", "title"))
        ),
        "help_page": SimpleLazyObject(
            lambda: Article.objects.published().filter(kind=Article.Kind.GET_HELP).only("slug").first()
        ),
    }
