"""The last good copy of every public page, kept on disk, for when the database is down.

Every public page served with 200 (GET, no query string, ``Cache-Control: public``) is kept in
the ``last-good`` cache (Django's FileBasedCache: files on the app server's disk, shared by its
workers, surviving restarts). When a request fails because the database cannot be reached,
``crsinfo.ops.errors.server_error`` answers with the copy (200), or a plain 503 for editing --
never the database's error. Pages and the checklist rarely need it: they are built from the
release each server keeps in memory and on disk, without the database. ``manage.py
keep_page_copies`` renders every page in the sitemap into the store, so all of them are there
from the start (``make setup`` runs it).

Only what every reader sees is kept: nothing with a query string (search terms stay private),
nothing private, no cookies.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.core.cache import caches
from django.http import HttpResponse

from ..access import is_reader_request

DROP_HEADERS = {"set-cookie", "content-length"}
_written: dict[str, str] = {}  # key -> digest this process last wrote: write only on change


def store():
    return caches["last-good"]


def _key(path: str, htmx: bool) -> str:
    return "page:" + hashlib.sha256(f"{path}|{int(htmx)}".encode()).hexdigest()


def keepable(request, response) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and is_reader_request(request)
        and response.status_code == 200
        and not response.streaming
        and "public" in response.get("Cache-Control", "")
    )


def keep_page(request, response) -> None:
    key = _key(request.path, bool(request.headers.get("HX-Request")))
    digest = hashlib.sha256(response.content).hexdigest()
    if _written.get(key) == digest:
        return
    headers = [(name, value) for name, value in response.items() if name.lower() not in DROP_HEADERS]
    store().set(key, {"content": response.content, "headers": headers}, timeout=None)
    _written[key] = digest


def page_copy(request) -> HttpResponse | None:
    """The page's last good copy. Only requests without a query string have one: a search (or any
    address with a query) never gets the copy of its page without it."""
    if request.META.get("QUERY_STRING"):
        return None
    kept = store().get(_key(request.path, bool(request.headers.get("HX-Request"))))
    if not kept:
        return None
    response = HttpResponse(kept["content"])
    for name, value in kept["headers"]:
        response[name] = value
    return response


class KeepLastGoodCopy:
    """Keeps each public page as it leaves the site (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if keepable(request, response):
            # A full or read-only disk must not cost the reader their page.
            with contextlib.suppress(OSError):
                keep_page(request, response)
        return response
