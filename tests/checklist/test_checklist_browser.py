"""The checklist in the system Chromium: live answers with htmx, the same form without JavaScript,
keyboard only, and axe-core in every answer state.

Every rule is checked with JavaScript on and off, on the words the reader sees: the answer card in
#advice and the error summary. Missing, unreadable or contradictory answers never make the advice
calmer (crsinfo/triage.py)."""

from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.conftest import run_axe, run_axe_without_javascript

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])

# The answers that can make the advice calmer than "not sure": nothing got worse, less than a day,
# no fever-lowering medicine or steroid.
# The calmest answers, from a reader treated more than 4 weeks ago: only then can a symptom be
# non-urgent (in the first 4 weeks any symptom is urgent: crsinfo/triage.py).
CALM = ("#worse-no", "#duration-under-1-day", "#treatment-earlier", "#medicine-no")

IMMEDIATE = "Immediate action required"
URGENT = "Urgent advice"
NON_URGENT = "Non-urgent advice"

# Counts the answers htmx has finished (request done and the answer swapped in).
COUNT_ANSWERS = "window.__answers = 0; document.addEventListener('htmx:finally:request', () => window.__answers++);"
# A slow connection: every response reaches htmx half a second late.
SLOW_CONNECTION = (
    "const fetchNow = window.fetch;"
    "window.fetch = async (...args) => {"
    "  const response = await fetchNow(...args);"
    "  await new Promise(done => setTimeout(done, 500));"
    "  return response;"
    "};"
)


@pytest.fixture
def checklist_url(live_server, live_content):
    return live_server.url + "/check/"


def advice(page):
    return page.locator("#advice")


def expect_text(locator, text):
    expect(locator).to_contain_text(text, timeout=5000)


def open_checklist(new_page, url, javascript, init_scripts=()):
    page = new_page(javascript=javascript)
    if javascript:
        for script in (COUNT_ANSWERS, *init_scripts):
            page.add_init_script(script)
    page.goto(url)
    if javascript:
        page.wait_for_function("window.htmx !== undefined")
    return page


@contextmanager
def answered(page, javascript):
    """With JavaScript, wait until htmx has swapped in the answer to the one change made inside, as a
    reader who looks at each answer does. (Quick changes are another matter: see
    test_with_javascript_quick_changes_are_not_lost_on_a_slow_connection.)"""
    if not javascript:
        yield
        return
    before = page.evaluate("window.__answers")
    yield
    page.wait_for_function("before => window.__answers > before", arg=before)


def answer(page, javascript, *selectors, temperature=None):
    """Tick boxes and choose radios (CSS selectors), then type a temperature and leave the box."""
    for selector in selectors:
        with answered(page, javascript):
            page.locator(selector).check()
    if temperature is not None:
        with answered(page, javascript):
            page.locator("#temperature").fill(temperature)
            page.locator("#temperature").press("Tab")


def get_advice(page, javascript):
    """Press "Get advice": with JavaScript htmx swaps the answer in; without, the page reloads."""
    button = page.get_by_role("button", name="Get advice")
    if javascript:
        button.click()
    else:
        with page.expect_navigation():
            button.click()
        page.wait_for_load_state()


def shows(page, *texts):
    """The answer shows each text (waiting for htmx to swap it in)."""
    for text in texts:
        expect_text(advice(page), text)


def no_advice_card(page):
    """No answer card at all beside the error: call it once the error is shown."""
    expect(advice(page).locator(".care-card")).to_have_count(0)
    assert NON_URGENT not in advice(page).inner_text()


def error_shown(page, javascript, text):
    """The error is in the error summary (in #advice with JavaScript, at the top of the page without),
    and without JavaScript also beside the temperature box and in the page title."""
    expect_text(page.locator(".error-summary"), "There is a problem")
    expect_text(page.locator(".error-summary"), text)
    if not javascript:
        assert page.title().startswith("Error:")
        assert text in page.locator("#temperature-error").inner_text()
        assert page.locator(".error-summary a[href='#temperature']").count() == 1


def no_axe_violations(page, new_page, javascript):
    if javascript:
        assert run_axe(page) == []
    else:
        assert run_axe_without_javascript(page, new_page) == []


