"""In the system Chromium: an editor restores one glossary term from its History while the draft
holds a newer urgency; only the term changes, and the editor is told what changed."""

import pytest
import reversion
from playwright.sync_api import expect
from reversion.models import Version

from crsinfo.models import GlossaryTerm, Symptom
from tests.editorial.test_editorial_browser import log_in, people  # noqa: F401 -- the fixture

pytestmark = pytest.mark.browser


def test_a_history_restore_changes_one_item(live_server, people, new_page, artifacts):  # noqa: F811
    base = live_server.url
    headache = Symptom.objects.get(slug="headache")
    with reversion.create_revision():
        headache.urgency = "urgent"  # a newer change in the draft, saved apart
        headache.save()
    term = GlossaryTerm.objects.get(slug="cytokine")
    loaded = Version.objects.get_for_object(term).get()
    assert loaded.revision.version_set.count() > 100  # the content files' revision

    editor = new_page()
    log_in(editor, base, "edna")
    editor.goto(f"{base}/admin/crsinfo/glossaryterm/{term.pk}/change/")
    editor.locator("#id_definition_en").fill("A wrong definition.")
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.goto(f"{base}/admin/crsinfo/glossaryterm/{term.pk}/history/")
    editor.locator(f'a[href$="/history/{loaded.pk}/"]').click()
    expect(editor.locator("#id_definition_en")).to_have_value(term.definition_en)
    editor.get_by_role("button", name="Save", exact=True).click()
    message = editor.locator(".messagelist")
    expect(message).to_contain_text("Restored “Cytokine”")
    expect(message).to_contain_text("definition [en]")
    expect(message).to_contain_text("Nothing else in the draft was changed")
    editor.screenshot(path=artifacts / "undo-one-item.png")

    headache.refresh_from_db()
    assert headache.urgency == "urgent"
    term.refresh_from_db()
    assert term.definition_en == loaded.field_dict["definition_en"]
