"""Readers' htmx checklist answers answered near the top of the stack (crsinfo/checklist/quick.py):
the same body and headers as the whole stack gives, in both languages; anything unusual still
goes down the whole stack."""

import pytest
from django.test import Client, override_settings

from crsinfo.checklist import views

from ..conftest import publish_draft

ANSWER = {"symptoms": ["headache"], "treatment": "recent", "temperature": "101.3"}
HTMX = {"HX-Request": "true"}
PER_RESPONSE = {"Date", "Content-Length"}


@pytest.fixture
def published(content):
    publish_draft()


@pytest.fixture
def view_calls(monkeypatch):
    """How many answers went down the whole stack to the view."""
    calls = []
    real = views.answer_checklist

    def counted(*args, **kwargs):
        calls.append(args[0].path)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "answer_checklist", counted)
    return calls


def _headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in PER_RESPONSE}


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_a_quick_answer_is_the_whole_stacks_answer(client, published, view_calls, prefix):
    first = client.post(f"{prefix}/check/", ANSWER, headers=HTMX)
    second = client.post(f"{prefix}/check/", ANSWER, headers=HTMX)
    assert view_calls == [f"{prefix}/check/"]  # the second never reached the view
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert _headers(second) == _headers(first)
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert name in second, name
    assert "no-store" in second["Cache-Control"]
    assert second["Content-Language"] == ("es" if prefix else "en")
    assert not second.cookies
    assert int(second["Content-Length"]) == len(second.content)


def test_each_language_keeps_its_own_headers_and_words(client, published, view_calls):
    client.post("/check/", ANSWER, headers=HTMX)
    client.post("/es/check/", ANSWER, headers=HTMX)
    english = client.post("/check/", ANSWER, headers=HTMX)
    spanish = client.post("/es/check/", ANSWER, headers=HTMX)
    assert len(view_calls) == 2
    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"
    assert "Urgent advice" in english.content.decode()
    assert "Urgent advice" not in spanish.content.decode()


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"symptoms": ["not-a-symptom"]}, 400, "not on our list"),  # refused by the view, with its message
        ({"symptoms": ["headache"], "none": "on"}, 200, "There is a problem"),  # a problem to show
        ({}, 200, "There is a problem"),
        ({"symptoms": ["headache"], "temperature": "hot"}, 200, "as a number"),
    ],
)
def test_anything_unusual_goes_down_the_whole_stack(client, published, view_calls, body, status, words):
    client.post("/check/", ANSWER, headers=HTMX)  # the headers are kept
    response = client.post("/check/", body, headers=HTMX)
    assert len(view_calls) == 2
    assert response.status_code == status
    assert words in response.content.decode()


def test_pages_and_staff_are_never_answered_quickly(client, published, view_calls, editor_client):
    client.post("/check/", ANSWER, headers=HTMX)
    page = client.post("/check/", ANSWER)  # without JavaScript: the whole page
    assert "<html" in page.content.decode()
    editor_client.post("/check/", ANSWER, headers=HTMX)  # staff (a session): maybe a preview
    assert len(view_calls) == 3


def test_an_unknown_host_is_refused_every_time(published, view_calls):
    client = Client()
    for _ in range(2):
        response = client.post("/check/", ANSWER, headers=HTMX, HTTP_HOST="evil.example")
        assert response.status_code == 400
    assert Client().post("/check/", ANSWER, headers=HTMX).status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600)
def test_plain_http_is_redirected_every_time_when_https_is_required(published, view_calls):
    client = Client()
    for _ in range(2):
        assert client.post("/check/", ANSWER, headers=HTMX).status_code == 301
    secure = client.post("/check/", ANSWER, headers=HTMX, secure=True)
    again = client.post("/check/", ANSWER, headers=HTMX, secure=True)
    assert secure.status_code == again.status_code == 200
    assert len(view_calls) == 1
    assert "Strict-Transport-Security" in again
