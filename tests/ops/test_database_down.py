"""With the database down, readers still get every public page and a working checklist, from the
last good copies (crsinfo/ops/last_good.py); editing gets a plain 503 and nothing is half-saved; the
site recovers by itself when the database is back."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client

from crsinfo.models import Symptom
from tests.conftest import publish_draft, verified_login

PAGES = ["/", "/symptoms/", "/when-to-get-help/", "/brain-and-nerve-effects/", "/check/", "/glossary/",
         "/printables/", "/print/handout/", "/print/wallet-card/",
         "/es/", "/es/symptoms/", "/es/check/", "/es/glossary/", "/es/print/handout/"]  # fmt: skip


class Outage:
    """Every query fails as it would with PostgreSQL stopped or the SQLite file unreadable."""

    def __init__(self):
        from django.db.backends import utils

        def refuse(*args, **kwargs):
            raise OperationalError("could not connect to server: Connection refused")

        self.patches = [mock.patch.object(utils.CursorWrapper, name, refuse) for name in ("execute", "executemany")]
        self.active = False

    def __call__(self):
        for patch in self.patches:
            patch.start()
        self.active = True

    def end(self):
        if self.active:
            for patch in self.patches:
                patch.stop()
            self.active = False


@pytest.fixture
def database_down(db):
    # Depends on db, so the outage ends before the test database is torn down.
    outage = Outage()
    yield outage
    outage.end()


def reader():
    return Client(raise_request_exception=False)


def test_every_public_page_is_served_from_its_last_good_copy(content, database_down):
    call_command("keep_page_copies", host="testserver", stdout=io.StringIO())
    before = {path: reader().get(path) for path in PAGES}
    database_down()
    for path in PAGES:
        response = reader().get(path)
        assert response.status_code == 200, path
        assert response.content == before[path].content, path
        assert response["Content-Security-Policy"] == before[path]["Content-Security-Policy"]
        assert not response.cookies


def test_the_checklist_still_answers_with_the_same_decision(content, database_down):
    reader().get("/check/")  # the checklist keeps the symptom list it read
    database_down()
    response = reader().post("/check/", {"symptoms": ["confusion"]})
    assert response.status_code == 200
    assert "Immediate action required: </span>Call 911 now" in response.content.decode()
    response = reader().post("/check/", {"symptoms": ["fever"]}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Urgent advice: </span>" in html
    assert "We assumed it was in the last 4 weeks." in html
    assert "<html" not in html, "the htmx answer is the fragment"
    assert "no-store" in response["Cache-Control"]
    bad = reader().post("/check/", {"symptoms": ["no-such-symptom"]})
    assert bad.status_code in (400, 503)


def test_the_spanish_checklist_still_answers_in_spanish(content, database_down):
    reader().get("/es/check/")
    database_down()
    response = reader().post("/es/check/", {"symptoms": ["confusion"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html and 'class="care-card care-card--immediate"' in html
    assert "Immediate action required" not in html


def test_a_spanish_page_with_no_copy_gets_the_plain_503_in_spanish(content, database_down):
    database_down()
    response = reader().get("/es/causes/")
    assert response.status_code == 503
    assert b'<html lang="es">' in response.content and b'href="tel:911"' in response.content
    assert b"Sorry" not in response.content


def test_a_page_with_no_copy_gets_a_plain_503_with_the_emergency_number(content, database_down):
    database_down()
    response = reader().get("/causes/")  # never served, so never copied
    assert response.status_code == 503
    assert b'href="tel:911"' in response.content
    search = reader().get("/search/?q=fever")  # search results are never copied (privacy)
    assert search.status_code == 503


def test_search_results_are_never_answered_with_the_search_pages_copy(content, database_down):
    """The empty search page is kept (it has no query); a search during an outage must not get it
    as if nothing matched: 503 with the emergency number."""
    assert reader().get("/search/").status_code == 200  # kept as its last good copy
    database_down()
    for path in ("/search/?q=fever", "/es/search/?q=fiebre"):
        response = reader().get(path)
        assert response.status_code == 503, path
        assert b'href="tel:911"' in response.content


def test_editing_is_paused_with_a_plain_503_and_nothing_is_half_saved(content, editor, database_down):
    staff = Client(raise_request_exception=False)
    verified_login(staff, editor)
    symptom = Symptom.objects.get(slug="headache")
    database_down()
    for response in (
        staff.get("/admin/"),
        staff.post(f"/admin/crsinfo/symptom/{symptom.pk}/change/", {"name": "Changed", "urgency": "emergency"}),
    ):
        assert response.status_code == 503
        assert b"Editing is paused" in response.content
        assert "no-store" in response["Cache-Control"]


def test_the_site_recovers_by_itself(content, database_down):
    reader().get("/symptoms/")
    database_down()
    assert reader().get("/readyz").status_code == 503
    database_down.end()
    Symptom.objects.filter(slug="headache").update(name="Headache (edited)")
    publish_draft()
    response = reader().get("/symptoms/")
    assert response.status_code == 200
    assert "Headache (edited)" in response.content.decode()
    assert reader().get("/readyz").status_code == 200


def test_a_disk_that_cannot_be_written_costs_the_copy_not_the_page(content, settings, tmp_path):
    from crsinfo.ops import last_good as lastgood

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    # Changing CACHES makes Django open the caches afresh.
    settings.CACHES = {**settings.CACHES, "last-good": {**settings.CACHES["last-good"], "LOCATION": str(blocked)}}
    lastgood._written.clear()
    assert reader().get("/symptoms/").status_code == 200
    assert reader().post("/check/", {"symptoms": ["confusion"]}).status_code == 200
    assert "checklist" not in lastgood._written, "nothing could be kept"


def test_a_process_started_while_the_database_is_down_shows_the_sites_own_number(content, database_down):
    from crsinfo.models import SiteSettings
    from crsinfo.ops import errors
    from crsinfo.publishing import current

    SiteSettings.objects.filter(pk=1).update(emergency_number="999")
    publish_draft()
    reader().get("/check/")  # a process serves the release and keeps it on disk
    current.forget()  # a new process
    database_down()
    response = reader().get("/never-copied-page/")
    assert response.status_code in (404, 503)
    page = errors.server_error(None)
    assert b'href="tel:999"' in page.content


def test_keeping_copies_with_a_listening_address_uses_an_allowed_host(content):
    """`make run HOST=0.0.0.0` passes an address to listen on, not a host readers use."""
    out = io.StringIO()
    call_command("keep_page_copies", host="0.0.0.0:8000", stdout=out)
    assert "is not in DJANGO_ALLOWED_HOSTS" in out.getvalue()
    assert "Kept a copy of" in out.getvalue()
