"""Nothing lost: export_content writes every kind of content, clinics included, and loads back;
a database backup (sqlite3's backup, or pg_dump) restored into an empty database serves the same
site, page for page."""

import os
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from crsinfo.models import Clinic
from tests.conftest import ROOT


def test_export_includes_clinics_and_they_load_back(content, clinic, tmp_path):
    call_command("export_content", "--path", str(tmp_path), stdout=StringIO())
    assert "riverside" in (tmp_path / "clinics.yaml").read_text()
    Clinic.objects.all().delete()
    call_command("load_content", "--path", str(tmp_path), stdout=StringIO())
    restored = Clinic.objects.get(slug="riverside")
    assert (restored.name, restored.phone_daytime, restored.phone_out_of_hours, restored.is_active) == (
        clinic.name,
        clinic.phone_daytime,
        clinic.phone_out_of_hours,
        True,
    )


def test_export_includes_the_publications(content, clinic, tmp_path):
    import json

    import yaml

    from crsinfo.models import Release

    call_command("export_content", "--path", str(tmp_path), stdout=StringIO())
    publications = yaml.safe_load((tmp_path / "releases.yaml").read_text())
    assert [p["number"] for p in publications] == list(Release.objects.order_by("pk").values_list("pk", flat=True))
    latest = Release.objects.order_by("pk").last()
    snapshot = json.loads((tmp_path / "releases" / f"{latest.pk:05d}.json").read_text())
    assert [c["slug"] for c in snapshot["clinics"]] == ["riverside"]
    # The loader ignores the record: loading the export back changes nothing.
    call_command("load_content", "--path", str(tmp_path), stdout=StringIO())


def test_the_shipped_content_has_no_clinics_file():
    assert not (ROOT / "content" / "clinics.yaml").exists()


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def digests(env) -> str:
    return subprocess.run(
        [sys.executable, "-m", "tests.page_digest"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


ADD_CLINIC = "from tests.conftest import make_clinic, publish_draft; make_clinic(); publish_draft()"


def own_dirs(tmp_path, name: str) -> dict:
    """Each server its own cache and release copies: the restored database alone must do."""
    return {"DJANGO_CACHE_DIR": str(tmp_path / name / "cache"), "DJANGO_RELEASE_DIR": str(tmp_path / name / "releases")}


def test_a_backup_restored_into_an_empty_database_serves_the_same_site(tmp_path):
    env = {
        **os.environ,
        "DJANGO_HTTPS": "0",
        "DJANGO_LAST_GOOD_DIR": str(tmp_path / "last-good"),
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }
    if connection.vendor == "sqlite":
        import sqlite3

        original = tmp_path / "original.sqlite3"
        restored = tmp_path / "restored.sqlite3"
        source = {**env, **own_dirs(tmp_path, "source"), "DATABASE_URL": f"sqlite:///{original}"}
        target = {**env, **own_dirs(tmp_path, "target"), "DATABASE_URL": f"sqlite:///{restored}"}
        manage(source, "migrate", "-v0")
        manage(source, "load_content")
        manage(
            source,
            "shell",
            "-c",
            "from tests.conftest import make_clinic, publish_draft; make_clinic(); publish_draft()",
        )
        # What `sqlite3 db.sqlite3 ".backup backup.sqlite3"` does, through Python's sqlite3 module.
        with sqlite3.connect(original) as live, sqlite3.connect(restored) as backup:
            live.backup(backup)
    else:
        settings = connection.settings_dict
        if not shutil.which("pg_dump"):
            pytest.fail("pg_dump is needed (Debian package postgresql-client)")
        base = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT'] or 5432}"
        pg_env = {**env, "PGPASSWORD": settings["PASSWORD"] or ""}
        names = ("crsinfo_backup_original", "crsinfo_backup_restored")
        for name in names:
            for command in (["dropdb", "--if-exists"], ["createdb"]):
                subprocess.run([*command, "-h", settings["HOST"], "-U", settings["USER"], name], env=pg_env, check=True)
        source = {**env, **own_dirs(tmp_path, "source"), "DATABASE_URL": f"{base}/{names[0]}"}
        target = {**env, **own_dirs(tmp_path, "target"), "DATABASE_URL": f"{base}/{names[1]}"}
        manage(source, "migrate", "-v0")
        manage(source, "load_content")
        manage(
            source,
            "shell",
            "-c",
            "from tests.conftest import make_clinic, publish_draft; make_clinic(); publish_draft()",
        )
        dump = tmp_path / "crsinfo.dump"
        subprocess.run(
            ["pg_dump", "-Fc", "-h", settings["HOST"], "-U", settings["USER"], "-f", str(dump), names[0]],
            env=pg_env,
            check=True,
        )
        subprocess.run(
            ["pg_restore", "--no-owner", "-h", settings["HOST"], "-U", settings["USER"], "-d", names[1], str(dump)],
            env=pg_env,
            check=True,
        )
    before, after = digests(source), digests(target)
    assert "/clinics/riverside/ 200" in before
    assert before.count(" 200 ") >= 20
    assert after == before
