"""Readers' pages kept finished per release (crsinfo/publishing/page_cache.py): the same bytes and headers as a
fresh render, exact invalidation by publication, never a staff preview, never a cookie."""

import gzip

import pytest
from django.test import Client
from django.urls import reverse

from crsinfo.models import Symptom
from crsinfo.publishing import page_cache as pagecache
from tests.conftest import publish_draft


def fresh(path: str, **headers):
    pagecache.clear()
    return Client().get(path, **headers)


@pytest.mark.parametrize("path", ["/", "/symptoms/", "/check/", "/glossary/", "/print/handout/"])
def test_a_kept_page_is_the_page(content, path, django_assert_num_queries):
    first = fresh(path)
    with django_assert_num_queries(0):
        again = Client().get(path)
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    for header in ("Content-Type", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options", "ETag"):
        assert again[header] == first[header], header
    assert "Set-Cookie" not in again and not again.cookies


def test_gzip_head_and_revalidation(content):
    plain = fresh("/symptoms/").content
    zipped = Client().get("/symptoms/", headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain
    assert "Accept-Encoding" in zipped["Vary"]
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain)
    identity = Client().get("/symptoms/")
    assert identity.content == plain and "Content-Encoding" not in identity
    assert identity["ETag"] != zipped["ETag"]

    head = Client().head("/symptoms/")
    assert head.status_code == 200 and head.content == b""
    not_modified = Client().get("/symptoms/", headers={"If-None-Match": identity["ETag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert Client().get("/symptoms/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_publication_changes_every_kept_page_at_once(content):
    Client().get("/symptoms/")
    Client().get("/check/")
    Symptom.objects.filter(slug="headache").update(name="Head pain")
    assert "Head pain" not in Client().get("/symptoms/").content.decode()  # a draft
    publish_draft()
    assert "Head pain" in Client().get("/symptoms/").content.decode()
    assert "Head pain" in Client().get("/check/").content.decode()


def test_a_staff_preview_is_never_kept_or_served_to_readers(editor_client, content):
    Symptom.objects.filter(slug="headache").update(name="Head pain")
    editor_client.post(reverse("admin:preview"), {"preview": "on"})
    assert "Head pain" in editor_client.get("/symptoms/").content.decode()
    assert "Head pain" not in Client().get("/symptoms/").content.decode()
    # And a reader's kept page is not what staff previewing see.
    assert "Head pain" in editor_client.get("/symptoms/").content.decode()


def test_queries_and_stale_cookies_are_not_kept(content):
    pagecache.clear()
    Client().get("/search/?q=fever")
    Client(headers={"Cookie": "sessionid=stale; csrftoken=x"}).get("/symptoms/")
    assert not pagecache._Store.pages
    response = Client(headers={"Cookie": "sessionid=stale"}).get("/symptoms/")
    assert response.status_code == 200 and "Set-Cookie" not in response


def test_only_good_pages_are_kept_and_the_store_is_bounded(content, monkeypatch):
    pagecache.clear()
    monkeypatch.setattr(pagecache, "MAX_PAGES", 2)
    assert Client().get("/no-such-page/").status_code == 404
    assert Client().head("/glossary/").status_code == 200
    assert not pagecache._Store.pages  # neither a 404 nor a HEAD (no body) is kept
    for path in ("/", "/symptoms/", "/check/"):
        Client().get(path)
    assert [key[4] for key in pagecache._Store.pages] == ["/symptoms/", "/check/"]


def test_a_page_readers_keep_asking_for_is_never_the_one_dropped(content, monkeypatch):
    """The store is bounded; when it is full, the page served least recently goes, never the one
    readers keep asking for (the home page must not be rendered again because many others came
    after it)."""
    pagecache.clear()
    monkeypatch.setattr(pagecache, "MAX_PAGES", 3)
    client = Client()
    for path in ("/", "/symptoms/", "/check/", "/glossary/", "/es/", "/es/symptoms/"):
        client.get("/")
        client.get(path)
    kept = [key[4] for key in pagecache._Store.pages]
    assert "/" in kept
    assert kept[-2:] == ["/", "/es/symptoms/"]


def test_redis_is_the_shared_cache_when_redis_url_is_set():
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "crsinfo.settings", "DJANGO_SECRET_KEY": "x" * 50}
    for redis_url, backend in (
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("", "django.core.cache.backends.filebased.FileBasedCache"),
    ):
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env={**env, "REDIS_URL": redis_url},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == backend


def test_staff_always_ask_again_so_they_see_a_publication_at_once(editor_client, content):
    reader = Client().get("/symptoms/")
    assert reader["Cache-Control"] == "public, max-age=60"
    for path in ("/symptoms/", "/check/", "/print/handout/"):
        staff = editor_client.get(path)
        assert "private" in staff["Cache-Control"] and "no-cache" in staff["Cache-Control"], path
        assert "public" not in staff["Cache-Control"]


def test_a_kept_page_is_not_kept_past_its_day(content, monkeypatch):
    """Printouts say the day they were printed: tomorrow's page is rendered tomorrow."""
    import datetime

    from django.utils import timezone

    fresh("/print/handout/")
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda: today + datetime.timedelta(days=1))
    Client().get("/print/handout/")
    days = [key[1] for key in pagecache._Store.pages if key[4] == "/print/handout/"]
    assert days == [today, today + datetime.timedelta(days=1)]  # rendered afresh on the new day
