"""Readers' checklist answers at about the cost of a page (README, "Speed").

A reader's htmx answer (a POST to /check/ or /es/check/ with no session cookie) changes nothing
and depends only on the release and what was ticked, yet the whole middleware stack below this
one (sessions, CSRF, authentication, messages, ...) cost as much as the answer itself. So this
middleware, near the top of the stack, answers it with the view's own function
(``views.quick_answer``: the same checks, form, decision and kept parts) and the headers that the
whole stack gave the same kind of answer before.

Those headers (security headers, the Content-Security-Policy, Vary, Cache-Control: no-store) are
kept from the first usual answer that went through the whole stack, for each language, scheme
and host: an address the stack refuses (an unknown host, plain HTTP when HTTPS is required) never
gets a usual answer, so it is never answered here. Nothing a reader sends is kept: the headers of
a usual answer are the same for every reader (tests/checklist/test_quick_answers.py). Anything
but a usual answer (a problem to show, a request to refuse, a staff preview) goes down the whole
stack as before.
"""

from __future__ import annotations

import threading

from django.db import DatabaseError
from django.http import HttpResponse

from ..access import is_reader_request
from .views import quick_answer

ANSWER_PATHS = frozenset({"/check/", "/es/check/"})
# Set per response by Django or the server, never kept.
OWN_HEADERS = frozenset({"content-length", "date"})
MAX_KEPT = 64  # languages x schemes x the hosts the site answers to


class _Kept:
    lock = threading.Lock()
    headers: dict = {}  # (language, scheme, host) -> ((name, value), ...)


def forget() -> None:
    with _Kept.lock:
        _Kept.headers.clear()


class QuickAnswers:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            request.method == "POST"
            and request.path_info in ANSWER_PATHS
            and request.headers.get("HX-Request") == "true"
            and is_reader_request(request)
        ):
            return self.get_response(request)
        key = (getattr(request, "LANGUAGE_CODE", ""), request.scheme, request.META.get("HTTP_HOST", ""))
        headers = _Kept.headers.get(key)
        if headers is not None:
            try:
                content = quick_answer(request)
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
            with _Kept.lock:
                if len(_Kept.headers) < MAX_KEPT:
                    _Kept.headers.setdefault(key, kept)
        return response
