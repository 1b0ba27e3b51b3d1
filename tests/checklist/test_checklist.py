"""The checklist view: full page and htmx fragment, bad input, privacy."""

import logging
import re

import pytest
from django.urls import reverse

from crsinfo.models import SiteSettings, Symptom, Urgency
from tests.conftest import publish_draft

URL = reverse("checklist")
HX = {"HX-Request": "true"}


def post(client, data, htmx=False, **extra):
    return client.post(URL, data, headers=HX if htmx else {}, **extra)


def test_get_shows_every_checklist_symptom_grouped_with_questions(client, content):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for symptom in Symptom.objects.filter(on_checklist=True):
        assert f'value="{symptom.slug}"' in html
    # Signs only tests can find stay on the Symptoms page, not on the checklist.
    for symptom in Symptom.objects.filter(on_checklist=False):
        assert f'value="{symptom.slug}"' not in html
    assert Symptom.objects.filter(on_checklist=False).count() >= 5
    for text in (
        "Heart and blood vessels",
        "None of these",
        "Has anything suddenly got worse?",
        "More than 3 days",
        "Have you had immunotherapy or other cancer treatment?",
        "Yes, in the last 4 weeks",
        "Yes, more than 4 weeks ago",
        "Have you recently taken a medicine that can lower a fever?",
        "acetaminophen",
        "What is your highest temperature?",
    ):
        assert text in html, text
    assert html.count("I’m not sure") == 4
    assert 'role="status"' in html
    assert response["Vary"].count("HX-Request") == 1
    assert not response.cookies


def test_the_recent_window_is_a_site_setting_and_changes_words_only(client, content):
    SiteSettings.objects.filter(pk=1).update(immunotherapy_window_days=10)
    publish_draft()
    assert "Yes, in the last 10 days" in client.get(URL).content.decode()
    html = post(client, {**CALM, "symptoms": ["fever"], "treatment": "earlier"}).content.decode()
    assert "Urgent advice: </span>" in html
    assert "after cancer treatment. It can be a sign of an infection." in html


# Every question answered as calmly as it can be: what a non-urgent answer needs.
CALM = {"worse": "no", "duration": "under-1-day", "medicine": "no", "treatment": "recent"}
# The same, from a reader treated more than 4 weeks ago: only then can a symptom be non-urgent.
LATER = {**CALM, "treatment": "earlier"}


# The decision table as readers meet it: answers posted, the level and a reason shown. The
# Spanish checklist plays the same table (tests/pages/test_spanish.py).
RULES = [
    ({"symptoms": ["confusion"]}, "Immediate action required", "You ticked: confusion."),
    ({"symptoms": ["difficulty-breathing"]}, "Immediate action required", "difficulty breathing"),
    ({"symptoms": ["seizures"]}, "Immediate action required", "seizures"),
    ({"symptoms": ["fast-heartbeat"]}, "Immediate action required", "fast heartbeat"),
    ({"symptoms": ["chest-pain"]}, "Immediate action required", "chest"),
    ({"symptoms": ["trouble-speaking"]}, "Immediate action required", "trouble speaking"),
    ({"symptoms": ["hard-to-wake"]}, "Immediate action required", "hard to wake"),
    ({"symptoms": ["fainting"]}, "Immediate action required", "fainting"),
    ({**CALM, "symptoms": ["fever"]}, "Urgent advice", "You have a fever in the first 4 weeks after treatment."),
    ({"symptoms": ["fever"]}, "Urgent advice", "You did not say if you have had cancer treatment"),
    ({**CALM, "symptoms": ["fever"], "treatment": "no"}, "Urgent advice", "You have a fever."),
    ({**CALM, "none": "on", "temperature": "38.0", "unit": "C"}, "Urgent advice", "100.4 °F (38.0 °C)"),
    ({**CALM, "none": "on", "temperature": "100.4", "unit": "F"}, "Urgent advice", "100.4 °F (38.0 °C)"),
    ({**CALM, "symptoms": ["headache"], "worse": "yes"}, "Urgent advice", "suddenly got worse"),
    ({**CALM, "symptoms": ["headache"], "duration": "over-3-days"}, "Urgent advice", "more than 3 days"),
    ({**CALM, "symptoms": ["headache"], "medicine": "yes"}, "Urgent advice", "can hide a fever"),
    ({**CALM, "symptoms": ["tremor"]}, "Urgent advice", "tremor"),
    ({**CALM, "symptoms": ["severe-sickness"]}, "Urgent advice", "severe sickness"),
    ({**CALM, "symptoms": ["less-urine"]}, "Urgent advice", "less urine"),
    ({"symptoms": ["headache"]}, "Urgent advice", "We assumed they have."),
    # The first weeks (review M1; AHFS Carvykti, Aucatzyl; Tecvayli REMS): any symptom is urgent.
    ({**CALM, "symptoms": ["headache"], "duration": "1-3-days"}, "Urgent advice", "In the first 4 weeks after"),
    ({**CALM, "symptoms": ["nausea", "vomiting", "diarrhea"]}, "Urgent advice", "Do not wait to see if it goes away."),
    ({**CALM, "symptoms": ["body-aches"], "treatment": "not-sure"}, "Urgent advice", "We assumed it was in the last"),
    ({**LATER, "symptoms": ["headache"], "duration": "1-3-days"}, "Non-urgent advice", "headache"),  # seed
    ({**LATER, "symptoms": ["headache"], "duration": "over-3-days"}, "Urgent advice", "more than 3 days"),  # seed
    # Signs the labels add (review M4), and a new cough at any time (ACS: a sign of infection).
    ({**LATER, "symptoms": ["bleeding"]}, "Urgent advice", "unusual bleeding or bruising"),  # AHFS Carvykti
    ({**LATER, "symptoms": ["heavy-bleeding"]}, "Immediate action required", "heavy bleeding"),  # Carvykti box
    ({**LATER, "symptoms": ["infection-signs"]}, "Urgent advice", "other signs of an infection"),  # ACS
    ({**LATER, "symptoms": ["slow-movement"]}, "Urgent advice", "slow or stiff movement"),  # AHFS Carvykti
    ({**LATER, "symptoms": ["cough"]}, "Urgent advice", "a new cough"),  # ACS
    ({**CALM, "none": "on"}, "Non-urgent advice", "none of the symptoms"),
    ({"none": "on"}, "Non-urgent advice", "none of the symptoms"),
]


