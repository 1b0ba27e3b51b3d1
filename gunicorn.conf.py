"""Gunicorn settings. The access log records what happened, not who asked:
no client address, no query string, no referrer, no user agent."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 20
# Forwarded headers are trusted only from the local proxy.
forwarded_allow_ips = "127.0.0.1"

# No control socket: it would be written to the home directory.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
# Gunicorn's own messages about malformed requests would name the client and quote the request
# line: this logger leaves those details out (crsinfo/gunicorn_logging.py).
logger_class = "crsinfo.ops.gunicorn_logging.PrivateLogger"
# %(t)s time, %(m)s method, %(U)s path without the query string, %(s)s status,
# %(B)s response length, %(M)s duration in milliseconds.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_worker_init(worker):
    # Headers and the first body bytes in one write, so a proxy can always retry a request whose
    # app server died mid-way (crsinfo/gunicorn_hooks.py).
    from crsinfo.ops.gunicorn_hooks import send_headers_with_first_body_bytes

    send_headers_with_first_body_bytes()
