"""Sign-off without a change (issue 23): a reviewer confirms pages are still right, which changes
only their review dates, through a release, under the reviewer's name; pages whose lists changed
are offered for sign-off; an overdue page tells readers so, in English and Spanish
(crsinfo/editorial/views.py sign_off, templates/components/review_dates.html)."""

import datetime
import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crsinfo.models import Article, Release
from tests.publishing.test_review import change_symptom_urgency, dizziness_on_check
from tests.publishing.test_schedules import in_hours, seen

REVIEW = reverse("admin:review")
SIGN_OFF = reverse("admin:review-sign-off")


def state(client) -> str:
    return client.get(REVIEW).context["release_state"]


def test_a_page_that_needs_no_change_is_signed_off(reviewer, content, django_capture_on_commit_callbacks):
    before = Release.objects.get()
    page = reviewer.get(REVIEW)
    assert page.context["changes"] == [] and 'id="still-right"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(SIGN_OFF, {"release_state": state(reviewer), "sign_off": ["causes"]})
    assert response.status_code == 302
    release = Release.objects.first()
    assert release.pk != before.pk and release.published_by_name == "Rita Tester"
    old, new = json.loads(before.content), json.loads(release.content)
    today = timezone.localdate().isoformat()
    causes = next(a for a in new["articles"] if a["slug"] == "causes")
    assert causes["last_reviewed"] == today and causes["reviewed_by"] == "Rita Tester"
    # Nothing else changed: only the review fields of that page.
    for a in old["articles"]:
        if a["slug"] == "causes":
            a.update({k: causes[k] for k in ("last_reviewed", "next_review_due", "reviewed_by")})
    assert old == new
    assert Article.objects.get(slug="causes").reviewed_by == "Rita Tester"
    assert f"{timezone.localdate():%-d %B %Y}</time> by Rita Tester" in Client().get("/causes/").content.decode()


def test_signing_off_does_not_publish_the_draft(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    assert reviewer.post(SIGN_OFF, {"release_state": state(reviewer), "sign_off": ["causes"]}).status_code == 302
    assert not dizziness_on_check("Call 911 now")
    assert {c.key for c in reviewer.get(REVIEW).context["changes"]} == {"dizziness"}


def test_a_sign_off_needs_pages_a_fresh_page_and_no_schedule(editor_only, reviewer, content):
    count = Release.objects.count()
    assert reviewer.post(SIGN_OFF, {"release_state": state(reviewer)}).status_code == 400
    assert reviewer.post(SIGN_OFF, {"release_state": state(reviewer), "sign_off": ["nope"]}).status_code == 400
    assert reviewer.post(SIGN_OFF, {"release_state": "0", "sign_off": ["causes"]}).status_code == 409
    assert editor_only.post(SIGN_OFF, {"release_state": state(reviewer), "sign_off": ["causes"]}).status_code == 403
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    reviewer.post(reverse("admin:review-publish"), {**seen(reviewer), "go_live_at": in_hours(2)})
    count = Release.objects.count()
    response = reviewer.post(SIGN_OFF, {"release_state": state(reviewer), "sign_off": ["causes"]})
    assert response.status_code == 409 and "A release is scheduled" in response.content.decode()
    assert Release.objects.count() == count


def test_pages_whose_lists_changed_are_offered_for_sign_off(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    page = reviewer.get(REVIEW)
    pages = {p["slug"]: p for p in page.context["pages"]}
    assert pages["when-to-get-help"]["list_changed"] and pages["symptoms"]["list_changed"]
    assert not pages["causes"]["list_changed"] and not pages["prevention"]["list_changed"]
    html = page.content.decode()
    assert 'id="sign-off-when-to-get-help" checked' in html and 'id="sign-off-causes" checked' not in html


def test_an_overdue_page_says_so_in_both_languages(content):
    Article.objects.filter(slug="causes").update(next_review_due=timezone.localdate() - datetime.timedelta(days=3))
    # Review dates come from the release: publish them as the content files would.
    from crsinfo.publishing import publish

    publish.publish(note="dates", reviews_from_draft=True)
    publish.after_publication()
    english = Client().get("/causes/").content.decode()
    assert "Due for review: this page was due to be checked on" in english
    spanish = Client().get("/es/causes/").content.decode()
    assert "Revisión pendiente: esta página debía revisarse el" in spanish
    assert "Due for review" not in Client().get("/when-to-get-help/").content.decode()
    assert "Next review due" in Client().get("/when-to-get-help/").content.decode()
