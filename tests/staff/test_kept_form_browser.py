"""In the system Chromium: an editor's session ends while they edit; Save lands on the sign-in
page, which says what happened; after signing in the form comes back filled in, and Save saves it."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from crsinfo.models import GlossaryTerm
from tests.editorial.test_editorial_browser import PASSWORD, log_in, people  # noqa: F401 -- the fixture

pytestmark = pytest.mark.browser


def test_an_idle_save_is_kept_across_signing_in(live_server, people, new_page, settings, artifacts):  # noqa: F811
    base = live_server.url
    term = GlossaryTerm.objects.get(slug="cytokine")
    page = new_page()
    log_in(page, base, "edna")
    page.goto(f"{base}/admin/crsinfo/glossaryterm/{term.pk}/change/")
    page.locator("#id_definition_en").fill("Typed before a long phone call.\nSecond line.")

    # The phone call: the session goes idle past the limit.
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session["staff_seen"] = time.time() - settings.STAFF_SESSION_IDLE_MINUTES * 60 - 5
    session.save()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("You were signed out after 30 minutes idle.")
    expect(page.locator(".messagelist")).to_contain_text("Your changes are kept: sign in to save them.")
    page.screenshot(path=artifacts / "idle-save-kept.png")
    term.refresh_from_db()
    assert not term.definition_en.startswith("Typed before")

    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#id_definition_en")).to_have_value("Typed before a long phone call.\nSecond line.")
    expect(page.get_by_text("before you were signed out; they are not saved yet")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved to the draft — readers see it after review.")
    term.refresh_from_db()
    assert term.definition_en == "Typed before a long phone call.\nSecond line."  # LF, as saved by the form
