import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control


class LanguageFromAddress:
    """The language of a request is its address's: /es/... is Spanish, everything else English.
    Never a cookie and never Accept-Language (so a page is the same for every reader and public
    pages stay cookie-free), unlike Django's LocaleMiddleware. The language is active only while
    the request is answered, so nothing after it (another request on the thread) inherits it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        if not request.path_info.startswith("/admin/"):
            response.headers.setdefault("Content-Language", getattr(response, "content_language", language))
        return response


class PlainMethodNotAllowed:
    """Django's method decorators answer 405 with an empty body: add a short plain message."""

    MESSAGE = b"Method not allowed: this address accepts only the methods listed in the Allow header.\n"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = self.MESSAGE
            response["Content-Type"] = "text/plain; charset=utf-8"
        return response


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
        admin = request.path.startswith(self.prefix())
        if admin and request.user.is_authenticated:
            ended = self.check(request)
            response = ended if ended is not None else self.get_response(request)
        else:
            response = self.get_response(request)
        if admin:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response

    @staticmethod
    def prefix() -> str:
        return reverse("admin:index")

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
