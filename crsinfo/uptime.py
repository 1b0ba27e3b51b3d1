"""What keeps readers served when something is wrong: health checks for a load balancer, error
pages that cannot fail, and public pages that never set or vary on cookies.

The error pages here are plain strings, not templates: they need no database, no template context
and no valid Host header, so they cannot fail in turn. They show the emergency number from the
last settings this process read (``remember_settings``), or the default if it has read none.
"""

from __future__ import annotations

import logging
import re
import sys

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

# The last emergency number and site name this process read from the database.
_last_known = {"emergency_number": "911", "site_name": "CRS information", "site_name_es": "Información sobre el SLC"}


def remember_settings(site_settings) -> None:
    """Called whenever the site settings are read: the error pages use the last known values,
    kept on disk too (crsinfo/lastgood.py), so a process started while the database is down
    still shows this site's emergency number, not a default."""
    from . import lastgood

    if site_settings.emergency_number:
        _last_known["emergency_number"] = site_settings.emergency_number
    if site_settings.site_name_en:
        _last_known["site_name"] = site_settings.site_name_en
    if getattr(site_settings, "site_name_es", None):
        _last_known["site_name_es"] = site_settings.site_name_es
    _last_known["read"] = True
    lastgood.keep("site-settings", {k: _last_known[k] for k in ("emergency_number", "site_name", "site_name_es")})


def _known() -> dict:
    if not _last_known.get("read"):
        try:
            from . import lastgood

            _last_known.update(lastgood.recall("site-settings") or {})
        except Exception:  # the error page must not fail: keep the defaults
            logger.warning("Could not read the last known settings")
    return _last_known


def _language(request) -> str:
    """Spanish for a Spanish address (/es/...), otherwise English: from the path alone."""
    try:
        return "es" if request is not None and request.path.startswith("/es/") else "en"
    except Exception:  # a request too broken to read: English
        return "en"


def _page(status: int, title: str, paragraphs: list[str], request=None) -> HttpResponse:
    """``title`` and ``paragraphs`` are English msgids, translated here for a Spanish address."""
    known = _known()
    language = _language(request)
    number = escape(known["emergency_number"])
    with translation.override(language):
        title = _(title)
        body = "".join(f"<p>{escape(_(text))}</p>" for text in paragraphs)
        unwell = _("If you feel very unwell, call %(number)s now,") % {"number": f'<a href="tel:{number}">{number}</a>'}
        care_team = _("or call your care team.")
        home = _("%(site)s: home page") % {
            "site": escape(
                known.get("site_name_es", "Información sobre el SLC") if language == "es" else known["site_name"]
            )
        }
    html = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body><main>"
        f"<h1>{escape(title)}</h1>{body}"
        f"<p><strong>{unwell}</strong> {escape(care_team)}</p>"
        f'<p><a href="{"/es/" if language == "es" else "/"}">{home}</a></p>'
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
    DatabaseError), readers still get the page: its last good copy, or the checklist working from
    the symptom list it last read. Editing gets a plain 503."""
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
    from . import lastgood, views

    if request.path.startswith("/admin/"):
        return _page(
            503,
            "Editing is paused",
            [
                "The site's database cannot be reached, so nothing can be saved just now. Nothing was half-saved.",
                "Readers can still use the site. Try again in a few minutes.",
            ],
        )
    try:
        if request.method in ("GET", "HEAD") and (copy := lastgood.page_copy(request)) is not None:
            return copy
        if request.path in ("/check/", "/es/check/"):
            return views.checklist_from_last_good_copy(request)
    except Exception:  # any failure here must still end in a page with the emergency number
        logger.exception("Could not answer from the last good copy")
    return _page(
        503,
        gettext_noop("Sorry, this page is not available just now"),
        [gettext_noop("Please try again in a few minutes, or go to the home page.")],
        request,
    )


def _release_line() -> str:
    """Which release this server serves, and whether it may be stale (crsinfo/releases.py)."""
    from . import releases

    try:
        pointer = releases.current_pointer()
    except Exception:
        known = releases.last_known_content()
        return (
            f"release: {known.number} (this server's copy; the current one cannot be checked)"
            if known
            else ("release: none known")
        )
    if pointer is None:
        return "release: nothing published yet"
    return f"release: {pointer['number']}"


class HealthChecks:
    """/healthz: the process is alive. /readyz: the database and the cache answer.
    Plain text, no secrets, answered before the Host header is checked (a load balancer probes
    by address), never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return self._text(200, "ok\n")
        if request.path == "/readyz":
            lines, ready = [], True
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                lines.append("database: ok")
            except DatabaseError:
                lines.append("database: unreachable")
                ready = False
            try:
                cache.set("readyz", "1", 5)
                lines.append("cache: ok" if cache.get("readyz") == "1" else "cache: not answering")
            except Exception:  # any cache failure means "not ready", never a 500
                lines.append("cache: unreachable")
                ready = False
            lines.append(_release_line())
            return self._text(
                200 if ready else 503, ("ready" if ready else "not ready") + "\n" + "\n".join(lines) + "\n"
            )
        return self.get_response(request)

    @staticmethod
    def _text(status: int, text: str) -> HttpResponse:
        response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
        patch_cache_control(response, no_store=True)
        return response


class NoCookiesOnPublicPages:
    """Outside /admin/ no response sets a cookie or varies on cookies, whatever cookies the
    request brought: a stale session cookie is not deleted, a malformed CSRF cookie is not
    replaced. Readers' pages are the same for everyone; staff previews are private and no-store,
    and the staff session cookie is only ever set by the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.cookies.clear()
            if response.has_header("Vary"):
                kept = [v for v in re.split(r"\s*,\s*", response["Vary"]) if v and v.lower() != "cookie"]
                if kept:
                    response["Vary"] = ", ".join(kept)
                else:
                    del response["Vary"]
        return response
