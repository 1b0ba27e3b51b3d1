"""Staff sessions: idle and absolute time limits, and no-store on every admin response; a form
sent after the session ended is kept for its author to send again once signed in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.http import QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext, ngettext

from ..access import is_admin_path

KEPT_FORM = "staff_kept_form"
KEEP_FOR = 60 * 60  # seconds a form sent after the session ended waits for its author to sign in


class StaffSessions:
    """For /admin/ only (readers' pages never touch a session):

    - every admin response, the sign-in, lockout and password pages included, is ``no-store``:
      no browser or proxy keeps a copy of clinical drafts or account pages;
    - a staff session ends after STAFF_SESSION_IDLE_MINUTES without a request, and
      STAFF_SESSION_MAX_HOURS after sign-in, whatever happens in between (NIST SP 800-63B, AAL2).
    """

    STARTED, SEEN = "staff_started", "staff_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = is_admin_path(request.path)
        if admin and request.user.is_authenticated:
            ended = self.check(request)
            response = ended if ended is not None else self.get_response(request)
        else:
            response = self.get_response(request)
        if admin:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
            if response.status_code == 429 and not response.has_header("Retry-After"):
                # django-axes's lockout page: paused for AXES_COOLOFF_TIME (hours).
                response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME * 3600))
        return response

    def check(self, request):
        now = time.time()
        session = request.session
        started = session.get(self.STARTED)
        seen = session.get(self.SEEN, started)
        if started is None:
            session[self.STARTED] = session[self.SEEN] = now
            return None
        idle = now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60
        too_old = now - started > settings.STAFF_SESSION_MAX_HOURS * 3600
        if idle or too_old:
            user_pk = request.user.pk
            # Keep a form only if it passes the CSRF check (this runs before the view's): another
            # site must not be able to fill in someone's form for them.
            posted = request.method == "POST"
            genuine = posted and CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None
            logout(request)  # flushes the session on the server, not only the cookie
            kept = genuine and keep_form(request, user_pk)
            # Said on the sign-in page. The messages middleware comes after this one, so the
            # message is stored here as it would store it.
            storage = default_storage(request)
            storage.add(messages.WARNING, signed_out_message(idle=idle and not too_old, kept=kept, posted=posted))
            response = redirect_to_login(request.get_full_path(), reverse("admin:login"))
            storage.update(response)
            return response
        session[self.SEEN] = now
        return None


def mark_session_start(sender, request, user, **kwargs):
    """On sign-in: start the clocks of StaffSessions."""
    if request is not None and hasattr(request, "session"):
        request.session[StaffSessions.STARTED] = request.session[StaffSessions.SEEN] = time.time()


def _is_item_form(path: str) -> bool:
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return False
    return name.endswith(("_change", "_add", "_revision", "_recover"))


def keep_form(request, user_pk) -> bool:
    """Keep what an item's form sent after its session ended, in the new (signed-out) session on
    the server, for the same person to get back once signed in (``take_kept_form``). Nothing is
    saved to the draft: it is only shown again in the form, to check and save."""
    if not _is_item_form(request.path_info):
        return False
    data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
    request.session[KEPT_FORM] = {"user": user_pk, "path": request.path_info, "data": data, "at": time.time()}
    return True


def take_kept_form(request) -> QueryDict | None:
    """The form this person sent to this address before they were signed out, once (or None)."""
    kept = request.session.get(KEPT_FORM)
    if not kept or kept.get("path") != request.path_info:
        return None
    del request.session[KEPT_FORM]
    if kept.get("user") != request.user.pk or time.time() - kept.get("at", 0) > KEEP_FOR:
        return None
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    return data


def signed_out_message(*, idle: bool, kept: bool, posted: bool) -> str:
    if idle:
        minutes = settings.STAFF_SESSION_IDLE_MINUTES
        why = ngettext(
            "You were signed out after %(n)s minute idle.", "You were signed out after %(n)s minutes idle.", minutes
        ) % {"n": minutes}
    else:
        hours = settings.STAFF_SESSION_MAX_HOURS
        why = ngettext(
            "You were signed out %(n)s hour after signing in.",
            "You were signed out %(n)s hours after signing in.",
            hours,
        ) % {"n": hours}
    if kept:
        return f"{why} {gettext('Your changes are kept: sign in to save them. Nothing was saved yet.')}"
    if posted:
        return f"{why} {gettext('What you sent was not saved: sign in, then make the change again.')}"
    return f"{why} {gettext('Sign in again to go on.')}"
