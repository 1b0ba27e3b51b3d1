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
# What a backup must bring back besides the pages: accounts and their two-factor devices and backup
# codes, the record of releases and review requests, and every item's history.
ADD_STAFF_AND_HISTORY = """
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
import reversion
from crsinfo.models import GlossaryTerm, ReviewRequest
editor = User.objects.create_user("edith", password="a long pass phrase 1", is_staff=True)
TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
codes = StaticDevice.objects.create(user=editor, name="backup", confirmed=True)
codes.token_set.create(token="abcd1234")
with reversion.create_revision():
    term = GlossaryTerm.objects.order_by("pk").first()
    term.definition += " (edited)"
    term.save()
    reversion.set_user(editor)
ReviewRequest.objects.create(note="Please review", submitted_by=editor, submitted_by_name="edith", draft_digest="x")
"""
RECORD = """
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Revision, Version
from crsinfo.models import Release, ReviewRequest
print(sorted(User.objects.values_list("username", "password", "is_staff")))
print(sorted(TOTPDevice.objects.values_list("user__username", "key")), sorted(StaticToken.objects.values_list("token")))
print(sorted(Release.objects.values_list("pk", "digest", "published_by_name")))
print(sorted(ReviewRequest.objects.values_list("pk", "note", "status")))
print(Revision.objects.count(), Version.objects.count())
print(Version.objects.filter(revision__user__username="edith").count())
"""


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
        manage(source, "shell", "-c", ADD_STAFF_AND_HISTORY)
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
        manage(source, "shell", "-c", ADD_STAFF_AND_HISTORY)
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
    record = manage(source, "shell", "-v", "0", "-c", RECORD)
    assert "edith" in record
    assert "abcd1234" in record
    assert "Please review" in record
    assert record.splitlines()[-1].split()[-1] != "0"  # the editor's change is in the history
    assert manage(target, "shell", "-v", "0", "-c", RECORD) == record


def test_files_written_from_an_unreviewed_draft_never_publish_when_loaded(content, tmp_path):
    """A restore from content files (export_content, then load_content into a new database) must
    not publish what no reviewer has seen: the export says so, and the loader obeys."""
    from crsinfo.models import GlossaryTerm

    from .test_one_truth import database_url

    files = tmp_path / "files"
    call_command("export_content", "--path", str(files), stdout=StringIO())
    assert not (files / "unreviewed.yaml").exists()  # the draft is what readers see
    term = GlossaryTerm.objects.order_by("pk").first()
    term.definition += " An editor's change no reviewer has seen."
    term.save()
    call_command("export_content", "--path", str(files), stdout=StringIO())
    assert "does not publish" in (files / "unreviewed.yaml").read_text()

    env = {**os.environ, "DJANGO_HTTPS": "0", "DATABASE_URL": database_url(tmp_path), **own_dirs(tmp_path, "new")}
    manage(env, "migrate", "-v0")
    out = manage(env, "load_content", "--path", str(files))
    assert "Not published" in out
    assert "unreviewed.yaml" in out
    count = "from crsinfo.models import GlossaryTerm as G, Release; "
    count += "print(Release.objects.count(), G.objects.filter(definition__contains='no reviewer has seen').count())"
    assert manage(env, "shell", "-v", "0", "-c", count).split() == ["0", "1"]  # in the draft, not published

    # Once a reviewer has published it, a new export says nothing of the kind.
    from tests.conftest import publish_draft

    publish_draft()
    call_command("export_content", "--path", str(files), stdout=StringIO())
    assert not (files / "unreviewed.yaml").exists()
