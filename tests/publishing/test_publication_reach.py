"""A publication is served everywhere, or reported as not served: the database is the truth, the
shared cache only spares it (crsinfo/publishing/current.py)."""

import datetime
import time

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from crsinfo.models import Release, Symptom
from crsinfo.publishing import current
from tests.conftest import publish_draft


class CacheThatCannotBeWritten:
    """A shared cache that answers reads but loses writes (Redis paused, a full or read-only disk)."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, *args, **kwargs):
        return self.cache.get(*args, **kwargs)

    def set(self, *args, **kwargs):
        raise OSError("No space left on device")


def publish_while_the_cache_cannot_be_written(monkeypatch):
    cache = caches["default"]
    monkeypatch.setattr(current, "caches", {"default": CacheThatCannotBeWritten(cache)})
    Symptom.objects.filter(slug="headache").update(name_en="Headache (new)")
    release = publish_draft()
    monkeypatch.setattr(current, "caches", {"default": cache})
    return release


def a_new_process():
    current.forget()


def half_a_second_later():
    current._Memory.checked_at = -1e9


def test_a_shared_pointer_older_than_what_a_process_has_seen_is_not_believed(content, monkeypatch):
    old = publish_draft()
    new = publish_while_the_cache_cannot_be_written(monkeypatch)
    assert current.shared_pointer_number() == old.pk, "the cache missed the publication"
    assert current.current_pointer()["number"] == new.pk
    half_a_second_later()
    assert current.current_pointer()["number"] == new.pk, "never back to the release before"
    assert current.shared_pointer_number() == new.pk, "and the cache is told again"


def test_a_publication_the_cache_missed_reaches_every_process_when_the_shared_pointer_expires(content, monkeypatch):
    monkeypatch.setattr(current, "POINTER_CACHE_SECONDS", 1)
    old = publish_draft()
    new = publish_while_the_cache_cannot_be_written(monkeypatch)
    a_new_process()
    assert current.current_pointer()["number"] == old.pk  # what the cache says, for now
    time.sleep(1.1)
    half_a_second_later()
    assert current.current_pointer()["number"] == new.pk
    assert "Headache (new)" in [s.name for s in current.current_site().symptoms]


def test_admin_says_published_only_when_every_app_server_is_told(content, make_user, monkeypatch):
    from django.contrib.messages import get_messages

    reviewer = make_user("rita", "Clinical reviewers")
    publish_draft()
    Symptom.objects.filter(slug="headache").update(name_en="Headache (new)")
    page = reviewer.get(reverse("admin:review"))
    digest, state = page.context["draft_digest"], page.context["release_state"]
    cache = caches["default"]
    monkeypatch.setattr(current, "caches", {"default": CacheThatCannotBeWritten(cache)})
    response = reviewer.post(
        reverse("admin:review-publish"), {"draft_digest": digest, "release_state": state, "note": "Headache renamed"}
    )
    monkeypatch.setattr(current, "caches", {"default": cache})
    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert not any(m.startswith("Published: readers now see") for m in said), said
    assert any("the shared cache could not be told" in m for m in said), said


@pytest.mark.parametrize("seconds_since_publication", [60, 1])
def test_readyz_is_not_ready_while_serving_an_older_release_than_the_database(
    client, content, seconds_since_publication
):
    old = publish_draft()
    Symptom.objects.filter(slug="headache").update(name_en="Headache (new)")
    from crsinfo.publishing import publish

    new = publish.publish(note="behind")  # this process is not told
    Release.objects.filter(pk=new.pk).update(
        go_live_at=timezone.now() - datetime.timedelta(seconds=seconds_since_publication)
    )
    current._Memory.pointer = {**current._Memory.pointer, "number": old.pk}
    current._Memory.checked_at = time.monotonic() + 3600  # and believes its memory
    response = client.get("/readyz")
    text = response.content.decode()
    if seconds_since_publication == 60:
        assert response.status_code == 503, text
        assert f"behind: the database's current release is {new.pk}" in text
    else:
        assert response.status_code == 200, "a publication on its way is not a fault"
