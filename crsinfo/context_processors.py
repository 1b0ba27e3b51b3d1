from django.utils.functional import SimpleLazyObject


def site(request):
    """Site settings and the main menu, from the content this request shows (the current
    release, or the draft in a staff preview). Worked out only if a template uses them."""
    from .views import previewing, site_content

    return {
        "site_settings": SimpleLazyObject(lambda: site_content(request).settings),
        "nav_articles": SimpleLazyObject(lambda: site_content(request).published_articles),
        "help_page": SimpleLazyObject(lambda: site_content(request).help_page),
        "previewing": SimpleLazyObject(lambda: previewing(request)),
    }
