"""The whole review flow in the system Chromium: an editor changes a symptom's urgency and a live
page's text (with the live Markdown preview), previews the draft, submits it; readers see nothing
new; a reviewer sees both changes in the diff and publishes; readers see both at once."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from crsinfo.models import Article, Symptom
from tests.conftest import run_axe

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def people(live_content, django_user_model):
    # Transactional tests empty the database, taking the groups the migration made with it.
    import importlib

    from django.apps import apps

    importlib.import_module("crsinfo.migrations.0006_editor_groups").create_groups(apps, None)
    importlib.import_module("crsinfo.migrations.0011_releases_and_review").reviewers_publish_releases(apps, None)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for username, group in (("edna", "Editors"), ("rita", "Clinical reviewers")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    # Clinical reviewers must sign in with a second factor: Rita has an authenticator app.
    TOTPDevice.objects.create(user=django_user_model.objects.get(username="rita"), name="Phone", confirmed=True)
    for user in django_user_model.objects.all():
        user.first_name = user.username.capitalize()
        user.save()
    return Article.objects.get(slug="causes")


def log_in(page, base, username):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import totp_code

    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    device = TOTPDevice.objects.filter(user__username=username).first()
    if device:
        page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Clinical reviews")).to_be_visible()


def dizziness_answer(page, base) -> str:
    """The checklist's answer (#advice) for Dizziness alone."""
    html = page.request.post(base + "/check/", form={"symptoms": "dizziness"}).text()
    return html.split('id="advice"', 1)[1].split('id="checklist"', 1)[0]


def test_editorial_flow(live_server, people, new_page, artifacts):
    base = live_server.url
    article = people
    original_title = article.title
    dizziness = Symptom.objects.get(slug="dizziness")
    assert "Call 911 now" not in dizziness_answer(new_page(), base)

    # An editor changes a symptom's urgency and a live page's text.
    editor = new_page()
    log_in(editor, base, "edna")
    editor.goto(f"{base}/admin/crsinfo/symptom/{dizziness.pk}/change/")
    editor.locator("#id_urgency").select_option("emergency")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    editor.goto(f"{base}/admin/crsinfo/article/{article.pk}/change/")
    editor.locator("#id_title_en").fill("What causes CRS (new draft)")
    # The Spanish is right under the English: the editor translates the new title too.
    editor.locator("#id_title_es").fill("Qué causa el SLC (borrador nuevo)")
    # The Markdown preview follows the typing.
    editor.locator("#id_intro_en").fill("A **new** opening for this page.")
    expect(editor.locator("#id_intro_en-preview .markdown-preview strong")).to_have_text("new")
    expect(editor.locator("#id_intro_en-preview")).to_contain_text("Reading grade")
    editor.get_by_role("button", name="Save and continue editing").first.click()  # Save is at the top too
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")

    # Readers see nothing new.
    reader = new_page()
    reader.goto(base + "/causes/")
    expect(reader.locator("h1")).to_have_text(original_title)
    assert "Call 911 now" not in dizziness_answer(reader, base)
    reader.goto(base + "/es/causes/")
    expect(reader.locator("h1")).not_to_have_text("Qué causa el SLC (borrador nuevo)")

    # The editor previews the draft on the real addresses, then submits it with a note.
    editor.goto(base + "/admin/review/")
    editor.get_by_role("button", name="Preview the draft on the site").click()
    editor.goto(base + "/causes/")
    expect(editor.get_by_role("complementary", name="Preview of the draft")).to_be_visible()
    expect(editor.locator("h1")).to_have_text("What causes CRS (new draft)")
    assert "Call 911 now" in dizziness_answer(editor, base)
    assert run_axe(editor) == [], "the preview banner is accessible"
    editor.screenshot(path=artifacts / "draft-preview.png")
    editor.get_by_role("button", name="Stop previewing").click()
    editor.get_by_label("Note for the reviewer: what you changed and why").fill("Dizziness to emergency; new intro")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("Sent for review")

    # A clinical reviewer sees what waits, and both changes in the diff, then publishes.
    reviewer = new_page()
    log_in(reviewer, base, "rita")
    expect(reviewer.locator("#waiting-for-review")).to_contain_text("Dizziness to emergency; new intro")
    reviewer.get_by_role("link", name="Review and publish the draft").click()
    symptom_change = reviewer.locator("#change-symptom-dizziness")
    expect(symptom_change).to_contain_text("Clinical")
    expect(symptom_change.locator("td del")).to_have_text("urgent")
    expect(symptom_change.locator("td ins")).to_have_text("emergency")
    expect(reviewer.locator("#change-page-causes td ins").first).to_be_visible()
    reviewer.screenshot(path=artifacts / "review-diff.png", full_page=True)
    assert reader.goto(base + "/causes/").status == 200
    expect(reader.locator("h1")).to_have_text(original_title)
    reviewer.get_by_role("button", name="Publish these changes").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("readers now see release")

    # Readers see both at once.
    reader = new_page()
    reader.goto(base + "/causes/")
    expect(reader.locator("h1")).to_have_text("What causes CRS (new draft)")
    expect(reader.locator(".review-dates")).to_contain_text("Rita")
    reader.goto(base + "/es/causes/")
    expect(reader.locator("h1")).to_have_text("Qué causa el SLC (borrador nuevo)")
    assert run_axe(reader) == [], "the Spanish page after publication"
    assert "Call 911 now" in dizziness_answer(reader, base)
