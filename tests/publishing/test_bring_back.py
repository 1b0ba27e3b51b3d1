"""Bringing a release back shows its effect before it is confirmed (issue 23): the change from
what readers see now to what they would see, clinical changes first; a confirmation made on a
page that is out of date, or for a release that cannot come back, is refused
(crsinfo/editorial/views.py)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from crsinfo.models import GlossaryTerm, Release
from tests.conftest import publish_draft
from tests.publishing.test_review import change_symptom_urgency, dizziness_on_check
from tests.publishing.test_schedules import in_hours, seen


def detail(client, release):
    return client.get(reverse("admin:release", args=[release.pk]))


def bring_back(client, release, **data):
    return client.post(reverse("admin:release-bring-back", args=[release.pk]), data)


def test_the_confirm_page_shows_what_readers_would_see_change_now(editor_only, reviewer, content):
    first = Release.objects.get()
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    GlossaryTerm.objects.filter(pk=GlossaryTerm.objects.order_by("pk").first().pk).update(definition_en="New words.")
    second = publish_draft()
    page = detail(reviewer, first)
    html = page.content.decode()
    effect = page.context["effect"]
    # Clinical first: the urgency going back from emergency to urgent.
    assert effect[0].kind == "symptom" and effect[0].key == "dizziness" and effect[0].clinical
    assert {c.kind for c in effect} == {"symptom", "glossary term"}
    assert f"from release {second.pk} (what they see now) to release {first.pk}" in html
    assert 'id="effect-change-symptom-dizziness"' in html
    effect_html = html.split('id="bring-back"', 1)[1].split("</form>", 1)[0]
    assert "<del>emergency</del><ins>urgent</ins>" in effect_html
    # What the release changed when it was published is still shown, under its own heading.
    assert "What it changed when it was published" in html


def test_a_confirmation_on_an_out_of_date_page_is_refused(editor_only, reviewer, content):
    first = Release.objects.get()
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    publish_draft()
    state = detail(reviewer, first).context["release_state"]
    assert bring_back(reviewer, first, release_state=state).status_code == 400  # not ticked
    change_symptom_urgency(editor_only, "fainting", "urgent")
    publish_draft()  # someone else publishes while the reviewer reads
    count = Release.objects.count()
    response = bring_back(reviewer, first, confirm="yes", release_state=state)
    assert response.status_code == 409 and "Nothing was brought back" in response.content.decode()
    assert Release.objects.count() == count and dizziness_on_check("Call 911 now")


def test_only_an_earlier_release_can_come_back(editor_only, reviewer, content):
    current = Release.objects.get()
    response = bring_back(reviewer, current, confirm="yes", release_state=f"{current.pk}")
    assert response.status_code == 409 and "Only an earlier release" in response.content.decode()
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    assert reviewer.post(reverse("admin:review-publish"), {**seen(reviewer), "go_live_at": in_hours(2)}).status_code
    scheduled = Release.objects.first()
    assert scheduled.go_live_at > timezone.now()
    assert "can_bring_back" not in detail(reviewer, scheduled).context
    response = bring_back(reviewer, scheduled, confirm="yes", release_state=f"{current.pk},{scheduled.pk}")
    assert response.status_code == 409 and not Release.objects.get(pk=scheduled.pk).cancelled


def test_the_confirm_page_says_a_scheduled_release_would_be_cancelled(editor_only, reviewer, content):
    first = Release.objects.get()
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    publish_draft()
    change_symptom_urgency(editor_only, "fainting", "urgent")
    Release.objects.create(
        content=Release.objects.first().content, digest="x", go_live_at=timezone.now() + datetime.timedelta(hours=1)
    )
    scheduled = Release.objects.first()
    html = detail(reviewer, first).content.decode()
    assert f"Release {scheduled.pk}, scheduled for" in html and "will be cancelled" in html
