"""Readers' pages at about the cost of a static file.

A public page depends only on the release it is rendered from (crsinfo/publishing/), the
address and the host it was asked for, and the day (printouts carry the date). So each app
process keeps the finished response (bytes and headers, and a gzip copy) under the current
release's digest and the day: when a release goes live the
digest changes and every page is rendered afresh from it. Nothing needs clearing, no time-to-live
is guessed, and a page is never a mix of two releases.

Only readers' pages are kept: GET or HEAD, no query string, no session cookie (staff, whose
previews must never be shared), a 200 that is ``public`` and sets no cookie. The middleware sits
near the top of the stack, so a hit skips the rest of it; the stored headers are those the whole
stack produced (security headers, CSP, ETag) the first time.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from ..access import is_reader_request
from .current import current_pointer

MAX_PAGES = 512
MIN_GZIP_BYTES = 860


class _Store:
    lock = threading.Lock()
    pages: OrderedDict = OrderedDict()


def clear() -> None:
    with _Store.lock:
        _Store.pages.clear()


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and is_reader_request(request)
        and not request.path.startswith(settings.STATIC_URL)
    )


def _key(request, digest: str):
    # The day is part of the key: pages print "Printed on <today>".
    return (
        digest,
        timezone.localdate(),
        request.META.get("HTTP_HOST", ""),
        request.is_secure(),
        request.path,
        request.headers.get("HX-Request", ""),
    )


class ReleasePageCache:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            pointer = current_pointer()
        except Exception:  # no pointer at all (nothing published, database down): render as usual
            return self.get_response(request)
        if pointer is None:
            return self.get_response(request)
        key = _key(request, pointer["digest"])
        entry = _Store.pages.get(key)
        if entry is not None:
            with _Store.lock:  # the least recently served page goes first when the store is full
                if key in _Store.pages:
                    _Store.pages.move_to_end(key)
            return self._serve(request, entry)
        response = self.get_response(request)
        if request.method == "GET":  # a HEAD response has no body to keep
            self._store(key, response)
        return response

    @staticmethod
    def _store(key, response) -> None:
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or "public" not in cache_control
            or "Set-Cookie" in response
        ):
            return
        body = response.content
        headers = [(k, v) for k, v in response.items() if k.lower() not in ("content-length", "vary")]
        vary = response.get("Vary", "")
        zipped = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= MIN_GZIP_BYTES else None
        entry = (headers, vary, body, zipped)
        with _Store.lock:
            _Store.pages[key] = entry
            while len(_Store.pages) > MAX_PAGES:
                _Store.pages.popitem(last=False)

    @staticmethod
    def _serve(request, entry):
        headers, vary, body, zipped = entry
        use_gzip = zipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        if etag and use_gzip:
            etag = etag[:-1] + '-gzip"' if etag.endswith('"') else etag  # one tag per representation
        if etag and etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
            for name, value in headers:
                if name.lower() in ("cache-control", "expires"):
                    response[name] = value
            response["ETag"] = etag
            if vary:
                response["Vary"] = vary
            if zipped is not None:
                patch_vary_headers(response, ["Accept-Encoding"])
            return response
        content = zipped if use_gzip else body
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers:
            response[name] = value
        if etag:
            response["ETag"] = etag
        if vary:
            response["Vary"] = vary
        if zipped is not None:
            patch_vary_headers(response, ["Accept-Encoding"])
        if use_gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(content))
        return response
