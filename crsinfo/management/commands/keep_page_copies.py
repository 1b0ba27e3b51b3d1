"""Render every page in the sitemap, and the checklist, into the last-good-copy store, so that
each of them can be served while the database is down (crsinfo/ops/last_good.py).

    manage.py keep_page_copies

`make setup` runs it; run it after deploying (with --host set to the public host name). Pages
served later refresh their own copies.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crsinfo.i18n import SPANISH
from crsinfo.pages.sitemaps import SITEMAPS


class Command(BaseCommand):
    help = "Keep a copy of every public page for when the database cannot be reached."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            help="The host (and port) readers use, as in the pages' own links and QR codes "
            "(default: the first of DJANGO_ALLOWED_HOSTS).",
        )

    def handle(self, *args, host=None, **options):
        from django.http.request import split_domain_port, validate_host

        first_allowed = next(
            (h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "localhost"
        )
        if host and not validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
            # e.g. `make run HOST=0.0.0.0`: an address to listen on, not a name readers use.
            self.stdout.write(f"{host} is not in DJANGO_ALLOWED_HOSTS: the copies use {first_allowed}.")
            host = None
        host = host or first_allowed
        client = Client(HTTP_HOST=host, raise_request_exception=False)
        secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        paths = []
        for sitemap in (cls() for cls in SITEMAPS.values()):
            for item in sitemap.items():
                for language in sitemap.get_languages_for_item(item):  # English, and Spanish if translated
                    with translation.override(language):
                        paths.append(sitemap.location(item))
        kept, failed = 0, []
        checklist = []
        for language in ("en", SPANISH):
            with translation.override(language):
                checklist.append(reverse("checklist"))
        for path in dict.fromkeys([*paths, *checklist]):
            response = client.get(path, secure=secure)
            if response.status_code == 200:
                kept += 1
            else:
                failed.append(f"{path} ({response.status_code})")
        self.stdout.write(f"Kept a copy of {kept} pages for when the database cannot be reached.")
        if failed:
            raise CommandError("These pages did not render: " + ", ".join(failed))