@pytest.mark.parametrize(("data", "label", "reason"), RULES)
def test_the_rules_on_the_shipped_content(client, content, data, label, reason):
    for htmx in (False, True):
        response = post(client, data, htmx=htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<span class="visually-hidden">{label}: </span>' in html
        assert reason in html
        assert "grade" not in html.lower()


def test_full_page_and_fragment(client, content):
    data = {"symptoms": ["confusion", "headache"], "worse": "no"}
    page = post(client, data)
    fragment = post(client, data, htmx=True)
    assert "<h1>" in page.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "<h1>" not in fragment.content.decode()
    assert "Call 911 now" in fragment.content.decode()
    # The full page keeps the reader's ticks so they can change them.
    assert 'value="confusion" checked' in page.content.decode()
    assert 'value="headache" checked' in page.content.decode()
    assert 'id="worse-no" name="worse" value="no" checked' in page.content.decode()
    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies
        assert "Set-Cookie" not in response.headers


def test_emergency_number_comes_from_the_settings(client, content):
    SiteSettings.objects.filter(pk=1).update(emergency_number="112", care_team_wording="the CAR-T team")
    publish_draft()
    html = post(client, {"symptoms": ["confusion"]}).content.decode()
    assert "Call 112 now" in html
    assert 'href="tel:112"' in html
    html = post(client, {"symptoms": ["dizziness"]}).content.decode()
    assert "Call the CAR-T team now" in html


def test_symptom_levels_are_editor_data(client, content):
    Symptom.objects.filter(slug="headache").update(urgency=Urgency.EMERGENCY)
    publish_draft()
    assert "Immediate action required" in post(client, {"symptoms": ["headache"]}).content.decode()


# --- bad input ---------------------------------------------------------------


def test_nothing_ticked_gets_an_error_summary_linked_to_the_field(client, content):
    response = post(client, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert 'role="alert"' in html
    # The link goes to the first box on the page (the signs of an emergency come first).
    first = re.search(r'id="([^"]+)" name="symptoms"', html)[1]
    assert Symptom.objects.get(slug=first.removeprefix("symptom-")).urgency == Urgency.EMERGENCY
    assert f'<a href="#{first}">Tick the symptoms you have, or tick “None of these”</a>' in html
    assert 'id="symptoms-error"' in html
    assert "care-card" not in html.split('id="advice"')[1]


def test_nothing_ticked_with_htmx_shows_the_message_in_the_answer_region(client, content):
    html = post(client, {}, htmx=True).content.decode()
    assert "Tick the symptoms you have" in html
    assert "care-card" not in html


def test_none_of_these_with_a_symptom_is_an_error_but_the_symptom_still_gets_advice(client, content):
    html = post(client, {"none": "on", "symptoms": ["confusion"]}).content.decode()
    assert 'href="#none">You ticked “None of these” and a symptom' in html
    assert "Immediate action required: </span>Call 911 now" in html


NOT_A_NUMBER = "Enter your temperature as a number, like 101.3"
NOT_A_BODY_TEMPERATURE = "That is not a body temperature. Enter a number between 86 and 113 °F, or 30 and 45 °C"


@pytest.mark.parametrize(
    ("temperature", "unit", "message"),
    [
        ("hot", "F", NOT_A_NUMBER),
        ("NaN", "F", NOT_A_NUMBER),
        ("Infinity", "C", NOT_A_NUMBER),
        ("38.5.1", "C", NOT_A_NUMBER),
        ("123456789012", "C", NOT_A_NUMBER),
        ("1e400", "C", NOT_A_BODY_TEMPERATURE),
        ("29.9", "C", NOT_A_BODY_TEMPERATURE),
        ("45.1", "C", NOT_A_BODY_TEMPERATURE),
        ("120", "F", NOT_A_BODY_TEMPERATURE),
        ("250", "F", NOT_A_BODY_TEMPERATURE),
        ("-38", "C", NOT_A_BODY_TEMPERATURE),
    ],
)
def test_an_unreadable_temperature_never_sits_beside_a_non_urgent_card(client, content, temperature, unit, message):
    """The unreadable temperature might have been a fever: the error shows instead of a calm answer."""
    data = {**LATER, "symptoms": ["headache"], "temperature": temperature, "unit": unit}
    for htmx in (False, True):
        html = post(client, data, htmx=htmx).content.decode()
        assert message in html
        assert "care-card" not in html.split('id="advice"')[-1]
        assert "Non-urgent advice" not in html


@pytest.mark.parametrize("temperature", ["hot", "250"])
def test_an_unreadable_temperature_still_shows_urgent_and_immediate_answers(client, content, temperature):
    """A temperature can only raise the level: an urgent answer stands beside the error."""
    html = post(client, {**CALM, "symptoms": ["dizziness"], "temperature": temperature}).content.decode()
    assert '<a href="#temperature">' in html
    assert "Urgent advice: </span>Call your care team" in html
    assert "You ticked: dizziness." in html
    html = post(client, {**CALM, "symptoms": ["confusion"], "temperature": temperature}, htmx=True).content.decode()
    assert "There is a problem" in html
    assert "Immediate action required: </span>Call 911 now" in html


@pytest.mark.parametrize(
    ("temperature", "unit", "note"),
    [
        ("102", "C", "We read 102 as 102.0 °F (38.9 °C), because 102 °C is not a body temperature."),
        ("38.5", "F", "We read 38.5 as 38.5 °C (101.3 °F), because 38.5 °F is not a body temperature."),
        ("101,3", "C", "We read 101.3 as 101.3 °F (38.5 °C)"),
    ],
)
def test_a_number_that_only_fits_the_other_unit_is_read_in_it_with_a_note(client, content, temperature, unit, note):
    for htmx in (False, True):
        html = post(client, {**CALM, "symptoms": ["headache"], "temperature": temperature, "unit": unit}, htmx=htmx)
        html = html.content.decode()
        assert note in html
        assert "Urgent advice: </span>" in html
        assert "There is a problem" not in html


def test_a_unit_typed_with_the_number_wins_over_the_buttons(client, content):
    html = post(client, {**CALM, "none": "on", "temperature": "38,2 °C", "unit": "F"}).content.decode()
    assert "a temperature of 100.8 °F (38.2 °C) in the first 4 weeks" in html
    assert "We read" not in html


@pytest.mark.parametrize(("unit", "first", "example"), [("F", "F", "101.3"), ("C", "C", "38.5")])
def test_the_unit_shown_first_and_chosen_follows_the_site_setting(client, content, unit, first, example):
    SiteSettings.objects.filter(pk=1).update(temperature_unit=unit)
    publish_draft()
    html = client.get(URL).content.decode()
    other = "C" if first == "F" else "F"
    assert html.index('id="unit-' + first + '"') < html.index('id="unit-' + other + '"')
    assert f'id="unit-{first}" name="unit" value="{first}" checked' in html
    assert f'id="unit-{other}" name="unit" value="{other}" checked' not in html
    assert f"for example {example}." in html
    # A number without a unit choice is read in the site's unit.
    answer = post(client, {**CALM, "none": "on", "temperature": example}).content.decode()
    assert "Urgent advice: </span>" in answer
    assert "We read" not in answer


def test_pages_write_temperatures_in_the_site_unit_first(client, content):
    for path in ("/when-to-get-help/", "/symptoms/", "/print/handout/", "/print/wallet-card/"):
        html = client.get(path).content.decode()
        assert "100.4 °F (38.0 °C)" in html, path
        assert "38.0 °C (100.4 °F)" not in html, path
    SiteSettings.objects.filter(pk=1).update(temperature_unit="C")
    publish_draft()
    for path in ("/when-to-get-help/", "/symptoms/", "/print/handout/", "/print/wallet-card/"):
        html = client.get(path).content.decode()
        assert "38.0 °C (100.4 °F)" in html, path
        assert "100.4 °F (38.0 °C)" not in html, path


def test_the_advice_sentences_are_short(client, content):
    """Plain language: every sentence of the checklist's own advice is under 25 words."""
    import html as html_module
    import re

    answers = [
        {"symptoms": ["confusion"]},
        {"symptoms": ["fever"]},
        {**CALM, "symptoms": ["fever"], "treatment": "no"},
        {**CALM, "symptoms": ["headache"], "temperature": "102", "unit": "C"},
        {**CALM, "symptoms": ["headache"]},
        {**LATER, "symptoms": ["headache"]},
        {"none": "on"},
    ]
    for data in answers:
        fragment = post(client, data, htmx=True).content.decode()
        for item in re.findall(r"<(?:li|p)[^>]*>(.*?)</(?:li|p)>", fragment, re.S):
            text = html_module.unescape(re.sub(r"<[^>]+>", " ", item))
            text = re.sub(r"\s+", " ", text).strip()
            if text.startswith("You ticked:"):
                continue  # the reader's own list of ticks
            for sentence in re.split(r"(?<=[.!?:])\s+", text):
                assert len(sentence.split()) < 25, sentence


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("symptoms=no-such-symptom", "A symptom is not on our list."),
        ("symptoms=%3Cscript%3E", "A symptom was not in the right form."),
        ("symptoms=" + "a" * 61, "A symptom was not in the right form."),
        ("symptoms=confusion&symptoms=confusion", "A symptom was sent more than once."),
        ("symptoms=confusion&worse=yes&worse=no", "The field “worse” was sent more than once."),
        ("none=on&temperature=38&temperature=39", "The field “temperature” was sent more than once."),
        ("symptoms=confusion&treatment=yes", "The answer to “treatment” is not one of the choices."),
        ("symptoms=confusion&unit=K", "The answer to “unit” is not one of the choices."),
        ("symptoms=confusion&medicine=maybe", "The answer to “medicine” is not one of the choices."),
        ("none=yes", "The answer to “none” is not one of the choices."),
        ("symptoms=confusion&debug=1", "The form sent a field it does not have."),
    ],
)
def test_requests_our_form_never_sends_get_400(client, content, body, message):
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Traceback" not in html
    assert not response.cookies


