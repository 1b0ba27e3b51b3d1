"""HTTP niceties for every response: no cookies on readers' pages, HEAD without a body, a short
message with a 405."""

from __future__ import annotations

import re

from django.http import HttpResponse

from ..access import is_admin_path


class NoCookiesOnPublicPages:
    """Outside /admin/ no response sets a cookie or varies on cookies, whatever cookies the
    request brought: a stale session cookie is not deleted, a malformed CSRF cookie is not
    replaced. Readers' pages are the same for everyone; staff previews are private and no-store,
    and the staff session cookie is only ever set by the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_admin_path(request.path):
            response.cookies.clear()
            if response.has_header("Vary"):
                kept = [v for v in re.split(r"\s*,\s*", response["Vary"]) if v and v.lower() != "cookie"]
                if kept:
                    response["Vary"] = ", ".join(kept)
                else:
                    del response["Vary"]
        return response


class PlainMethodNotAllowed:
    """405 answers a short plain message with ``Allow``, for views and static files alike (Django's
    method decorators send an empty body; WhiteNoise a streaming one)."""

    MESSAGE = b"Method not allowed: this address accepts only the methods listed in the Allow header.\n"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and (response.streaming or not response.content):
            plain = HttpResponse(self.MESSAGE, status=405, content_type="text/plain; charset=utf-8")
            plain["Allow"] = response.get("Allow", "GET, HEAD")
            return plain
        return response


class LengthRequired:
    """A request body sent in chunks, with no Content-Length, reaches Django as no body at all
    (gunicorn alone; nginx de-chunks bodies before they reach the app): refused with 411 and a
    plain message, rather than answered as though nothing had been sent ("tick a symptom")."""

    MESSAGE = b"Length required: send the request body with a Content-Length header.\n"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not request.META.get("CONTENT_LENGTH"):
            return HttpResponse(self.MESSAGE, status=411, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoBodyForHead:
    """A HEAD response carries the headers of GET and no body (gunicorn warns when a WSGI app
    sends body bytes for HEAD). Content-Length still says how long the GET body is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
