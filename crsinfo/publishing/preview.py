"""A staff preview of the draft on the readers' addresses: the session key lives here only."""

from __future__ import annotations

from django.conf import settings

from ..access import may_preview

SESSION_KEY = "crsinfo-preview-draft"


def is_previewing(request) -> bool:
    """A signed-in member of staff who may use admin (two-factor verified where required) and
    turned on the preview sees the draft. A reader's request (no session cookie) never does."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return False
    return bool(request.session.get(SESSION_KEY)) and may_preview(request.user)


def set_previewing(request, on: bool) -> None:
    request.session[SESSION_KEY] = on