def has_focus(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


# --- live updates and the form without JavaScript ----------------------------------------------


def test_with_javascript_the_answer_updates_as_the_reader_ticks(new_page, checklist_url):
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.add_init_script(COUNT_ANSWERS)
    page.goto(checklist_url)
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.__noReload = true")

    page.get_by_label("Headache").check()
    shows(page, URGENT, "What we assumed", "You did not say how long you have had symptoms.")
    assert has_focus(page.get_by_label("Headache")), "focus stays put"

    answer(page, True, *CALM)
    shows(page, NON_URGENT, "You ticked: headache.")
    assert "What we assumed" not in advice(page).inner_text()
    assert has_focus(page.locator("#medicine-no")), "focus stays put"

    position = "el => el.getBoundingClientRect().top + window.scrollY"
    before = page.get_by_label("Confusion").evaluate(position)
    page.get_by_label("Confusion").check()
    shows(page, IMMEDIATE, "You ticked: confusion.")
    assert has_focus(page.get_by_label("Confusion")), "no focus stolen"
    assert page.get_by_label("Confusion").evaluate(position) == before, "the answer moved nothing on the form"

    page.get_by_label("Confusion").uncheck()
    page.locator("#worse-yes").check()
    shows(page, URGENT, "Your symptoms have suddenly got worse.")

    assert page.evaluate("window.__noReload") is True, "no page reload"
    # The answer is said once, by the line pinned to the bottom of the screen (tests/pages/test_phone_browser.py).
    assert page.locator("#answer-polite").get_attribute("role") == "status"
    assert page.locator("#answer-urgent").get_attribute("role") == "alert"
    assert not errors, errors


def test_with_javascript_quick_changes_are_not_lost_on_a_slow_connection(new_page, checklist_url):
    page = open_checklist(new_page, checklist_url, True, init_scripts=[SLOW_CONNECTION])
    answer(page, True, "#symptom-headache", *CALM)
    shows(page, NON_URGENT)

    # Quickly: change an answer, change it back, tick Confusion, press "Get advice".
    page.locator("#duration-1-3-days").check()
    page.locator("#duration-under-1-day").check()
    page.locator("#symptom-confusion").check()
    page.get_by_role("button", name="Get advice").click()
    shows(page, IMMEDIATE, "You ticked: confusion.")


def test_with_javascript_quick_answers_all_count_on_a_slow_connection(new_page, checklist_url):
    """Each change replaces the request in flight (hx-sync "this:replace"): the last answer wins."""
    page = open_checklist(new_page, checklist_url, True, init_scripts=[SLOW_CONNECTION])
    page.locator("#symptom-headache").check()
    for selector in CALM:
        page.locator(selector).check()
    page.get_by_role("button", name="Get advice").click()
    shows(page, NON_URGENT, "You ticked: headache.")
    assert "You did not say" not in page.locator("#advice").inner_text()


def test_without_javascript_nothing_ticked_gets_an_error_summary(new_page, checklist_url):
    page = new_page(javascript=False)
    page.goto(checklist_url)
    get_advice(page, javascript=False)
    assert page.title().startswith("Error:")
    summary = page.locator(".error-summary")
    assert "There is a problem" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash").startswith("#symptom-")


@JAVASCRIPT
def test_fever_after_recent_treatment_is_urgent(new_page, checklist_url, javascript):
    page = open_checklist(new_page, checklist_url, javascript)
    answer(page, javascript, "#symptom-fever", "#treatment-recent")
    get_advice(page, javascript)
    shows(
        page,
        URGENT,
        "You have a fever in the first 4 weeks after treatment. It can be a sign of CRS.",
        "Tell them your symptoms and your temperature, and about your treatment.",
    )
    if not javascript:
        assert page.get_by_label("Fever (a high temperature)").is_checked(), "ticks are kept"
        assert page.locator("#treatment-recent").is_checked(), "answers are kept"
    no_axe_violations(page, new_page, javascript)


# --- rule 1: an unanswered question gets the safest advice ------------------------------------


@JAVASCRIPT
def test_unanswered_questions_are_assumed_to_need_care(new_page, checklist_url, javascript):
    page = open_checklist(new_page, checklist_url, javascript)
    assumed = "You did not say if you have had cancer treatment. We assumed it was in the last 4 weeks."
    page.locator("#symptom-fever").check()
    if javascript:
        # The answer comes as soon as the box is ticked, before "Get advice" is pressed.
        shows(page, URGENT, assumed)
    get_advice(page, javascript)
    shows(page, URGENT, "You have a fever.", "What we assumed", assumed, "What to do")
    assert NON_URGENT not in advice(page).inner_text()
    no_axe_violations(page, new_page, javascript)


# --- rule 2: an unreadable temperature never gives a calm answer ------------------------------


@pytest.mark.parametrize(
    ("symptom", "temperature", "error", "card"),
    [
        ("#symptom-headache", "hot", "Enter your temperature as a number", None),
        ("#symptom-dizziness", "hot", "Enter your temperature as a number", URGENT),
        ("#symptom-headache", "250", "That is not a body temperature", None),
    ],
    ids=["not-a-number", "not-a-number-urgent-symptom", "out-of-range"],
)
@JAVASCRIPT
def test_an_unreadable_temperature_shows_an_error_never_a_calm_answer(
    new_page, checklist_url, javascript, symptom, temperature, error, card
):
    page = open_checklist(new_page, checklist_url, javascript)
    answer(page, javascript, symptom, *CALM, temperature=temperature)
    get_advice(page, javascript)
    error_shown(page, javascript, error)
    if card is None:
        no_advice_card(page)
    else:
        # Nothing the reader could add would lower an urgent answer, so it shows beside the error.
        shows(page, card, "You ticked: dizziness.")
        assert NON_URGENT not in advice(page).inner_text()
    if not javascript:
        assert page.locator("#temperature").input_value() == temperature, "what the reader typed is kept"
    no_axe_violations(page, new_page, javascript)


# --- rule 3: a temperature in the other unit is read in that unit -----------------------------


@pytest.mark.parametrize(
    ("temperature", "unit", "note", "reason"),
    [
        (
            "102",
            ["#unit-C"],
            "We read 102 as 102.0 °F (38.9 °C), because 102 °C is not a body temperature.",
            "You have a temperature of 102.0 °F (38.9 °C) in the first 4 weeks after treatment.",
        ),
        (
            "38.5",
            [],  # °F, chosen already
            "We read 38.5 as 38.5 °C (101.3 °F), because 38.5 °F is not a body temperature.",
            "You have a temperature of 101.3 °F (38.5 °C) in the first 4 weeks after treatment.",
        ),
    ],
    ids=["fahrenheit-given-as-celsius", "celsius-given-as-fahrenheit"],
)
@JAVASCRIPT
def test_a_temperature_in_the_wrong_unit_is_read_in_the_right_one(
    new_page, checklist_url, javascript, temperature, unit, note, reason
):
    page = open_checklist(new_page, checklist_url, javascript)
    assert page.locator("#unit-F").is_checked(), "°F is chosen until the reader picks °C"
    answer(page, javascript, "#symptom-headache", *CALM, "#treatment-recent", temperature=temperature)
    answer(page, javascript, *unit)
    get_advice(page, javascript)
    shows(page, URGENT, note, reason)
    assert page.locator(".error-summary").count() == 0
    no_axe_violations(page, new_page, javascript)


# --- rule 4: a fever-lowering medicine can hide a fever ---------------------------------------


@JAVASCRIPT
def test_a_medicine_that_hides_a_fever_makes_feeling_unwell_urgent(new_page, checklist_url, javascript):
    page = open_checklist(new_page, checklist_url, javascript)
    hidden = "You have taken a medicine that can hide a fever, and you feel unwell."
    answer(
        page,
        javascript,
        "#symptom-headache",
        "#worse-no",
        "#duration-under-1-day",
        "#treatment-earlier",
        "#medicine-yes",
        temperature="98.6",
    )
    get_advice(page, javascript)
    shows(page, URGENT, hidden)
    no_axe_violations(page, new_page, javascript)

    page.locator("#medicine-no").check()
    if not javascript:
        get_advice(page, javascript)
    # With JavaScript the answer updates on the change alone: the button is not pressed again.
    shows(page, NON_URGENT, "You ticked: headache.")
    assert hidden not in advice(page).inner_text()
    assert URGENT not in advice(page).inner_text()
    no_axe_violations(page, new_page, javascript)


# --- keyboard only ------------------------------------------------------------------------------


def tab_to(page, test: str) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {test})(document.activeElement)"):
            return
    raise AssertionError(f"could not reach {test} by keyboard")


