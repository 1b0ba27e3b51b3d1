"""A gunicorn worker change for app servers behind a proxy that retries (deploy/).

gunicorn writes a response's headers and its body with two separate system calls. If an app
server dies between them (SIGKILL, out of memory), the proxy has already passed the headers to
the reader and cannot retry the request on another app server: the reader gets a cut-off page.
Sending the headers together with the first body bytes, in one write, closes that gap: either
nothing reached the proxy (it retries elsewhere) or the whole page did. Installed by
gunicorn.conf.py; measured by `make scale-test`.
"""

from gunicorn import util
from gunicorn.http import wsgi


def send_headers_with_first_body_bytes() -> None:
    if getattr(wsgi.Response, "_crsinfo_single_write", False):
        return
    original_write = wsgi.Response.write
    original_emit = wsgi.Response._emit_body

    def write(self, arg):
        if (
            not self.headers_sent
            and isinstance(arg, bytes)
            and arg
            and not self.chunked
            and (self.response_length is None or self.response_length > 0)
            and not getattr(self, "_omits_body", False)
        ):
            # What send_headers() would write, kept for _emit_body to send with the body.
            tosend = self.default_headers()
            tosend.extend(["%s: %s\r\n" % (k, v) for k, v in self.headers])  # noqa: UP031 -- as gunicorn does
            self._crsinfo_pending = util.to_bytestring("%s\r\n" % "".join(tosend), "latin-1")  # noqa: UP031
            self.headers_sent = True
        return original_write(self, arg)

    def emit_body(self, data):
        pending = getattr(self, "_crsinfo_pending", None)
        if pending is not None:
            self._crsinfo_pending = None
            util.write(self.sock, pending + data)
            return
        original_emit(self, data)

    wsgi.Response.write = write
    wsgi.Response._emit_body = emit_body
    wsgi.Response._crsinfo_single_write = True
