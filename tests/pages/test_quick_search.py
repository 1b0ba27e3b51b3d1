"""Readers' searches answered near the top of the stack (crsinfo/pages/quick.py): the same body
and headers as the whole stack gives, in both languages; never kept by a browser or a shared
cache; anything unusual still goes down the whole stack."""

import threading

import pytest
from django.test import Client, override_settings

from crsinfo.pages import views

from ..conftest import publish_draft

PER_RESPONSE = {"Date", "Content-Length"}


@pytest.fixture
def published(content):
    publish_draft()


@pytest.fixture
def quick_answers(monkeypatch):
    """The searches answered near the top of the stack (the others went down the whole stack)."""
    answered = []
    real = views.quick_search

    def counted(request):
        answer = real(request)
        if answer is not None:
            answered.append(request.path)
        return answer

    monkeypatch.setattr("crsinfo.pages.quick.quick_search", counted)
    return answered


def _headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in PER_RESPONSE}


@pytest.mark.parametrize(("prefix", "query"), [("", "fever"), ("/es", "fiebre")])
def test_a_quick_search_is_the_whole_stacks_page(client, published, quick_answers, prefix, query):
    first = client.get(f"{prefix}/search/", {"q": query})
    second = client.get(f"{prefix}/search/", {"q": query})
    assert quick_answers == [f"{prefix}/search/"]  # the second only: the first kept the headers
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert _headers(second) == _headers(first)
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert name in second, name
    assert second["Content-Language"] == ("es" if prefix else "en")
    assert not second.cookies
    assert int(second["Content-Length"]) == len(second.content)


@pytest.mark.parametrize("quick", [False, True])
def test_what_a_reader_searched_for_is_never_kept_by_a_cache(client, published, quick):
    if quick:
        client.get("/search/", {"q": "headache"})
    response = client.get("/search/", {"q": "fever"})
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response


def test_the_search_page_without_a_query_may_be_kept(client, published):
    response = client.get("/search/")
    assert "public" in response["Cache-Control"]


def test_each_language_keeps_its_own_headers_and_words(client, published, quick_answers):
    for _ in range(2):
        english = client.get("/search/", {"q": "fever"})
        spanish = client.get("/es/search/", {"q": "fiebre"})
    assert quick_answers == ["/search/", "/es/search/"]
    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"
    assert "Search results" in english.content.decode()
    assert "Search results" not in spanish.content.decode()


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "\x00"}])
def test_no_query_goes_down_the_whole_stack(client, published, quick_answers, params):
    client.get("/search/", {"q": "fever"})  # the headers are kept
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert quick_answers == []


def test_a_busy_search_goes_down_the_whole_stack_and_gets_429(client, published, quick_answers, monkeypatch):
    client.get("/search/", {"q": "fever"})
    monkeypatch.setattr(views, "_searching", threading.BoundedSemaphore(1))
    views._searching.acquire()
    response = client.get("/search/", {"q": "fever"})
    assert response.status_code == 429
    assert response["Retry-After"] == "2"
    assert quick_answers == []


def test_staff_and_head_are_never_answered_quickly(client, published, quick_answers, editor_client):
    client.get("/search/", {"q": "fever"})
    editor_client.get("/search/", {"q": "fever"})
    client.head("/search/", {"q": "fever"})
    assert quick_answers == []


def test_an_unknown_host_is_refused_every_time(published):
    client = Client()
    for _ in range(2):
        assert client.get("/search/", {"q": "fever"}, HTTP_HOST="evil.example").status_code == 400
    assert Client().get("/search/", {"q": "fever"}).status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600)
def test_plain_http_is_redirected_every_time_when_https_is_required(published, quick_answers):
    client = Client()
    for _ in range(2):
        assert client.get("/search/", {"q": "fever"}).status_code == 301
    secure = client.get("/search/", {"q": "fever"}, secure=True)
    again = client.get("/search/", {"q": "fever"}, secure=True)
    assert secure.status_code == again.status_code == 200
    assert quick_answers == ["/search/"]
    assert "Strict-Transport-Security" in again