def press_enter_on_submit(page, javascript):
    tab_to(page, "el.type === 'submit'")
    if javascript:
        page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            page.keyboard.press("Enter")


@JAVASCRIPT
def test_keyboard_only(new_page, checklist_url, javascript):
    page = new_page(javascript=javascript)
    page.goto(checklist_url)
    tab_to(page, "el.id === 'symptom-confusion'")
    page.keyboard.press("Space")
    press_enter_on_submit(page, javascript)
    expect_text(advice(page), IMMEDIATE)


@JAVASCRIPT
def test_keyboard_only_answers_every_question(new_page, checklist_url, javascript):
    """Each group of radios is one tab stop; the arrow keys choose within it."""
    page = open_checklist(new_page, checklist_url, javascript)
    for target, key in [
        ("el.id === 'symptom-headache'", "Space"),
        ("el.name === 'worse'", "ArrowDown"),  # from "Yes" to "No"
        ("el.name === 'duration'", "Space"),  # "Less than a day"
        ("el.name === 'treatment'", "ArrowDown"),  # from "in the last 4 weeks" to "more than 4 weeks ago"
        ("el.name === 'medicine'", "ArrowDown"),  # from "Yes" to "No"
    ]:
        tab_to(page, target)
        with answered(page, javascript):
            page.keyboard.press(key)
    for selector in ("#symptom-headache", *CALM):
        assert page.locator(selector).is_checked(), selector
    press_enter_on_submit(page, javascript)
    expect_text(advice(page), NON_URGENT)


# --- axe in every answer state ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticks", "temperature", "expected"),
    [
        (["#symptom-confusion"], "hot", IMMEDIATE),
        (["#symptom-dizziness"], "hot", URGENT),
        (["#symptom-headache", *CALM], None, NON_URGENT),
        (["#symptom-fever"], None, "What we assumed"),
        (["#symptom-headache", *CALM], "hot", "Enter your temperature as a number"),
        ([], "hot", "There is a problem"),
    ],
    ids=["immediate", "urgent", "non-urgent", "assumed", "temperature-error", "error"],
)
@JAVASCRIPT
def test_axe_in_every_answer_state(new_page, checklist_url, ticks, temperature, expected, javascript):
    page = open_checklist(new_page, checklist_url, javascript)
    answer(page, javascript, *ticks, temperature=temperature)
    get_advice(page, javascript)
    expect_text(page.locator("body"), expected)
    no_axe_violations(page, new_page, javascript)
