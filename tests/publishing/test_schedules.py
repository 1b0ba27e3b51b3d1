"""Schedules are visible and respected (issue 23): the review page names the release readers see
now and the one scheduled, in the site's time zone; its diff is against what readers see, with a
scheduled release's changes marked; publishing before a scheduled release asks the reviewer to
decide, and nothing goes live that they did not see (crsinfo/editorial/views.py)."""

import datetime
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from crsinfo.models import Release
from tests.publishing.test_review import change_symptom_urgency, dizziness_on_check

REVIEW = reverse("admin:review")
PUBLISH = reverse("admin:review-publish")


def seen(client) -> dict:
    page = client.get(REVIEW)
    return {"draft_digest": page.context["draft_digest"], "release_state": page.context["release_state"]}


def in_hours(hours: float) -> str:
    return (timezone.localtime() + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def schedule_dizziness(editor, reviewer) -> Release:
    change_symptom_urgency(editor, "dizziness", "emergency")
    assert reviewer.post(PUBLISH, {**seen(reviewer), "go_live_at": in_hours(2)}).status_code == 302
    scheduled = Release.objects.first()
    assert scheduled.go_live_at > timezone.now() and not scheduled.cancelled
    return scheduled


def test_the_review_page_names_the_live_and_the_scheduled_release_in_local_time(
    editor_only, reviewer, content, settings
):
    settings.TIME_ZONE = "America/New_York"
    live = Release.objects.get()
    scheduled = schedule_dizziness(editor_only, reviewer)
    change_symptom_urgency(editor_only, "fainting", "urgent")
    page = reviewer.get(REVIEW)
    html = page.content.decode()
    assert f'Readers see <a href="{reverse("admin:releases")}">release {live.pk}</a>' in html
    local = timezone.localtime(scheduled.go_live_at, zoneinfo.ZoneInfo("America/New_York"))
    when = f"{local:%-d %B %Y %H:%M} {local.tzname()} (America/New_York)"
    assert f"Release {scheduled.pk} is scheduled: readers see it from {when}, not before." in html
    # The diff is against what readers see: the scheduled change is listed, and marked.
    changes = {c.key: c for c in page.context["changes"]}
    assert set(changes) == {"dizziness", "fainting"}
    assert [r.pk for r in changes["dizziness"].scheduled_in] == [scheduled.pk]
    assert changes["fainting"].scheduled_in == []
    assert f"Scheduled: in release {scheduled.pk}, live from {when}" in html
    assert f"Readers see the current release</a> (release {scheduled.pk})" not in html


def test_publishing_now_while_a_release_is_scheduled_needs_a_decision(
    editor_only, reviewer, content, django_capture_on_commit_callbacks
):
    scheduled = schedule_dizziness(editor_only, reviewer)
    change_symptom_urgency(editor_only, "fainting", "urgent")
    count = Release.objects.count()
    # No decision: refused, nothing cancelled, nothing live.
    response = reviewer.post(PUBLISH, seen(reviewer))
    assert response.status_code == 400
    assert f"Release {scheduled.pk} is scheduled to go live at" in response.content.decode()
    # "Keep it scheduled" with a publication before it: refused.
    response = reviewer.post(PUBLISH, {**seen(reviewer), "scheduled": "keep"})
    assert response.status_code == 400 and "choose a go-live time after" in response.content.decode()
    assert Release.objects.count() == count and not Release.objects.get(pk=scheduled.pk).cancelled
    assert not dizziness_on_check("Call 911 now")
    # Include it: the scheduled change goes live now with the rest, and the reviewer is told.
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(PUBLISH, {**seen(reviewer), "scheduled": "include"}, follow=True)
    assert response.status_code == 200
    assert Release.objects.get(pk=scheduled.pk).cancelled
    newest = Release.objects.first()
    assert f"Release {scheduled.pk} is cancelled: its changes go live with release {newest.pk}" in (
        response.content.decode()
    )
    assert dizziness_on_check("Call 911 now")
    # The record lists both changes: it compares with what readers saw, not the cancelled release.
    assert "“Dizziness”" in newest.changes and "“Fainting or passing out”" in newest.changes


def test_keeping_the_schedule_publishes_after_it(editor_only, reviewer, content):
    scheduled = schedule_dizziness(editor_only, reviewer)
    change_symptom_urgency(editor_only, "fainting", "urgent")
    response = reviewer.post(PUBLISH, {**seen(reviewer), "scheduled": "keep", "go_live_at": in_hours(3)})
    assert response.status_code == 302
    assert not Release.objects.get(pk=scheduled.pk).cancelled
    later = Release.objects.first()
    assert later.go_live_at > scheduled.go_live_at
    # Its record is what it changes after the scheduled one: only Fainting.
    assert "“Fainting or passing out”" in later.changes and "“Dizziness”" not in later.changes


def test_a_schedule_made_while_the_reviewer_read_is_not_published_unseen(make_user, editor_only, content):
    first, second = make_user("rita", "Clinical reviewers"), make_user("ron", "Clinical reviewers")
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    looked = seen(second)  # Ron opens the page: nothing is scheduled
    assert first.post(PUBLISH, {**seen(first), "go_live_at": in_hours(2)}).status_code == 302
    response = second.post(PUBLISH, {**looked, "scheduled": "include"})
    assert response.status_code == 409 and "Nothing was published" in response.content.decode()
    assert not Release.objects.first().cancelled and not dizziness_on_check("Call 911 now")


def test_the_reviewer_schedules_in_a_zone_they_choose(editor_only, reviewer, content, settings):
    settings.TIME_ZONE = "America/New_York"
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    local = (timezone.now() + datetime.timedelta(hours=5)).astimezone(tokyo).replace(second=0, microsecond=0)
    data = {**seen(reviewer), "go_live_at": local.strftime("%Y-%m-%dT%H:%M"), "time_zone": "Asia/Tokyo"}
    assert reviewer.post(PUBLISH, data).status_code == 302
    assert Release.objects.first().go_live_at == local
    response = reviewer.post(PUBLISH, {**data, "time_zone": "Mars/Olympus"})
    assert response.status_code == 400 and "Choose a time zone from the list." in response.content.decode()


def test_publications_name_the_time_zone(reviewer, content, settings):
    settings.TIME_ZONE = "America/New_York"
    release = Release.objects.get()
    assert "Live from (America/New_York)" in reviewer.get(reverse("admin:releases")).content.decode()
    detail = reviewer.get(reverse("admin:release", args=[release.pk])).content.decode()
    assert "(America/New_York)." in detail
