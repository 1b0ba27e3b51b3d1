"""In the system Chromium (issue 23): a reviewer sees which release readers see and which one is
scheduled, and publishing before it needs an explicit decision; bringing an old release back shows
what it will change before it is confirmed; a reviewer publishes part of the draft, and an editor
discards their own change to one item."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crsinfo.models import Release, Symptom
from tests.editorial.test_editorial_browser import dizziness_answer, log_in, people  # noqa: F401 -- a fixture

pytestmark = pytest.mark.browser


def set_urgency(page, base, slug: str, urgency: str) -> None:
    symptom = Symptom.objects.get(slug=slug)
    page.goto(f"{base}/admin/crsinfo/symptom/{symptom.pk}/change/")
    page.locator("#id_urgency").select_option(urgency)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def test_a_scheduled_release_is_shown_and_not_pulled_forward_unseen(live_server, people, new_page, artifacts):  # noqa: F811
    base = live_server.url
    live = Release.objects.first()
    count = Release.objects.count()
    editor = new_page()
    log_in(editor, base, "edna")
    set_urgency(editor, base, "dizziness", "emergency")

    # Rita schedules the change for two hours from now.
    reviewer = new_page()
    log_in(reviewer, base, "rita")
    reviewer.goto(base + "/admin/review/")
    later = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    reviewer.locator("#id_go_live_at").fill(later)
    reviewer.get_by_role("button", name="Publish these changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("will go live at")
    scheduled = Release.objects.first()

    # Edna changes something else; Rita comes back to the review page.
    set_urgency(editor, base, "fainting", "urgent")
    reviewer.goto(base + "/admin/review/")
    expect(reviewer.locator("#live-release")).to_contain_text(f"Readers see release {live.pk}")
    expect(reviewer.locator("#live-release")).to_contain_text(f"Release {scheduled.pk} is scheduled")
    expect(reviewer.locator("#change-symptom-dizziness")).to_contain_text(f"Scheduled: in release {scheduled.pk}")
    expect(reviewer.locator("#change-symptom-fainting")).not_to_contain_text("Scheduled")
    reviewer.screenshot(path=artifacts / "review-while-scheduled.png", full_page=True)

    # Publishing now needs a decision: the browser will not send the form without one.
    reviewer.get_by_role("button", name="Publish these changes").click()
    assert Release.objects.count() == count + 1
    expect(reviewer.locator("#scheduled-include")).to_be_visible()
    reviewer.locator("#scheduled-include").check()
    reviewer.get_by_role("button", name="Publish these changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text(f"Release {scheduled.pk} is cancelled")
    assert Release.objects.get(pk=scheduled.pk).cancelled
    assert "Call 911 now" in dizziness_answer(new_page(), base)


def test_bringing_a_release_back_shows_its_effect_first(live_server, people, new_page, artifacts):  # noqa: F811
    base = live_server.url
    earlier = Release.objects.first()
    editor = new_page()
    log_in(editor, base, "edna")
    set_urgency(editor, base, "dizziness", "emergency")
    reviewer = new_page()
    log_in(reviewer, base, "rita")
    reviewer.goto(base + "/admin/review/")
    reviewer.get_by_role("button", name="Publish these changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("readers now see release")
    now_live = Release.objects.first()

    reviewer.goto(f"{base}/admin/releases/{earlier.pk}/")
    effect = reviewer.locator("#bring-back")
    expect(effect).to_contain_text(f"from release {now_live.pk} (what they see now) to release {earlier.pk}")
    dizziness = reviewer.locator("#effect-change-symptom-dizziness")
    expect(dizziness).to_contain_text("Clinical")
    expect(dizziness.locator("td del")).to_have_text("emergency")
    expect(dizziness.locator("td ins")).to_have_text("urgent")
    reviewer.screenshot(path=artifacts / "bring-back-effect.png", full_page=True)
    # Not confirmed: nothing happens; confirmed: readers see the earlier release again.
    reviewer.get_by_role("button", name="Bring it back").click()
    expect(reviewer.locator("#release-error")).to_contain_text("Tick the box")
    assert "Call 911 now" in dizziness_answer(new_page(), base)
    reviewer.locator("#id_confirm").check()
    reviewer.get_by_role("button", name="Bring it back").click()
    expect(reviewer.locator("#release-state")).to_have_text("Readers see this release.")
    assert "Call 911 now" not in dizziness_answer(new_page(), base)


def test_a_reviewer_publishes_part_and_an_editor_discards_their_own_change(live_server, people, new_page):  # noqa: F811
    base = live_server.url
    editor = new_page()
    log_in(editor, base, "edna")
    set_urgency(editor, base, "dizziness", "emergency")
    set_urgency(editor, base, "fainting", "urgent")
    set_urgency(editor, base, "headache", "emergency")

    # Edna thinks better of the headache change: she discards it, after seeing what it undoes.
    editor.goto(base + "/admin/review/")
    headache = editor.locator("#change-symptom-headache")
    expect(headache).to_contain_text("Last changed by Edna")
    headache.get_by_role("link", name="Discard my change").click()
    expect(editor.locator("#undo-change-symptom-headache td del")).to_have_text("emergency")
    editor.get_by_role("button", name="Discard my change").click()
    expect(editor.locator(".messagelist")).to_contain_text("is discarded")
    expect(editor.locator("#change-symptom-headache")).to_have_count(0)
    expect(editor.locator("#change-symptom-dizziness")).to_be_visible()

    # Rita publishes only the dizziness change; fainting stays in the draft.
    reviewer = new_page()
    log_in(reviewer, base, "rita")
    reviewer.goto(base + "/admin/review/")
    reviewer.locator("#change-symptom-fainting").get_by_label("Publish this change").uncheck()
    reviewer.get_by_role("button", name="Publish these changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("holds 1 of the 2 changes you saw")
    assert "Call 911 now" in dizziness_answer(new_page(), base)
    reviewer.goto(base + "/admin/review/")
    expect(reviewer.locator("#change-symptom-fainting")).to_be_visible()
    expect(reviewer.locator("#change-symptom-dizziness")).to_have_count(0)
