"""When an answer cannot be fetched (the app server restarted, a proxy answered 502, the phone lost
its connection), the checklist never leaves an older, calmer answer on screen, nor a proxy's error
page: it shows the safe answer for what is ticked (static/js/checklist.js), in the page's language."""

import pytest
from playwright.sync_api import expect

from tests.checklist.test_checklist_browser import CALM, advice, answer, open_checklist
from tests.conftest import run_axe

pytestmark = pytest.mark.browser

WORDS = {
    "en": {
        "immediate": "Immediate action required",
        "urgent": "Urgent advice",
        "calm": "Non-urgent advice",
        "failed": "We could not update your answer",
        "call": "Call 911 now",
    },
    "es": {
        "immediate": "Actúe de inmediato",
        "urgent": "Consejo urgente",
        "calm": "Consejo no urgente",
        "failed": "No pudimos actualizar su respuesta",
        "call": "Llame al 911 ahora",
    },
}
PROXY_ERROR = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>nginx</body></html>"


def fail_every_answer(page, failure: str) -> None:
    def fail(route):
        if route.request.method != "POST":
            route.continue_()
        elif failure == "502":
            route.fulfill(status=502, content_type="text/html", body=PROXY_ERROR)
        else:
            route.abort("connectionreset")

    page.route("**/check/", fail)


def calm_answer(new_page, live_server, language):
    prefix = "/es" if language == "es" else ""
    page = open_checklist(new_page, f"{live_server.url}{prefix}/check/", True)
    answer(page, True, *dict.fromkeys(["#symptom-headache", "#treatment-earlier", *CALM]))
    expect(advice(page)).to_contain_text(WORDS[language]["calm"], timeout=5000)
    return page


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("failure", ["502", "dropped"])
def test_an_emergency_ticked_when_the_answer_fails_says_call_the_emergency_number(
    new_page, live_server, live_content, failure, language
):
    words = WORDS[language]
    page = calm_answer(new_page, live_server, language)
    fail_every_answer(page, failure)
    page.locator("#symptom-confusion").check()
    card = advice(page)
    expect(card).to_contain_text(words["immediate"], timeout=5000)
    expect(card).to_contain_text(words["call"])
    expect(card).to_contain_text(words["failed"])
    expect(card).not_to_contain_text(words["calm"])
    expect(card).not_to_contain_text("Bad Gateway")
    # The bar pinned to the screen says it at once (the alert region), and only there.
    expect(page.locator("#answer-urgent")).to_contain_text(words["immediate"])
    expect(page.locator("#answer-polite")).to_have_text("")
    assert "Bad Gateway" not in page.content()


@pytest.mark.parametrize("failure", ["502", "dropped"])
def test_any_other_change_when_the_answer_fails_says_call_the_care_team_now(
    new_page, live_server, live_content, failure
):
    page = calm_answer(new_page, live_server, "en")
    fail_every_answer(page, failure)
    page.locator("#duration-1-3-days").check()
    card = advice(page)
    expect(card).to_contain_text(WORDS["en"]["urgent"], timeout=5000)
    expect(card).to_contain_text("cannot tell you that it is safe to wait")
    expect(card).not_to_contain_text(WORDS["en"]["calm"])
    expect(page.locator("#answer-polite")).to_contain_text(WORDS["en"]["urgent"])
    assert run_axe(page) == []


def test_an_answer_that_never_comes_is_a_failure_after_ten_seconds(new_page, live_server, live_content):
    """A request that hangs (a server that accepted the connection and died) times out: the safe answer
    replaces the old one instead of leaving it on screen."""
    page = calm_answer(new_page, live_server, "en")
    page.route("**/check/", lambda route: None if route.request.method == "POST" else route.continue_())
    page.locator("#symptom-confusion").check()
    expect(advice(page)).to_contain_text(WORDS["en"]["immediate"], timeout=15000)
    expect(advice(page)).to_contain_text(WORDS["en"]["failed"])


def test_when_answers_work_again_the_real_answer_comes_back(new_page, live_server, live_content):
    page = calm_answer(new_page, live_server, "en")
    fail_every_answer(page, "dropped")
    page.locator("#symptom-confusion").check()
    expect(advice(page)).to_contain_text(WORDS["en"]["failed"], timeout=5000)
    page.unroute("**/check/")
    page.locator("#symptom-confusion").uncheck()
    expect(advice(page)).to_contain_text(WORDS["en"]["calm"], timeout=5000)
    expect(advice(page)).not_to_contain_text(WORDS["en"]["failed"])
