"""The whole editorial flow in the system Chromium: log in, edit, preview the draft, publish as a
reviewer, change the slug and follow the old link, restore the earlier version."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from crsinfo.models import Article

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def people(live_content, django_user_model):
    # Transactional tests empty the database, taking the groups the migration made with it.
    import importlib

    from django.apps import apps

    importlib.import_module("crsinfo.migrations.0006_editor_groups").create_groups(apps, None)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for username, group in (("edna", "Editors"), ("rita", "Clinical reviewers")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    # Clinical reviewers must sign in with a second factor: Rita has an authenticator app.
    TOTPDevice.objects.create(user=django_user_model.objects.get(username="rita"), name="Phone", confirmed=True)
    article = Article.objects.get(slug="causes")
    article.is_published = False
    article.save()
    return article


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


def test_editorial_flow(live_server, people, new_page, artifacts):
    base = live_server.url
    article = people
    original_title = article.title

    # An editor edits the draft and previews it on its real address.
    editor = new_page()
    log_in(editor, base, "edna")
    editor.goto(f"{base}/admin/crsinfo/article/{article.pk}/change/")
    editor.locator("#id_title").fill("What causes CRS (new draft)")
    editor.get_by_role("button", name="Save and continue editing").click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    editor.goto(base + "/causes/")
    expect(editor.locator(".draft-banner")).to_contain_text("Draft — not published")
    expect(editor.locator("h1")).to_have_text("What causes CRS (new draft)")
    editor.screenshot(path=artifacts / "draft-preview.png")

    reader = new_page()
    assert reader.goto(base + "/causes/").status == 404

    # A clinical reviewer publishes it.
    reviewer = new_page()
    log_in(reviewer, base, "rita")
    reviewer.goto(base + "/admin/crsinfo/article/")
    reviewer.locator(f'input[name="_selected_action"][value="{article.pk}"]').check()
    reviewer.locator('select[name="action"]').select_option("publish")
    reviewer.get_by_role("button", name="Run").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Published 1 page")
    assert reader.goto(base + "/causes/").status == 200
    expect(reader.locator("h1")).to_have_text("What causes CRS (new draft)")

    # The reviewer changes the address; the old one still leads there.
    reviewer.goto(f"{base}/admin/crsinfo/article/{article.pk}/change/")
    reviewer.locator("#id_slug").fill("what-causes-crs")
    reviewer.get_by_role("button", name="Save", exact=True).click()
    expect(reviewer.locator(".messagelist")).to_contain_text("was changed successfully")
    reader = new_page()  # a reader who has not seen the page yet (it is cacheable for a minute)
    reader.goto(base + "/causes/")
    assert reader.url == base + "/what-causes-crs/"
    expect(reader.locator("h1")).to_have_text("What causes CRS (new draft)")

    # The reviewer restores the version loaded from the content files.
    reviewer.goto(f"{base}/admin/crsinfo/article/{article.pk}/history/")
    reviewer.locator("#change-history tr", has_text="Loaded from the content files").locator("th a").first.click()
    reviewer.get_by_role("button", name="Save", exact=True).click()
    expect(reviewer.locator(".messagelist")).to_contain_text(original_title)
    reader = new_page()
    reader.goto(base + "/causes/")
    expect(reader.locator("h1")).to_have_text(original_title)
    reader = new_page()
    reader.goto(base + "/what-causes-crs/")
    assert reader.url == base + "/causes/", "the restored address is current; the other one redirects"
