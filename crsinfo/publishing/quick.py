"""Readers' answers that depend on what they sent, at about the cost of a page (README, "Speed").

A reader's checklist answer or search changes nothing and depends only on the release and what
the reader sent, yet the whole middleware stack below (sessions, CSRF, authentication, messages,
...) cost about as much as the answer itself. A ``QuickPath`` middleware, near the top of the
stack, answers such a request with the view's own function (the same checks, form or search,
and templates) and the headers that the whole stack gave the same kind of answer before.

Those headers (security headers, the Content-Security-Policy, Vary, Cache-Control: no-store) are
kept from the first usual answer that went through the whole stack, for each language, scheme and
host: an address the stack refuses (an unknown host, plain HTTP when HTTPS is required) never gets
a usual answer, so it is never answered here. Nothing a reader sends is kept: the headers of a
usual answer are the same for every reader. Anything but a usual answer (a problem to show, a
request to refuse, staff, a database error) goes down the whole stack as before.
"""

from __future__ import annotations

import threading

from django.db import DatabaseError
from django.http import HttpResponse

from ..access import is_reader_request

# Set per response by Django or the server, never kept.
OWN_HEADERS = frozenset({"content-length", "date"})
MAX_KEPT = 64  # languages x schemes x the hosts the site answers to


class QuickPath:
    """Subclasses say which requests they answer (``method``, ``paths``, ``wants``) and how
    (``answer``: the body, or None to send the request down the whole stack). A view marks a
    usual answer, whose headers may be kept, with ``response.usual_answer = True``."""

    method = "GET"
    paths: frozenset = frozenset()
    lock = threading.Lock()
    kept: dict = {}  # each subclass has its own: (language, scheme, host) -> ((name, value), ...)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.kept = {}
        cls.lock = threading.Lock()

    @classmethod
    def forget(cls) -> None:
        with cls.lock:
            cls.kept.clear()

    def __init__(self, get_response):
        self.get_response = get_response

    def wants(self, request) -> bool:
        return True

    def answer(self, request) -> str | bytes | None:
        raise NotImplementedError

    def __call__(self, request):
        if not (
            request.method == self.method
            and request.path_info in self.paths
            and is_reader_request(request)
            and self.wants(request)
        ):
            return self.get_response(request)
        key = (getattr(request, "LANGUAGE_CODE", ""), request.scheme, request.META.get("HTTP_HOST", ""))
        headers = self.kept.get(key)
        if headers is not None:
            try:
                content = self.answer(request)
            except DatabaseError:  # the whole stack knows what to do without the database
                content = None
            if content is not None:
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response["Content-Length"] = str(len(response.content))  # as CommonMiddleware sets it
                return response
        response = self.get_response(request)
        if getattr(response, "usual_answer", False) and response.status_code == 200 and not response.cookies:
            kept = tuple((name, value) for name, value in response.items() if name.lower() not in OWN_HEADERS)
            with self.lock:
                if len(self.kept) < MAX_KEPT:
                    self.kept.setdefault(key, kept)
        return response
