"""On a phone (390 x 844), in English and Spanish, JavaScript on and off: the way to the checklist
is on the first screen, the menu folds behind one control, and the checklist's answer is where the
reader is looking — pinned to the bottom of the screen as they tick, first on the page that answers
without JavaScript. Screen readers hear each change once: politely, or at once for "Immediate
action required"."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.conftest import run_axe, run_axe_without_javascript

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LANGUAGES = pytest.mark.parametrize("language", ["en", "es"])
JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])


def words(language: str, text: str, context: str | None = None) -> str:
    with translation.override(language):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def prefix(language: str) -> str:
    return "/es" if language == "es" else ""


def phone(new_page, javascript=True):
    return new_page(javascript=javascript, **PHONE, device_scale_factor=2, has_touch=True)


def on_first_screen(locator) -> bool:
    """Wholly inside the first screen of the page (the page not scrolled)."""
    box = locator.bounding_box()
    scrolled = locator.page.evaluate("window.scrollY")
    return box is not None and scrolled == 0 and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.fixture
def base(live_server, live_content):
    return live_server.url


def open_checklist(new_page, base, language, javascript):
    page = phone(new_page, javascript)
    page.goto(base + prefix(language) + "/check/")
    if javascript:
        page.wait_for_function("window.htmx !== undefined")
    return page


# --- the first screen of every page -----------------------------------------------------------


@LANGUAGES
@JAVASCRIPT
@pytest.mark.parametrize("path", ["/", "/symptoms/", "/print/wallet-card/"])
def test_the_first_screen_holds_the_site_name_the_emergency_line_and_the_checklist(
    new_page, base, language, javascript, path
):
    page = phone(new_page, javascript)
    page.goto(base + prefix(language) + path)
    link = page.get_by_role("banner").get_by_role("link", name=words(language, "Check your symptoms"), exact=True)
    assert link.get_attribute("href") == prefix(language) + "/check/"
    assert on_first_screen(link)
    assert on_first_screen(page.locator(".site-header__name"))
    assert on_first_screen(page.locator(".site-header__emergency a[href^='tel:']"))


@LANGUAGES
@JAVASCRIPT
def test_the_menu_folds_behind_one_control_and_opens_without_moving_the_page(new_page, base, language, javascript):
    page = phone(new_page, javascript)
    page.goto(base + prefix(language) + "/")
    nav = page.get_by_role("navigation", name=words(language, "Main", "navigation"))
    expect(nav).to_be_hidden()
    expect(page.get_by_role("searchbox")).to_be_hidden()
    heading = page.get_by_role("heading", level=1)
    before = heading.bounding_box()
    toggle = page.locator("summary", has_text=words(language, "Menu", "site navigation"))
    assert on_first_screen(toggle)
    toggle.click()
    expect(nav).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_visible()
    assert heading.bounding_box() == before, "opening the menu moves nothing on the page"
    nav.get_by_role("link").nth(1).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).count() == 1


def test_on_a_wide_screen_the_menu_is_open_without_a_control(new_page, base):
    page = new_page(width=1280)
    page.goto(base + "/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search this site")).to_be_visible()
    expect(page.locator(".site-menu__toggle")).to_be_hidden()


# --- the answer where the reader is looking ----------------------------------------------------


@LANGUAGES
def test_with_javascript_ticking_an_emergency_shows_the_answer_on_screen_within_a_second(new_page, base, language):
    page = open_checklist(new_page, base, language, True)
    confusion = page.locator("#symptom-confusion")
    confusion.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    confusion.check()
    label = page.locator("#answer-urgent .answer-summary__label")
    expect(label).to_have_text(words(language, "Immediate action required"), timeout=1000)
    expect(label).to_be_in_viewport(ratio=1, timeout=1000)
    expect(page.locator("#answer-urgent")).to_contain_text(words(language, "Call %(number)s now") % {"number": "911"})
    assert page.locator("#answer-urgent a[href='tel:911']").count() == 1
    assert page.evaluate("window.scrollY") == scrolled, "the page does not jump"
    assert confusion.evaluate("el => el === document.activeElement"), "focus stays on the box"
    # The full answer is one tap away.
    page.locator("#answer-urgent .answer-summary__more").click()
    expect(page.locator("#advice .care-card__label")).to_be_in_viewport()


def watch(page, selector):
    page.evaluate(
        """selector => {
            window.__changes = 0;
            new MutationObserver(records => { window.__changes += records.length; })
                .observe(document.querySelector(selector), {subtree: true, childList: true, characterData: true});
        }""",
        selector,
    )


def answered(page, action):
    before = page.evaluate("window.__answers")
    action()
    page.wait_for_function("before => window.__answers > before", arg=before)


@LANGUAGES
def test_screen_readers_hear_each_change_once_and_at_once_only_for_an_emergency(new_page, base, language):
    page = phone(new_page)
    page.add_init_script(
        "window.__answers = 0; document.addEventListener('htmx:finally:request', () => window.__answers++);"
    )
    page.goto(base + prefix(language) + "/check/")
    page.wait_for_function("window.htmx !== undefined")
    polite, urgent = page.locator("#answer-polite"), page.locator("#answer-urgent")
    assert polite.get_attribute("role") == "status" and urgent.get_attribute("role") == "alert"
    assert page.locator("#advice").get_attribute("role") is None, "the full answer is not a second live region"

    answered(page, lambda: page.locator("#symptom-headache").check())
    expect(polite).to_contain_text(words(language, "Urgent advice"))
    expect(urgent).to_be_empty()

    answered(page, lambda: page.locator("#symptom-confusion").check())
    expect(urgent).to_contain_text(words(language, "Immediate action required"))
    expect(polite).to_be_empty()

    # Another emergency sign: the same answer, so nothing in the live region changes (nothing said again).
    watch(page, "#answer-urgent")
    answered(page, lambda: page.locator("#symptom-seizures").check())
    assert page.evaluate("window.__changes") == 0

    assert run_axe(page) == []


@LANGUAGES
def test_without_javascript_the_answer_comes_first_on_the_page(new_page, base, language):
    page = open_checklist(new_page, base, language, False)
    # The signs of an emergency come first, with a button straight after them.
    first_box = page.locator("form.checklist input[type=checkbox]").first
    button = page.locator("form.checklist button[type=submit]").first
    assert first_box.get_attribute("id") == "symptom-fast-heartbeat"
    assert button.inner_text() == words(language, "Show what to do now")
    page.locator("#symptom-confusion").check()
    with page.expect_navigation():
        button.click()
    label = page.locator(".care-card__label").first
    assert label.inner_text().casefold() == words(language, "Immediate action required").casefold()
    assert on_first_screen(label)
    assert on_first_screen(page.locator(".care-card__heading").first)
    assert page.title().startswith(words(language, "Immediate action required"))
    assert page.locator("#symptom-confusion").is_checked(), "the ticks are kept"
    change = page.get_by_role("link", name=words(language, "Change your answers"))
    assert change.get_attribute("href") == "#checklist"
    assert run_axe_without_javascript(page, new_page) == []


@LANGUAGES
def test_without_javascript_get_advice_at_the_end_also_answers_first(new_page, base, language):
    page = open_checklist(new_page, base, language, False)
    page.locator("#symptom-fever").check()
    with page.expect_navigation():
        page.get_by_role("button", name=words(language, "Get advice"), exact=True).click()
    label = page.locator(".care-card__label").first
    assert label.inner_text().casefold() == words(language, "Urgent advice").casefold()
    assert on_first_screen(label)


def test_nothing_ticked_is_kept_when_the_reader_goes_back(new_page, base):
    page = open_checklist(new_page, base, "en", True)
    page.locator("#symptom-confusion").check()
    page.locator("#worse-no").check()
    expect(page.locator("#answer-urgent")).to_contain_text("Immediate action required")
    page.locator(".site-header__name").click()
    page.wait_for_url(base + "/")
    page.go_back()
    page.wait_for_url(base + "/check/")
    assert page.locator("#symptom-confusion").is_checked()
    assert page.locator("#worse-no").is_checked()


@LANGUAGES
def test_the_checklist_is_in_parts_the_reader_can_see(new_page, base, language):
    page = open_checklist(new_page, base, language, False)
    parts = page.locator(".checklist__part")
    assert parts.count() == 3
    for number in (1, 2, 3):
        assert (words(language, "Part %(part)s of %(parts)s") % {"part": number, "parts": 3}) in parts.nth(
            number - 1
        ).inner_text()
    # Every sign of an emergency is in part 1 and nowhere else.
    emergency = page.locator(".fieldset--emergency input[type=checkbox]")
    assert emergency.count() >= 10
    ids = page.locator("form.checklist input[type=checkbox]").evaluate_all("els => els.map(el => el.id)")
    assert len(ids) == len(set(ids)), "each symptom once"