def test_a_huge_body_gets_400(client, content):
    response = client.post(
        URL, "symptoms=confusion&x=" + "a" * 20_000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "too much data" in response.content.decode()


def test_too_many_fields_gets_400_not_500(client, content):
    body = "&".join(f"f{i}=1" for i in range(1500))
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_method_gets_405_with_a_plain_message(client, content, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert b"Method not allowed" in response.content
    assert "POST" in response["Allow"]


# --- privacy -------------------------------------------------------------------


def test_answers_are_not_stored_or_logged(client, content, caplog, django_assert_num_queries):
    caplog.set_level(logging.DEBUG)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        post(client, {"symptoms": ["confusion"], "temperature": "39.4", "treatment": "recent"})
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert "39.4" not in caplog.text
    assert "confusion" not in caplog.text


def test_the_form_posts_and_marks_its_parameters_sensitive(client, content):
    from crsinfo.checklist.views import checklist

    html = client.get(URL).content.decode()
    assert 'method="post"' in html
    response = post(client, {"symptoms": ["confusion"]})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    assert checklist.csrf_exempt is True


def test_checklist_is_linked_from_home_and_every_health_page(client, content):
    from crsinfo.models import Article

    for path in ["/", *[a.get_absolute_url() for a in Article.objects.published()]]:
        assert f'href="{URL}"' in client.get(path).content.decode(), path
