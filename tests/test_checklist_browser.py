"""The checklist in the system Chromium: live answers with htmx, the same form without JavaScript,
keyboard only, and axe-core in every answer state."""

import pytest

from tests.conftest import run_axe, run_axe_without_javascript

pytestmark = pytest.mark.browser


@pytest.fixture
def checklist_url(live_server, live_content):
    return live_server.url + "/check/"


def advice(page):
    return page.locator("#advice")


def test_with_javascript_the_answer_updates_as_the_reader_ticks(new_page, checklist_url):
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(checklist_url)
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.__noReload = true")

    page.get_by_label("Headache").check()
    expect_text(advice(page), "Non-urgent advice")
    assert page.get_by_label("Headache").evaluate("el => el === document.activeElement"), "focus stays put"

    position = "el => el.getBoundingClientRect().top + window.scrollY"
    before = page.get_by_label("Confusion").evaluate(position)
    page.get_by_label("Confusion").check()
    expect_text(advice(page), "Immediate action required")
    assert "You ticked: confusion." in advice(page).inner_text()
    assert page.get_by_label("Confusion").evaluate("el => el === document.activeElement"), "no focus stolen"
    assert page.get_by_label("Confusion").evaluate(position) == before, "the answer moved nothing on the form"

    page.get_by_label("Confusion").uncheck()
    page.locator("#worse-yes").check()
    expect_text(advice(page), "Urgent advice")

    assert page.evaluate("window.__noReload") is True, "no page reload"
    assert advice(page).get_attribute("role") == "status"
    assert not errors, errors


def expect_text(locator, text):
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text, timeout=5000)


def test_without_javascript_the_form_posts_and_the_page_answers(new_page, checklist_url):
    page = new_page(javascript=False)
    page.goto(checklist_url)
    page.get_by_label("Fever (a high temperature)").check()
    page.locator("#immunotherapy-yes").check()
    page.get_by_role("button", name="Get advice").click()
    page.wait_for_load_state()
    assert "Urgent advice" in advice(page).inner_text()
    assert "You have a fever after recent immunotherapy." in advice(page).inner_text()
    assert page.get_by_label("Fever (a high temperature)").is_checked(), "ticks are kept"
    assert page.locator("#immunotherapy-yes").is_checked()


def test_without_javascript_nothing_ticked_gets_an_error_summary(new_page, checklist_url):
    page = new_page(javascript=False)
    page.goto(checklist_url)
    page.get_by_role("button", name="Get advice").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    summary = page.locator(".error-summary")
    assert "There is a problem" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash").startswith("#symptom-")


def tab_to(page, test: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {test})(document.activeElement)"):
            return
    raise AssertionError(f"could not reach {test} by keyboard")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_keyboard_only(new_page, checklist_url, javascript):
    page = new_page(javascript=javascript)
    page.goto(checklist_url)
    tab_to(page, "el.id === 'symptom-confusion'")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit'")
    if javascript:
        page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect_text(advice(page), "Immediate action required")


@pytest.mark.parametrize(
    ("ticks", "expected"),
    [
        (["#symptom-confusion"], "Immediate action required"),
        (["#symptom-dizziness"], "Urgent advice"),
        (["#symptom-headache"], "Non-urgent advice"),
        ([], "There is a problem"),
    ],
    ids=["immediate", "urgent", "non-urgent", "error"],
)
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_axe_in_every_answer_state(new_page, checklist_url, ticks, expected, javascript):
    page = new_page(javascript=javascript)
    page.goto(checklist_url)
    for selector in ticks:
        page.locator(selector).check()
    if javascript:
        page.wait_for_function("window.htmx !== undefined")
        page.locator("#temperature").fill("hot")
        page.get_by_role("button", name="Get advice").click()
        expect_text(page.locator("body"), expected)
        assert run_axe(page) == []
    else:
        page.locator("#temperature").fill("hot")
        page.get_by_role("button", name="Get advice").click()
        page.wait_for_load_state()
        assert expected in page.locator("body").inner_text()
        assert run_axe_without_javascript(page, new_page) == []
