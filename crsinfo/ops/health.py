"""Health checks for a load balancer: /healthz (the process is alive) and /readyz (the database
and the cache answer, and which release this server serves)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from ..publishing.current import (
    POINTER_CACHE_SECONDS,
    POINTER_CHECK_SECONDS,
    current_pointer,
    last_known_site,
    pointer_from_database,
)


def _release_line() -> str:
    """Which release this server serves, and whether it may be stale (crsinfo/publishing/)."""
    try:
        pointer = current_pointer()
    except Exception:
        known = last_known_site()
        return (
            f"release: {known.number} (this server's copy; the current one cannot be checked)"
            if known
            else ("release: none known")
        )
    if pointer is None:
        return "release: nothing published yet"
    return f"release: {pointer['number']}"


def _behind_the_database() -> str:
    """Why this server is not ready if it still serves an older release than the database's
    current one, longer than a publication takes to reach it; "" otherwise."""
    try:
        newest = pointer_from_database()
        served = current_pointer()
    except Exception:  # the lines above already say what cannot be reached
        return ""
    if newest is None or (served is not None and served["number"] >= newest["number"]):
        return ""
    if time.time() - newest["go_live_at"] <= POINTER_CACHE_SECONDS + 2 * POINTER_CHECK_SECONDS:
        return ""  # still on its way
    return f"behind: the database's current release is {newest['number']}"


class HealthChecks:
    """/healthz: the process is alive. /readyz: the database and the cache answer.
    Plain text, no secrets, answered before the Host header is checked (a load balancer probes
    by address), never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return self._text(request, 200, "ok\n")
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
            if ready and (behind := _behind_the_database()):
                lines.append(behind)
                ready = False
            return self._text(
                request, 200 if ready else 503, ("ready" if ready else "not ready") + "\n" + "\n".join(lines) + "\n"
            )
        return self.get_response(request)

    @staticmethod
    def _text(request, status: int, text: str) -> HttpResponse:
        body = text.encode()
        # HEAD: the headers of GET and no body (this middleware answers above NoBodyForHead).
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=status)
        response["Content-Type"] = "text/plain; charset=utf-8"
        response["Content-Length"] = str(len(body))
        patch_cache_control(response, no_store=True)
        return response
