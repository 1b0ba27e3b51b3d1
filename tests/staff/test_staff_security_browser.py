"""Two-factor sign-in in the system Chromium: a clinical reviewer signs in with a password, is sent
to set up an authenticator app, enters a code computed here from the key the page shows, gets
backup codes, signs out, and signs in again with a code."""

import base64

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.conftest import run_axe

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def reviewer(transactional_db, django_user_model):
    import importlib

    from django.apps import apps

    # Transactional tests empty the database, taking the groups the migration made with it.
    importlib.import_module("crsinfo.migrations.0006_editor_groups").create_groups(apps, None)
    user = django_user_model.objects.create_user("rita", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    return user


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key on the page (RFC 6238, as django-otp makes it)."""
    import time

    from django_otp.oath import TOTP

    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def sign_in(page, base, code=None):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Log in").click()


def test_a_reviewer_enrols_and_signs_in_with_a_code(live_server, reviewer, new_page, artifacts):
    base = live_server.url
    page = new_page()
    sign_in(page, base)
    expect(page).to_have_url(base + "/admin/two-factor/")
    expect(page.get_by_text("Your account must use two-factor sign-in.")).to_be_visible()
    assert (
        page.locator("img[alt='QR code for your authenticator app']")
        .get_attribute("src")
        .startswith("data:image/svg+xml")
    )
    assert run_axe(page) == []
    page.screenshot(path=artifacts / "two-factor-setup.png")

    secret = page.locator("#otp-secret").inner_text()
    page.get_by_label("Code from your app").fill("12345")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("#otp-error")).to_contain_text("Enter the 6-digit code")

    page.get_by_label("Code from your app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is on for your account.")).to_be_visible()
    assert page.locator("#backup-codes li").count() == 10

    page.goto(base + "/admin/")
    expect(page.get_by_role("heading", name="Clinical reviews")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # Signing in again needs a code: the password alone is not enough.
    sign_in(page, base)
    expect(page.locator(".errornote")).to_contain_text("Enter the code from your authenticator app")
    # The code of the next 30-second step: the app's current one was used to turn it on.
    sign_in(page, base, code=code_for(secret, steps_ahead=1))
    expect(page.get_by_role("heading", name="Clinical reviews")).to_be_visible()
