"""Two app processes that see a new release at once both rebuild the search index: never together.
On PostgreSQL each used to delete only the rows it could see and insert its own, and pages were
listed two to eight times (the reliability review: 425 of 2,767 searches)."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.ops.test_gunicorn import free_port, gunicorn_env
from tests.publishing.test_one_truth import database_url

RACE = """
import threading
from django.db import connection
from crsinfo.models import SearchDocument, Symptom
from crsinfo.publishing import current, publish
from crsinfo.search import query
for label in ("one", "two", "three"):
    Symptom.objects.filter(slug="headache").update(name_en=f"Headache {label}")
    publish.publish(note=label)
    publish.after_publication()
    site = current.current_site()
    start = threading.Barrier(8)
    errors = []
    def rebuild():
        try:
            start.wait()
            query.forget_index()
            query.ensure_index(site)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()
    threads = [threading.Thread(target=rebuild) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = list(SearchDocument.objects.values_list("language", "slug", "release"))
    print(label, len(rows), len(set(rows)), {number for _, _, number in rows} == {site.number}, errors)
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_index_rebuilds_never_list_a_page_twice(tmp_path):
    env = gunicorn_env(
        free_port(),
        tmp_path,
        DATABASE_URL=database_url(tmp_path),
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_RELEASE_DIR=str(tmp_path / "releases"),
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["load_content", "-v0"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [*manage, "shell", "-c", RACE], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    lines = [line.split(" ", 4) for line in out.splitlines() if line.startswith(("one ", "two ", "three "))]
    assert len(lines) == 3, out
    for label, rows, distinct, current_release, errors in lines:
        assert rows == distinct, f"{label}: {rows} documents, {distinct} different"
        assert current_release == "True", label
        assert errors == "[]", errors
