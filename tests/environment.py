"""Loaded by pytest before Django (``-p tests.environment`` in pyproject.toml).

The suite runs with production settings (DEBUG off) except HTTPS, because the
test client and the live server speak plain HTTP.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_DEBUG", "0")
# Playwright's sync API runs an event loop in the test thread; the Django calls
# the tests make around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
