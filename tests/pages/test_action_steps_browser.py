"""The action steps in Chromium, on each scored page in English and Spanish: axe-clean with
JavaScript on and off and in dark mode, nothing scrolls sideways on a 360 px phone, and they print."""

import pytest

from tests.conftest import run_axe, run_axe_without_javascript

pytestmark = pytest.mark.browser

PATHS = pytest.mark.parametrize(
    "path",
    [
        "/",
        "/what-is-crs/",
        "/symptoms/",
        "/when-to-get-help/",
        "/print/handout/",
        "/es/",
        "/es/what-is-crs/",
        "/es/symptoms/",
        "/es/when-to-get-help/",
        "/es/print/handout/",
    ],
)


@pytest.fixture
def base(live_server, live_content):
    return live_server.url


@PATHS
def test_on_a_phone_the_steps_are_readable_and_axe_clean(new_page, base, artifacts, path):
    page = new_page(width=360, height=800)
    page.goto(base + path)
    steps = page.locator(".action-steps")
    assert steps.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    assert run_axe(page) == []
    name = path.strip("/").replace("/", "-") or "home"
    steps.screenshot(path=artifacts / f"action-steps-360px-{name}.png")


@PATHS
def test_without_javascript_and_in_dark_mode(new_page, base, path):
    page = new_page(javascript=False, width=360, height=800)
    page.goto(base + path)
    assert page.locator(".action-steps").is_visible()
    assert run_axe_without_javascript(page, new_page) == []
    dark = new_page(color_scheme="dark")
    dark.goto(base + path)
    assert run_axe(dark) == []


@pytest.mark.parametrize("path", ["/when-to-get-help/", "/es/print/handout/"])
def test_the_steps_print(new_page, base, artifacts, path):
    page = new_page()
    page.goto(base + path)
    page.emulate_media(media="print")
    assert page.locator(".action-steps").is_visible()
    assert page.locator(".action-steps__choice--emergency").is_visible()
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=artifacts / f"action-steps-print-{name}.png", full_page=True)
