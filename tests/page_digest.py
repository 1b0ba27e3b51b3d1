"""Print one line per public page: its path and a digest of its HTML, as served from the database
that DATABASE_URL names. tests/publishing/test_backup.py compares two databases with it.

    DATABASE_URL=... python -m tests.page_digest
"""

import hashlib
import os
import re

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crsinfo.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

# As in the test suite: static files through the finders, no collectstatic needed.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.test import Client  # noqa: E402

from crsinfo.pages.sitemaps import SITEMAPS  # noqa: E402


def main():
    client = Client(HTTP_HOST="localhost")
    paths = sorted({sitemap().location(item) for sitemap in SITEMAPS.values() for item in sitemap().items()})
    for path in paths:
        response = client.get(path)
        # The QR code and absolute links are the same on both; only the print date could differ.
        body = re.sub(rb"on \d{1,2} \w+ \d{4}", b"", response.content)
        print(path, response.status_code, hashlib.sha256(body).hexdigest())


if __name__ == "__main__":
    main()
