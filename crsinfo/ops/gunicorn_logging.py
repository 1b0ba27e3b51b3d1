"""Gunicorn's logger, minus what it would say about a reader (gunicorn.conf.py: logger_class).

For a malformed request gunicorn logs "Invalid request from ip=<address>: <the raw request line
or header>", and for a failure below Django "Error handling request <method> <uri with query>".
Both can hold a reader's address or what they typed. This logger keeps the event and drops those
details, as the access log format does for every request.
"""

from gunicorn import glogging


def _path_only(value):
    return value.split("?", 1)[0] if isinstance(value, str) else value


class PrivateLogger(glogging.Logger):
    def warning(self, msg, *args, **kwargs):
        if isinstance(msg, str) and msg.startswith("Invalid request from ip="):
            msg, args = "Invalid request: answered with an error status (details left out: they are the reader's)", ()
        super().warning(msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        if isinstance(msg, str) and msg.startswith("Error handling request"):
            args = tuple(_path_only(arg) for arg in args)
        super().exception(msg, *args, **kwargs)
