"""The one door to published content: which release a request shows, found without the database
on the hot path.

- The truth is the database (the newest live ``Release``). A small *pointer* to it (number,
  digest, next scheduled change) is shared through the cache (Redis with REDIS_URL, otherwise
  files under var/cache that every worker reads) only to spare the database: it expires after
  ``POINTER_CACHE_SECONDS``, and a pointer older than one this process has seen is never believed,
  so a cache that missed a publication (paused, restarted from an old snapshot, a full or
  read-only disk) delays it by seconds at most, never undoes it. Release numbers only grow:
  bringing an old release back publishes it again as a new one.
- Each process looks at the pointer at most every ``POINTER_CHECK_SECONDS`` and keeps the
  ``PublishedSite`` of the release in memory, and the release's snapshot on disk.
- When the database cannot be reached, the pointer and the snapshot come from memory or disk:
  every public page and the checklist keep working, through the ordinary views. The error pages
  read the emergency number from the same copy (``last_known_settings``).
- A publication rewrites the pointer when its transaction commits (crsinfo/publishing/publish.py):
  every worker on every app server sees it within a second. Pages are cached under the release's
  digest, so a page is never a mix of two releases and no cache needs clearing.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import DatabaseError
from django.utils import timezone

from ..i18n import english, spanish
from ..models import Release
from .preview import is_previewing
from .site import PublishedSite, empty_site
from .snapshot import digest_of, draft_snapshot

logger = logging.getLogger(__name__)

POINTER_KEY = "crsinfo:release-pointer"
POINTER_CHECK_SECONDS = 0.5
POINTER_CACHE_SECONDS = 10
# What the error pages show before this server has served any release.
DEFAULT_SETTINGS = {
    "emergency_number": "911",
    "site_name": "CRS information",
    "site_name_es": "Información sobre el SLC",
}


class _Memory:
    """This process's view of the current release. Written under the lock; each value it holds
    is replaced, never changed."""

    lock = threading.Lock()
    pointer: dict | None = None
    checked_at: float = -1e9
    sites: dict[str, PublishedSite] = {}


def forget() -> None:
    """This process forgets the pointer and the releases it read (tests; after a publication)."""
    with _Memory.lock:
        _Memory.pointer = None
        _Memory.checked_at = -1e9
        _Memory.sites = {}


def copy_dir() -> Path:
    return Path(getattr(django_settings, "RELEASE_COPY_DIR", "var/releases"))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# --- the pointer ---------------------------------------------------------------------------


def pointer_from_database() -> dict | None:
    now = timezone.now()
    live = Release.objects.filter(go_live_at__lte=now, cancelled=False)
    # Publishing cancels any scheduled release due after it, so the newest live one is current.
    current = live.order_by("-pk").values("pk", "digest", "go_live_at").first()
    upcoming = (
        Release.objects.filter(go_live_at__gt=now, cancelled=False).order_by("go_live_at").values("go_live_at").first()
    )
    if current is None:
        return None
    return {
        "number": current["pk"],
        "digest": current["digest"],
        "go_live_at": current["go_live_at"].timestamp(),
        "until": upcoming["go_live_at"].timestamp() if upcoming else None,
    }


def _expired(pointer: dict) -> bool:
    """A scheduled release has gone live since this pointer was read."""
    return bool(pointer.get("until")) and time.time() >= pointer["until"]


def share_pointer(pointer: dict | None) -> bool:
    """Put the pointer in the shared cache for the other workers and app servers. False if the
    cache cannot take it: they then read the database themselves once the old entry expires."""
    try:
        caches["default"].set(POINTER_KEY, pointer, timeout=POINTER_CACHE_SECONDS)
    except Exception:  # a cache server that is down must not stop publishing
        logger.warning("Could not write the release pointer to the shared cache")
        return False
    return True


def shared_pointer_number() -> int | None:
    """The release the shared cache points every app server to now (None: none, or unreachable)."""
    try:
        shared = caches["default"].get(POINTER_KEY)
    except Exception:
        return None
    return shared["number"] if shared else None


def refresh_pointer() -> dict | None:
    """Read the current release from the database and share it with every worker."""
    pointer = pointer_from_database()
    share_pointer(pointer)
    with _Memory.lock:
        _Memory.pointer, _Memory.checked_at = pointer, time.monotonic()
    if pointer is not None:
        try:
            _write_atomically(_disk_pointer_path(), json.dumps(pointer))
        except OSError:
            logger.warning("Could not keep the release pointer on disk", exc_info=True)
    return pointer


def _disk_pointer_path() -> Path:
    return copy_dir() / "current.json"


def _read_disk_pointer() -> dict | None:
    try:
        return json.loads(_disk_pointer_path().read_text())
    except (OSError, ValueError):
        return None


def current_pointer() -> dict | None:
    """The current release's pointer: from this process's memory if checked within half a
    second, then the shared cache (unless it is older than what this process has seen), then the
    database. If the database cannot be reached, the last pointer this server knew (the release it
    last served)."""
    now = time.monotonic()
    with _Memory.lock:
        pointer, checked_at = _Memory.pointer, _Memory.checked_at
    if pointer is not None and now - checked_at < POINTER_CHECK_SECONDS and not _expired(pointer):
        return pointer
    try:
        shared = caches["default"].get(POINTER_KEY)
    except Exception:
        shared = None
    # A shared pointer older than one this process has seen missed a publication: not believed.
    if shared is not None and pointer is not None and shared["number"] < pointer["number"]:
        shared = None
    pointer = shared
    if pointer is None or _expired(pointer):
        try:
            return refresh_pointer()
        except DatabaseError:
            pointer = _Memory.pointer or _read_disk_pointer()
            if pointer is None:
                raise
    with _Memory.lock:
        _Memory.pointer, _Memory.checked_at = pointer, now
    return pointer


# --- the release's site ---------------------------------------------------------------------


def _snapshot_path(number: int, digest: str) -> Path:
    return copy_dir() / f"{number}-{digest}.json"


def _build(pointer: dict, text: str) -> PublishedSite:
    go_live_at = pointer.get("go_live_at")
    live = datetime.datetime.fromtimestamp(go_live_at, tz=datetime.UTC) if go_live_at else None
    site = PublishedSite(json.loads(text), pointer["digest"], number=pointer["number"], go_live_at=live)
    with _Memory.lock:
        # The current release and the one before it are enough.
        kept = dict(list(_Memory.sites.items())[-1:])
        kept[pointer["digest"]] = site
        _Memory.sites = kept
    return site


def site_of(pointer: dict) -> PublishedSite:
    """The release ``pointer`` names: from memory, then this server's disk, then the database
    (keeping a copy on disk for when the database cannot be reached)."""
    site = _Memory.sites.get(pointer["digest"])
    if site is not None:
        return site
    path = _snapshot_path(pointer["number"], pointer["digest"])
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = Release.objects.only("content").get(pk=pointer["number"]).content
        try:
            _write_atomically(path, text)
        except OSError:
            logger.warning("Could not keep a copy of release %s on disk", pointer["number"], exc_info=True)
    return _build(pointer, text)


class NothingPublished(LookupError):
    pass


@functools.cache
def _empty() -> PublishedSite:
    return empty_site()


def current_site(empty_if_none: bool = False) -> PublishedSite:
    pointer = current_pointer()
    if pointer is None:
        if empty_if_none:
            return _empty()
        raise NothingPublished("Nothing has been published yet.")
    return site_of(pointer)


def latest_snapshot() -> tuple[Release | None, dict | None]:
    """The newest release, live or scheduled: what the next publication changes."""
    release = Release.objects.filter(cancelled=False).order_by("-pk").first()
    return release, (json.loads(release.content) if release else None)


def draft_site() -> PublishedSite:
    """The draft as readers would see it once published: for staff previews only, built for the
    request that asks."""
    _release, base = latest_snapshot()
    snapshot = draft_snapshot(base)
    return PublishedSite(snapshot, digest_of(snapshot))


def site_for(request) -> PublishedSite:
    """What this request shows: the draft for a staff preview, otherwise the current release
    (found without the database when it cannot be reached), or an empty site before anything
    is published."""
    site = getattr(request, "crsinfo_site", None)
    if site is None:
        site = draft_site() if is_previewing(request) else current_site(empty_if_none=True)
        request.crsinfo_site = site
    return site


# --- what this server last served, without the database -----------------------------------


def last_known_site() -> PublishedSite | None:
    """The release this server last served, from memory or its disk copy; never the database."""
    pointer = _Memory.pointer or _read_disk_pointer()
    if pointer is None:
        return None
    site = _Memory.sites.get(pointer["digest"])
    if site is not None:
        return site
    try:
        return _build(pointer, _snapshot_path(pointer["number"], pointer["digest"]).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return None


def last_known_settings() -> dict:
    """The emergency number and site names of the release this server last served, for the
    error pages (crsinfo/ops/errors.py). Never raises: the defaults if nothing can be read."""
    try:
        site = last_known_site()
    except Exception:  # an error page must not fail
        logger.warning("Could not read the last known release", exc_info=True)
        site = None
    if site is None:
        return dict(DEFAULT_SETTINGS)
    return {
        "emergency_number": site.settings.emergency_number or DEFAULT_SETTINGS["emergency_number"],
        "site_name": english(site.settings, "site_name") or DEFAULT_SETTINGS["site_name"],
        "site_name_es": spanish(site.settings, "site_name") or DEFAULT_SETTINGS["site_name_es"],
        "number": site.number,
    }
