"""The search page's kept frame (crsinfo/pages/search_page.py): a reader's results page, busy page
and empty page are byte for byte what rendering all of ``search.html`` gives, in both languages;
the frame holds nothing a reader sent, follows each release, and is never used for staff."""

import threading

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crsinfo.models import Article
from crsinfo.pages import search_page, views
from crsinfo.publishing.current import current_site

from ..conftest import publish_draft

WORDS = ["fever", "breathing", "steroids", "fiebre", "respirar", "<b>", "“quoted”", "&amp;", "zzz", "a"]
queries = st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map(" ".join)


def whole_page(client, monkeypatch, path, query):
    """The page as rendering all of search.html gives it (no frame kept or used)."""
    with monkeypatch.context() as patched:
        patched.setattr(search_page, "_frame", lambda *args: None)
        return client.get(path, {"q": query})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries, prefix=st.sampled_from(["", "/es"]))
def test_a_search_page_is_exactly_the_whole_template(client, content, monkeypatch, query, prefix):
    path = f"{prefix}/search/"
    framed = client.get(path, {"q": query})
    whole = whole_page(client, monkeypatch, path, query)
    assert framed.status_code == whole.status_code == 200
    assert framed.content.decode() == whole.content.decode()
    assert search_page.TITLE not in framed.content.decode()


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_busy_page_is_exactly_the_whole_template(client, content, monkeypatch, prefix):
    with monkeypatch.context() as patched:
        patched.setattr(views, "_searching", threading.BoundedSemaphore(1))
        views._searching.acquire()
        framed = client.get(f"{prefix}/search/", {"q": "fever"})
        whole = whole_page(client, monkeypatch, f"{prefix}/search/", "fever")
    assert framed.status_code == whole.status_code == 429
    assert framed.content.decode() == whole.content.decode()
    assert framed["Retry-After"] == "2"


def test_the_frame_holds_nothing_a_reader_sent(client, content):
    client.get("/search/", {"q": "secretword fever"})
    client.get("/es/search/", {"q": "palabrasecreta fiebre"})
    frames = list(search_page._Kept.frames.values())
    assert len(frames) == 2
    for frame in frames:
        text = "".join(part for part, _slot in frame)
        assert "secretword" not in text
        assert "palabrasecreta" not in text


def test_the_frame_follows_each_release(client, content):
    client.get("/search/", {"q": "fever"})
    article = Article.objects.get(slug="symptoms")
    article.nav_title = "Signs zanzibar"
    article.save()
    publish_draft()
    page = client.get("/search/", {"q": "fever"}).content.decode()
    assert "Signs zanzibar" in page  # the menu of the new release


def test_staff_get_the_whole_page_and_keep_nothing(client, content):
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = client.get("/search/", {"q": "fever"})
    assert response.status_code == 200
    assert search_page._Kept.frames == {}


# Readers searching in both languages at once, through real gunicorn threads: tests/publishing/
# test_one_truth.py (every search page equals the one the same request gets alone).


def test_readers_in_both_languages_at_once_get_their_own_pages(client, content, monkeypatch):
    """Threads searching in English and Spanish at once, each making and using the frames: every
    page is the whole template's. (The results are worked out first: the threads' own database
    connections cannot see this test's uncommitted index.)"""
    cases = [("", "fever"), ("", "breathing"), ("/es", "fiebre"), ("/es", "respirar"), ("/es", "zzz")]
    expected = {key: whole_page(client, monkeypatch, f"{key[0]}/search/", key[1]).content for key in cases}
    results = {}
    real_search = views.search
    for prefix, q in cases:
        client.get(f"{prefix}/search/", {"q": q})  # builds the index in this thread
        results[q] = real_search(q, current_site(), "es" if prefix else "en")
    monkeypatch.setattr(views, "search", lambda q, site, language: results[q])
    monkeypatch.setattr(views, "_searching", threading.BoundedSemaphore(16))
    search_page.forget()
    failures = []

    def reader(prefix, q):
        from django.test import Client

        reader_client = Client()
        try:
            for _ in range(10):
                response = reader_client.get(f"{prefix}/search/", {"q": q})
                if response.content != expected[prefix, q]:
                    failures.append((prefix, q, response.status_code))
        except Exception as error:
            failures.append((prefix, q, repr(error)))

    threads = [threading.Thread(target=reader, args=key) for key in cases for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(search_page._Kept.frames) == 2  # one frame per language, shared by every reader
