"""Publishing: a reviewer's decision made into a release, in one transaction.

Publishing snapshots the draft (crsinfo/publishing/snapshot.py), records it as a ``Release``
and, when the transaction commits, moves the pointer every app server reads
(crsinfo/publishing/current.py). Bringing an old release back publishes its snapshot again.
"""

from __future__ import annotations

import datetime
import json

from django.db import transaction
from django.utils import timezone

from ..access import display_name
from ..models import Article, Release
from . import diffs
from .current import forget, latest_snapshot, refresh_pointer
from .partial import combine
from .snapshot import REVIEW_FIELDS, digest_of, draft_snapshot, encode, same_content

DEFAULT_REVIEW_INTERVAL = datetime.timedelta(days=365)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


class DraftChanged(Exception):
    """The draft is no longer what the reviewer looked at."""


def reviewer_name(user) -> str:
    return display_name(user) if user else "the content files"


def _sign_off(snapshot: dict, slugs: set[str], name: str, today: datetime.date) -> None:
    for article in snapshot["articles"]:
        if article["slug"] in slugs:
            last, due = _date(article.get("last_reviewed")), _date(article.get("next_review_due"))
            interval = max(due - last, datetime.timedelta(days=30)) if last and due else DEFAULT_REVIEW_INTERVAL
            article.update(
                last_reviewed=today.isoformat(), next_review_due=(today + interval).isoformat(), reviewed_by=name
            )


def replaced_by(when: datetime.datetime | None):
    """The scheduled releases a publication going live at ``when`` (None: now) would cancel."""
    now = timezone.now()
    return Release.objects.filter(cancelled=False, go_live_at__gt=max(when or now, now)).order_by("go_live_at")


def publish(
    *,
    user=None,
    note: str = "",
    expected_digest: str | None = None,
    sign_off: set[str] | None = None,
    go_live_at: datetime.datetime | None = None,
    snapshot: dict | None = None,
    restored_from: Release | None = None,
    reviews_from_draft: bool = False,
    only: set[tuple[str, str]] | None = None,
) -> Release:
    """Publish the draft (or ``snapshot``, when bringing an old release back) as a new release.

    ``expected_digest`` is the digest of the draft the reviewer saw: if the draft changed since,
    nothing is published. ``sign_off`` names the pages whose clinical review the reviewer signs
    off now. ``only`` names the items (as the diff names them) to take from the draft: the rest
    of the release is what readers would otherwise see, and the other changes stay in the draft.
    Everything happens in one transaction; the pointer moves when it commits."""
    with transaction.atomic():
        _base_release, base = latest_snapshot()
        if snapshot is None:
            snapshot = draft_snapshot(None if reviews_from_draft else base)
            if expected_digest is not None and digest_of(snapshot) != expected_digest:
                raise DraftChanged("The draft changed after you opened this page.")
            if only is not None:
                snapshot = combine(_published_before(go_live_at), snapshot, only)
        else:
            snapshot = json.loads(json.dumps(snapshot))
        name = reviewer_name(user)
        today = timezone.localdate()
        if sign_off:
            _sign_off(snapshot, sign_off, name, today)
        now = timezone.now()
        when = max(go_live_at or now, now)
        # The record says what changed for readers: from the release they see just before this one
        # goes live (a scheduled release this one replaces is not it).
        previous = Release.objects.filter(cancelled=False, go_live_at__lte=when).order_by("-pk").only("content").first()
        changes = diffs.change_lines(json.loads(previous.content) if previous else None, snapshot)
        release = Release.objects.create(
            content=encode(snapshot),
            digest=digest_of(snapshot),
            note=note,
            changes="\n".join(changes),
            published_by=user,
            published_by_name=name,
            created_at=now,
            go_live_at=when,
            restored_from=restored_from,
        )
        # A publication replaces any scheduled one that would go live after it.
        replaced_by(when).exclude(pk=release.pk).update(cancelled=True)
        # The admin's lists show the review dates: keep the draft rows in step with the release.
        for article in snapshot["articles"]:
            Article.objects.filter(slug=article["slug"]).update(
                **{k: (_date(article.get(k)) if k != "reviewed_by" else article.get(k) or "") for k in REVIEW_FIELDS}
            )
        transaction.on_commit(after_publication)
    return release


def _published_before(when: datetime.datetime | None) -> dict | None:
    """What readers would see just before a publication going live at ``when`` (None: now),
    leaving out the scheduled releases it replaces."""
    now = timezone.now()
    release = (
        Release.objects.filter(cancelled=False, go_live_at__lte=max(when or now, now))
        .order_by("-pk")
        .only("content")
        .first()
    )
    return json.loads(release.content) if release else None


def after_publication() -> None:
    forget()
    refresh_pointer()


def restore(release: Release, *, user, note: str = "") -> Release:
    """Bring an earlier release back, as a new release (the draft is left as it is)."""
    return publish(
        user=user,
        note=note or f"Brought back release {release.pk}",
        snapshot=json.loads(release.content),
        restored_from=release,
    )


def draft_is_published() -> bool:
    """Whether the draft is what the newest release holds (nothing waits for a reviewer)."""
    release, base = latest_snapshot()
    return base is None or same_content(release.digest, draft_snapshot(base))


def publish_if_changed(note: str) -> Release | None:
    """Publish the draft if it differs from the newest release, taking review dates from the
    draft (content files that were reviewed before they were merged)."""
    release, base = latest_snapshot()
    if base is not None and same_content(release.digest, draft_snapshot(base)):
        return None
    return publish(note=note, reviews_from_draft=True)
