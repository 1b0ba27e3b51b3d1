"""How readers' pages are answered: GET and HEAD, in the address's language, cacheable by anyone
for a minute; a staff preview of the draft never cached anywhere."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ..i18n import in_page_language
from .current import site_for
from .preview import is_previewing


def cache_for_readers(request, response) -> None:
    """Readers' pages may be kept for a minute by any cache. Staff (a session cookie) always ask
    again, so whoever has just published sees the new release at once; their copy is private."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=60)


def never_cache(response) -> None:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)


def public_page(view=None, *, article_from=None):
    """A readers' page: GET and HEAD only, shown in Spanish only when all of it is translated
    (``article_from(site, **kwargs)`` names the article a page is about, if any); shared caches
    may keep it for a minute, then revalidate (ETag). A staff preview is never cached."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            site = site_for(request)
            article = article_from(site, **kwargs) if article_from else None
            response = in_page_language(
                request, site.in_spanish(article), lambda: view(request, *args, **kwargs), site.english_items
            )
            if site.number is None and is_previewing(request):
                never_cache(response)
            elif not response.has_header("Cache-Control"):
                cache_for_readers(request, response)
            return response

        # GET and HEAD only, which change nothing: there is nothing for CSRF protection to guard, and
        # any other method gets 405 with Allow (not "CSRF verification failed").
        return csrf_exempt(require_safe(wrapper))

    return decorate(view) if view is not None else decorate
