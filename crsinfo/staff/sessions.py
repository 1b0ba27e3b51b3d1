"""Staff sessions: idle and absolute time limits, and no-store on every admin response."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.cache import patch_cache_control

from ..access import is_admin_path


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
            logout(request)  # flushes the session on the server, not only the cookie
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        session[self.SEEN] = now
        return None


def mark_session_start(sender, request, user, **kwargs):
    """On sign-in: start the clocks of StaffSessions."""
    if request is not None and hasattr(request, "session"):
        request.session[StaffSessions.STARTED] = request.session[StaffSessions.SEEN] = time.time()
