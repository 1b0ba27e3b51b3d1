"""Error pages that cannot fail, and what readers get when the database cannot be reached.

The error pages here are plain strings, not templates: they need no database, no template context
and no valid Host header, so they cannot fail in turn. They show the emergency number of the
release this server last served (crsinfo/publishing/current.py), or the default if none.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..access import is_admin_path
from ..i18n import SPANISH
from ..publishing.current import last_known_settings
from . import last_good

logger = logging.getLogger(__name__)


def _language(request) -> str:
    """Spanish for a Spanish address (/es/...), otherwise English: from the path alone."""
    try:
        return SPANISH if request is not None and request.path.startswith(f"/{SPANISH}/") else "en"
    except Exception:  # a request too broken to read: English
        return "en"


def _page(status: int, title: str, paragraphs: list[str], request=None) -> HttpResponse:
    """``title`` and ``paragraphs`` are English msgids, translated here for a Spanish address."""
    known = last_known_settings()
    language = _language(request)
    number = escape(known["emergency_number"])
    with translation.override(language):
        title = _(title)
        body = "".join(f"<p>{escape(_(text))}</p>" for text in paragraphs)
        unwell = _("If you feel very unwell, call %(number)s now,") % {"number": f'<a href="tel:{number}">{number}</a>'}
        care_team = _("or call your care team.")
        home = _("%(site)s: home page") % {
            "site": escape(known["site_name_es"] if language == SPANISH else known["site_name"])
        }
    html = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body><main>"
        f"<h1>{escape(title)}</h1>{body}"
        f"<p><strong>{unwell}</strong> {escape(care_team)}</p>"
        f'<p><a href="{f"/{SPANISH}/" if language == SPANISH else "/"}">{home}</a></p>'
        "</main></body></html>"
    )
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    patch_cache_control(response, no_store=True)
    return response


def bad_request(request, exception=None):
    """handler400: a bad Host header, a malformed request. Never reads the request's host."""
    return _page(
        400,
        gettext_noop("Sorry, we could not read that request"),
        [gettext_noop("Something in the request was not in the form we expected. Nothing you sent was saved.")],
        request,
    )


def server_error(request=None):
    """handler500. If the database could not be reached (the exception being handled is a
    DatabaseError), readers still get the page's last good copy. (Pages and the checklist rarely
    get here: they are built from the release in memory or on disk, without the database.)
    Editing gets a plain 503."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DatabaseError):
        return database_down(request)
    return _page(
        500,
        gettext_noop("Sorry, there is a problem with this site"),
        [gettext_noop("Please try again in a few minutes. Nothing you entered was saved.")],
        request,
    )


def database_down(request):
    if is_admin_path(request.path):
        return _page(
            503,
            "Editing is paused",
            [
                "The site's database cannot be reached, so nothing can be saved just now. Nothing was half-saved.",
                "Readers can still use the site. Try again in a few minutes.",
            ],
        )
    try:
        if request.method in ("GET", "HEAD") and (copy := last_good.page_copy(request)) is not None:
            return copy
    except Exception:  # any failure here must still end in a page with the emergency number
        logger.exception("Could not answer from the last good copy")
    return _page(
        503,
        gettext_noop("Sorry, this page is not available just now"),
        [gettext_noop("Please try again in a few minutes, or go to the home page.")],
        request,
    )
