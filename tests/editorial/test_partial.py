"""Per-change authorship and partial decisions (issue 23): each change in the draft names who
made it and when; a reviewer publishes the changes they tick and sends the rest back; an editor
discards their own change to one item in one action, after seeing what it undoes
(crsinfo/editorial/views.py, authors.py, discard.py; crsinfo/publishing/partial.py)."""

import json

import pytest
from django.urls import reverse

from crsinfo.models import Article, GlossaryTerm, Release, ReviewRequest, Symptom
from crsinfo.publishing.partial import CannotSplit, combine
from tests.conftest import publish_draft
from tests.editorial.test_editorial import form_data
from tests.publishing.test_review import change_fever_page, change_symptom_urgency, dizziness_on_check
from tests.publishing.test_schedules import seen

REVIEW = reverse("admin:review")
PUBLISH = reverse("admin:review-publish")
DISCARD = reverse("admin:review-discard")


@pytest.fixture
def eric(make_user):
    return make_user("eric", "Editors")


def by_key(page):
    return {(c.kind, c.key): c for c in page.context["changes"]}


def test_each_change_names_who_made_it_and_when(editor_only, eric, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    change_symptom_urgency(eric, "fainting", "urgent")
    page = reviewer.get(REVIEW)
    changes = by_key(page)
    assert changes[("symptom", "dizziness")].author.name == "Edna Tester"
    assert changes[("symptom", "fainting")].author.name == "Eric Tester"
    html = page.content.decode()
    assert "Last changed by Edna Tester," in html and "Last changed by Eric Tester," in html
    # Only the author is offered to discard their change.
    mine = by_key(editor_only.get(REVIEW))
    assert mine[("symptom", "dizziness")].mine and not mine[("symptom", "fainting")].mine


def test_a_reviewer_publishes_part_of_the_draft_and_sends_the_rest_back(
    editor_only, eric, reviewer, content, django_capture_on_commit_callbacks
):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    change_fever_page(eric, "Call", "Phone")
    editor_only.post(reverse("admin:review-submit"), {"note": "Dizziness and wording"})
    data = {**seen(reviewer), "choosing": "yes", "items": ["symptom|dizziness"], "rest_comment": "Keep “Call”."}
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(PUBLISH, data, follow=True)
    assert response.status_code == 200
    assert "holds 1 of the 2 changes you saw" in response.content.decode()
    release = json.loads(Release.objects.first().content)
    help_page = next(a for a in release["articles"] if a["slug"] == "when-to-get-help")
    assert not any("Phone" in s["body"] for s in help_page["sections"])  # not chosen: not published
    assert dizziness_on_check("Call 911 now")
    # The rest stays in the draft, and the request went back with the comment.
    assert set(by_key(reviewer.get(REVIEW))) == {("page", "when-to-get-help")}
    request = ReviewRequest.objects.get()
    assert request.status == "sent_back" and request.reviewer_comment == "Keep “Call”."


def test_ticking_nothing_publishes_nothing(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    count = Release.objects.count()
    response = reviewer.post(PUBLISH, {**seen(reviewer), "choosing": "yes"})
    assert response.status_code == 400 and "tick at least one change" in response.content.decode()
    assert Release.objects.count() == count


def test_ticking_everything_publishes_the_whole_draft(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    change_symptom_urgency(editor_only, "fainting", "urgent")
    editor_only.post(reverse("admin:review-submit"), {"note": "Both"})
    items = ["symptom|dizziness", "symptom|fainting"]
    assert reviewer.post(PUBLISH, {**seen(reviewer), "choosing": "yes", "items": items}).status_code == 302
    assert ReviewRequest.objects.get().status == "published"
    assert by_key(reviewer.get(REVIEW)) == {}


def test_a_symptom_cannot_be_published_without_its_new_group(content):
    from crsinfo.publishing.snapshot import draft_snapshot

    published = draft_snapshot()
    draft = json.loads(json.dumps(published))
    draft["symptoms"].append(
        {"slug": "new", "name": "New", "intro": "", "symptoms": [draft["symptoms"][0]["symptoms"].pop()]}
    )
    moved = draft["symptoms"][-1]["symptoms"][0]["slug"]
    with pytest.raises(CannotSplit):
        combine(published, draft, {("symptom", moved)})
    both = combine(published, draft, {("symptom", moved), ("symptom group", "new")})
    assert both["symptoms"][-1]["symptoms"][0]["slug"] == moved


def test_an_editor_discards_their_own_change_to_one_item(editor_only, eric, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    term = GlossaryTerm.objects.order_by("pk").first()
    url = reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])
    assert editor_only.post(url, form_data(editor_only, url, definition_en="Edna's words.")).status_code == 302
    item = {"item": "symptom|dizziness"}
    # Someone else cannot discard it.
    assert eric.get(DISCARD, item).status_code == 403
    page = editor_only.get(DISCARD, item)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<del>emergency</del><ins>urgent</ins>" in html  # what would be undone
    assert [c.key for c in page.context["undo"]] == ["dizziness"]
    # A stale confirmation is refused.
    assert editor_only.post(DISCARD, {**item, "item_digest": "old"}).status_code == 409
    response = editor_only.post(DISCARD, {**item, "item_digest": page.context["item_digest"]})
    assert response.status_code == 302
    assert Symptom.objects.get(slug="dizziness").urgency == "urgent"
    # Nothing else changed: the glossary change is still in the draft, and it is the only one.
    changes = by_key(editor_only.get(REVIEW))
    assert set(changes) == {("glossary term", term.slug)}
    assert editor_only.get(DISCARD, item).status_code == 404  # nothing left to discard


def test_discarding_brings_back_a_deleted_item_and_removes_an_added_one(editor_only, content):
    symptom = Symptom.objects.get(slug="dizziness")
    delete = reverse("admin:crsinfo_symptom_delete", args=[symptom.pk])
    assert editor_only.post(delete, {"post": "yes"}).status_code == 302
    page = editor_only.get(DISCARD, {"item": "symptom|dizziness"})
    assert page.status_code == 200, page.content.decode()[:2000]
    editor_only.post(DISCARD, {"item": "symptom|dizziness", "item_digest": page.context["item_digest"]})
    assert Symptom.objects.get(slug="dizziness").urgency == "urgent"
    assert by_key(editor_only.get(REVIEW)) == {}


def test_discarding_a_page_change_restores_its_sections(editor_only, content):
    change_fever_page(editor_only, "Call", "Phone")
    page = editor_only.get(DISCARD, {"item": "page|when-to-get-help"})
    assert page.status_code == 200
    editor_only.post(DISCARD, {"item": "page|when-to-get-help", "item_digest": page.context["item_digest"]})
    assert by_key(editor_only.get(REVIEW)) == {}
    assert Article.objects.get(slug="when-to-get-help").sections.exists()
    publish_draft()  # nothing left to publish but the same content
