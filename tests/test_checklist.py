"""The checklist view: full page and htmx fragment, bad input, privacy."""

import logging

import pytest
from django.urls import reverse

from crsinfo.models import SiteSettings, Symptom, Urgency

URL = reverse("checklist")
HX = {"HX-Request": "true"}


def post(client, data, htmx=False, **extra):
    return client.post(URL, data, headers=HX if htmx else {}, **extra)


def test_get_shows_every_symptom_grouped_with_questions(client, content):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for symptom in Symptom.objects.all():
        assert f'value="{symptom.slug}"' in html
    for text in (
        "Heart and blood vessels",
        "None of these",
        "Has anything suddenly got worse?",
        "More than 3 days",
        "in the last 4 weeks?",
        "What is your highest temperature?",
    ):
        assert text in html
    assert 'role="status"' in html
    assert response["Vary"].count("HX-Request") == 1
    assert not response.cookies


def test_immunotherapy_window_is_a_site_setting(client, content):
    SiteSettings.objects.filter(pk=1).update(immunotherapy_window_days=10)
    assert "in the last 10 days?" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("data", "label", "reason"),
    [
        ({"symptoms": ["confusion"]}, "Immediate action required", "You ticked: confusion."),
        ({"symptoms": ["difficulty-breathing"]}, "Immediate action required", "difficulty breathing"),
        ({"symptoms": ["seizures"]}, "Immediate action required", "seizures"),
        ({"symptoms": ["fast-heartbeat"]}, "Immediate action required", "fast heartbeat"),
        ({"symptoms": ["reduced-heart-function"]}, "Immediate action required", "heart"),
        ({"symptoms": ["fever"], "immunotherapy": "yes"}, "Urgent advice", "a fever after recent immunotherapy"),
        ({"none": "on", "immunotherapy": "yes", "temperature": "38.0"}, "Urgent advice", "38.0 °C"),
        ({"none": "on", "immunotherapy": "yes", "temperature": "100.4", "unit": "F"}, "Urgent advice", "100.4 °F"),
        ({"symptoms": ["headache"], "worse": "yes"}, "Urgent advice", "suddenly got worse"),
        ({"symptoms": ["headache"], "duration": "over-3-days"}, "Urgent advice", "more than 3 days"),
        ({"symptoms": ["headache"], "duration": "1-3-days", "worse": "no"}, "Non-urgent advice", "headache"),
        ({"symptoms": ["fever"], "immunotherapy": "no"}, "Non-urgent advice", "fever"),
        ({"none": "on"}, "Non-urgent advice", "none of the symptoms"),
    ],
)
def test_the_seed_rules_on_the_shipped_content(client, content, data, label, reason):
    for htmx in (False, True):
        response = post(client, data, htmx=htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<span class="visually-hidden">{label}: </span>' in html
        assert reason in html
        assert "grade" not in html.lower()


def test_full_page_and_fragment(client, content):
    data = {"symptoms": ["confusion", "headache"]}
    page = post(client, data)
    fragment = post(client, data, htmx=True)
    assert "<h1>" in page.content.decode()
    assert "<html" not in fragment.content.decode()
    assert "<h1>" not in fragment.content.decode()
    assert "Call 911 now" in fragment.content.decode()
    # The full page keeps the reader's ticks so they can change them.
    assert 'value="confusion" checked' in page.content.decode()
    assert 'value="headache" checked' in page.content.decode()
    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies
        assert "Set-Cookie" not in response.headers


def test_emergency_number_comes_from_the_settings(client, content):
    SiteSettings.objects.filter(pk=1).update(emergency_number="112", care_team_wording="the CAR-T team")
    html = post(client, {"symptoms": ["confusion"]}).content.decode()
    assert "Call 112 now" in html
    assert 'href="tel:112"' in html
    html = post(client, {"symptoms": ["dizziness"]}).content.decode()
    assert "Call the CAR-T team now" in html


def test_symptom_levels_are_editor_data(client, content):
    Symptom.objects.filter(slug="headache").update(urgency=Urgency.EMERGENCY)
    assert "Immediate action required" in post(client, {"symptoms": ["headache"]}).content.decode()


# --- bad input ---------------------------------------------------------------


def test_nothing_ticked_gets_an_error_summary_linked_to_the_field(client, content):
    response = post(client, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert 'role="alert"' in html
    first = Symptom.objects.first().slug
    assert f'<a href="#symptom-{first}">Tick the symptoms you have, or tick “None of these”</a>' in html
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


@pytest.mark.parametrize(
    ("temperature", "unit", "message"),
    [
        ("hot", "C", "Enter your temperature as a number, like 38.5"),
        ("NaN", "C", "Enter your temperature as a number, like 38.5"),
        ("Infinity", "C", "Enter your temperature as a number, like 38.5"),
        ("1e400", "C", "Enter a temperature between 30 and 45 °C"),
        ("38.5.1", "C", "Enter your temperature as a number, like 38.5"),
        ("123456789012", "C", "Enter your temperature as a number, like 38.5"),
        ("29.9", "C", "Enter a temperature between 30 and 45 °C"),
        ("45.1", "C", "Enter a temperature between 30 and 45 °C"),
        ("38.5", "F", "Enter a temperature between 86 and 113 °F"),
        ("120", "F", "Enter a temperature between 86 and 113 °F"),
    ],
)
def test_bad_temperature_gets_a_message_and_the_rest_of_the_answer_stands(client, content, temperature, unit, message):
    data = {"symptoms": ["dizziness"], "temperature": temperature, "unit": unit, "immunotherapy": "yes"}
    response = post(client, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#temperature">{message}</a>' in html
    assert "Urgent advice: </span>Call your care team" in html
    assert "You ticked: dizziness." in html


def test_temperature_accepts_a_comma_and_a_unit_sign(client, content):
    html = post(client, {"none": "on", "temperature": "38,2 °C", "immunotherapy": "yes"}).content.decode()
    assert "38.2 °C after recent immunotherapy" in html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("symptoms=no-such-symptom", "A symptom is not on our list."),
        ("symptoms=%3Cscript%3E", "A symptom was not in the right form."),
        ("symptoms=" + "a" * 61, "A symptom was not in the right form."),
        ("symptoms=confusion&symptoms=confusion", "A symptom was sent more than once."),
        ("symptoms=confusion&worse=yes&worse=no", "The field “worse” was sent more than once."),
        ("none=on&temperature=38&temperature=39", "The field “temperature” was sent more than once."),
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
        post(client, {"symptoms": ["confusion"], "temperature": "39.4", "immunotherapy": "yes"})
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert "39.4" not in caplog.text
    assert "confusion" not in caplog.text


def test_the_form_posts_and_marks_its_parameters_sensitive(client, content):
    from crsinfo.views import checklist

    html = client.get(URL).content.decode()
    assert 'method="post"' in html
    response = post(client, {"symptoms": ["confusion"]})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    assert checklist.csrf_exempt is True


def test_checklist_is_linked_from_home_and_every_health_page(client, content):
    from crsinfo.models import Article

    for path in ["/", *[a.get_absolute_url() for a in Article.objects.published()]]:
        assert f'href="{URL}"' in client.get(path).content.decode(), path
