"""The admin home page tells staff what sits in the draft (issue 23): unsubmitted changes with
their authors, not "Nothing is waiting" (templates/admin/index.html, crsinfo/admin_site.py)."""

from django.urls import reverse

from tests.publishing.test_review import change_symptom_urgency

HOME = reverse("admin:index")


def test_nothing_waiting_when_the_draft_is_what_readers_see(reviewer, content):
    html = reviewer.get(HOME).content.decode()
    assert "Nothing is waiting for review." in html and 'id="draft-unsubmitted"' not in html


def test_unsubmitted_changes_are_shown_with_their_authors(editor_only, make_user, reviewer, content):
    eric = make_user("eric", "Editors")
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    change_symptom_urgency(eric, "fainting", "urgent")
    html = reviewer.get(HOME).content.decode()
    assert "Nothing is waiting for review." not in html
    block = html.split('id="draft-unsubmitted"', 1)[1].split("</div>", 1)[0]
    assert "Not submitted for review yet: 2 changes in the draft differ from what readers see." in block
    assert "Changed symptom “Dizziness”: Edna Tester," in block
    assert "“Fainting or passing out”: Eric Tester," in block
    # Once submitted, it waits; a later change shows again as changed after submission.
    editor_only.post(reverse("admin:review-submit"), {"note": "Two urgencies"})
    html = reviewer.get(HOME).content.decode()
    assert 'id="draft-unsubmitted"' not in html and "Two urgencies" in html
    change_symptom_urgency(eric, "headache", "emergency")
    html = reviewer.get(HOME).content.decode()
    assert "The draft changed after it was submitted: 3 changes differ" in html
