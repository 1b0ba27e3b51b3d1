"""Static files as production serves them: hashed names, compressed copies, no outside hosts."""

import re

from django.core.management import call_command
from django.test import override_settings

from tests.conftest import ROOT


def test_collectstatic_with_the_production_storage(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    css = list((tmp_path / "css").glob("site.*.css"))
    assert css, "hashed stylesheet"
    assert list((tmp_path / "css").glob("site.*.css.br")), "brotli copy"
    assert list((tmp_path / "css").glob("site.*.css.gz")), "gzip copy"
    assert (tmp_path / "staticfiles.json").exists()


def test_css_uses_no_other_host_and_has_a_print_stylesheet():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert "@import" not in css
    assert "@media print" in css
    assert "prefers-color-scheme: dark" in css
