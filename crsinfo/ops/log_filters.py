"""Logging filters for settings.LOGGING (imported while logging is configured, before the apps are
ready: nothing here may import models)."""

import logging


class WithoutTraceback(logging.Filter):
    """A refused request is logged as its reason alone: a traceback says nothing more about an
    expected 400 and lets anyone fill the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
