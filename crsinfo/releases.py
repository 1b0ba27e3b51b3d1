"""Releases: readers see only what a clinical reviewer published.

The tables editors change in admin are the *draft*. Publishing takes a snapshot of the whole
draft (every kind of content, in the format ``export_content`` writes), records it as a
``Release``, and from the moment it goes live every public page is rendered from that snapshot.
So a symptom's urgency and the page text that explains it go live together or not at all, a
diff of two releases is the complete change, and bringing an old release back is publishing
its snapshot again.

How a request finds the current release, without the database on the hot path:
- a small *pointer* (number, digest, next scheduled change) lives in the shared cache
  (Redis with REDIS_URL, otherwise files under var/cache that every worker reads);
- each process looks at the pointer at most every ``POINTER_CHECK_SECONDS`` and keeps the
  parsed snapshot of the release in memory (and on disk, for when the database is down);
- a publication rewrites the pointer when its transaction commits: every worker on every app
  server sees it within a second. Pages are cached under the release's digest, so a page is
  never a mix of two releases and no cache needs clearing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.utils import timezone

from . import content as files
from . import translation as tr
from .models import (
    Article,
    Clinic,
    GlossaryTerm,
    OldSlug,
    PreventionStep,
    Reference,
    Release,
    RiskGroup,
    SearchSynonym,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)

logger = logging.getLogger(__name__)

FORMAT = 1
POINTER_KEY = "crsinfo:release-pointer"
POINTER_CHECK_SECONDS = 0.5
REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewed_by")
DEFAULT_REVIEW_INTERVAL = datetime.timedelta(days=365)


# --- snapshots -------------------------------------------------------------------------


def _plain(value):
    """JSON-ready and normalised: line endings and trailing spaces never count as a change."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return files.clean_text(str(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def draft_snapshot(base: dict | None = None) -> dict:
    """The draft (the tables editors change) as a snapshot. Review dates are not draft: they are
    carried over from ``base`` (the current release) page by page, since only a reviewer's
    sign-off changes them. With no base (the first load) they come from the tables."""
    settings = SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1)
    old_slugs: dict[int, list[str]] = {}
    for old in OldSlug.objects.order_by("slug"):
        old_slugs.setdefault(old.article_id, []).append(old.slug)
    base_reviews = {a["slug"]: {k: a.get(k) for k in REVIEW_FIELDS} for a in (base or {}).get("articles", [])}
    articles = []
    for article in Article.objects.prefetch_related("references", "sections").order_by("order", "title", "pk"):
        data = files.article_dict(article)
        data.update(is_published=article.is_published, is_retired=article.is_retired)
        data["reviewed_by"] = article.reviewed_by
        if base is not None:
            data.update(base_reviews.get(article.slug, dict.fromkeys(REVIEW_FIELDS)))
        data["old_slugs"] = old_slugs.get(article.pk, [])
        articles.append(data)
    snapshot = {
        "format": FORMAT,
        "site": files.site_dict(settings),
        "references": [files.reference_dict(r) for r in Reference.objects.order_by("key")],
        "symptoms": [files.group_dict(g) for g in SymptomGroup.objects.order_by("order", "pk")],
        "risk_groups": [files.list_item_dict(r, files.RISK_FIELDS) for r in RiskGroup.objects.order_by("order", "pk")],
        "prevention": [
            files.list_item_dict(p, files.PREVENTION_FIELDS) for p in PreventionStep.objects.order_by("order", "pk")
        ],
        "glossary": [
            files.canonical(t) for t in sorted(GlossaryTerm.objects.all(), key=lambda t: tr.english(t, "term").lower())
        ],
        "synonyms": [files.canonical(s) for s in SearchSynonym.objects.filter(language="en").order_by("phrase")],
        "synonyms_es": [
            files.canonical(s) for s in SearchSynonym.objects.filter(language=tr.LANGUAGE).order_by("phrase")
        ],
        "clinics": [files.canonical(c) for c in Clinic.objects.order_by("slug")],
        "articles": articles,
    }
    return _plain(snapshot)


def encode(snapshot: dict) -> str:
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest_of(snapshot: dict) -> str:
    return hashlib.sha256(encode(snapshot).encode()).hexdigest()


# --- the content readers see, built from a snapshot ---------------------------------------


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _fields(model, raw: dict, names) -> dict:
    """Constructor arguments for an item of a snapshot: each translated field as its English
    and Spanish columns, so a template shows the language active when it renders."""
    translated = tr.FIELDS.get(model, ())
    es = raw.get("es") or {}
    out = {}
    for name in names:
        if name in translated:
            out[f"{name}_en"] = raw.get(name, "")
            out[f"{name}_{tr.LANGUAGE}"] = es.get(name) or ""
        else:
            out[name] = raw[name]
    if translated and model is not Section:
        out["translated_from"] = es.get("translated_from", "")
    return out


@dataclass
class Content:
    """Everything a public page needs, from one snapshot: unsaved model instances (so templates
    keep their methods) with their lists attached. Built once per release per process."""

    snapshot: dict
    digest: str
    number: int | None = None  # None: the draft, for a staff preview
    go_live_at: datetime.datetime | None = None
    settings: SiteSettings = field(init=False)
    references: dict = field(init=False)
    articles: list = field(init=False)
    groups: list = field(init=False)
    risk_groups: list = field(init=False)
    prevention: list = field(init=False)
    glossary: list = field(init=False)
    synonyms: dict = field(init=False)
    clinics: dict = field(init=False)
    old_slugs: dict = field(init=False)

    def __post_init__(self):
        s = self.snapshot
        self.settings = SiteSettings(
            pk=1, **_fields(SiteSettings, s["site"], [k for k in files.SITE_FIELDS if k in s["site"]])
        )
        self.references = {r["key"]: Reference(**r) for r in s["references"]}
        self.groups = []
        for i, g in enumerate(s["symptoms"], 1):
            group = SymptomGroup(order=i, **_fields(SymptomGroup, g, files.GROUP_FIELDS))
            group.symptom_list = []
            for j, raw in enumerate(g["symptoms"], 1):
                symptom = Symptom(
                    order=j, **_fields(Symptom, raw, [k for k in files.SYMPTOM_FIELDS if k != "reference"])
                )
                symptom.group = group
                symptom.reference = self.references.get(raw.get("reference") or "")
                group.symptom_list.append(symptom)
            group.checklist_symptoms = [x for x in group.symptom_list if x.on_checklist]
            self.groups.append(group)

        def items(model, rows, fields):
            out = []
            for i, raw in enumerate(rows, 1):
                item = model(order=i, **_fields(model, raw, [k for k in fields if k != "reference"]))
                item.reference = self.references.get(raw.get("reference") or "")
                out.append(item)
            return out

        self.risk_groups = items(RiskGroup, s["risk_groups"], files.RISK_FIELDS)
        self.prevention = items(PreventionStep, s["prevention"], files.PREVENTION_FIELDS)
        self.glossary = [GlossaryTerm(**_fields(GlossaryTerm, t, files.GLOSSARY_FIELDS)) for t in s["glossary"]]
        self.synonyms = {x["phrase"]: x["means"] for x in s["synonyms"]}
        self.synonyms_es = {x["phrase"]: x["means"] for x in s.get("synonyms_es", [])}
        self.clinics = {c["slug"]: Clinic(**_fields(Clinic, c, files.CLINIC_FIELDS)) for c in s["clinics"]}
        self.articles = []
        self.old_slugs = {}
        for raw in s["articles"]:
            article = Article(
                **_fields(Article, raw, ("slug", "title", "nav_title", "summary", "kind", "order", "intro")),
                is_published=raw["is_published"],
                is_retired=raw["is_retired"],
                reviewed_by=raw.get("reviewed_by") or "",
                last_reviewed=_date(raw.get("last_reviewed")),
                next_review_due=_date(raw.get("next_review_due")),
            )
            es_sections = (raw.get("es") or {}).get("sections") or []
            article.section_list = [
                Section(
                    order=j,
                    **_fields(
                        Section,
                        {
                            **{k: sec.get(k, "") for k in files.SECTION_FIELDS},
                            "es": es_sections[j - 1] if j <= len(es_sections) else {},
                        },
                        files.SECTION_FIELDS,
                    ),
                )
                for j, sec in enumerate(raw["sections"], 1)
            ]
            article.reference_list = sorted(
                (self.references[k] for k in raw["references"] if k in self.references), key=lambda r: r.title
            )
            self.articles.append(article)
            for old in raw.get("old_slugs", []):
                self.old_slugs[old] = article.slug
        self.articles.sort(key=lambda a: (a.order, tr.english(a, "title")))
        self.by_slug = {a.slug: a for a in self.articles}
        self._spanish()

    def _spanish(self) -> None:
        """Which pages can be shown in Spanish: never a mix of languages on one page. The shared
        text every page may show (site wording, symptoms, lists, glossary) must all be
        translated, and then each article whose own text and sections are."""
        shared = [self.settings, *self.groups, *self.symptoms, *self.risk_groups, *self.prevention, *self.glossary]
        self.untranslated_shared = [item for item in shared if tr.missing(item)]
        self.spanish_slugs = set()
        if not self.untranslated_shared:
            self.spanish_slugs = {a.slug for a in self.articles if not tr.missing(a, a.section_list)}

    @property
    def spanish_site(self) -> bool:
        """The Spanish pages that are not articles (home, checklist, glossary, printables)."""
        return not self.untranslated_shared and bool(self.settings.site_name_es)

    def in_spanish(self, article: Article | None = None) -> bool:
        """Whether a page (an article, or None for the other pages) is shown in Spanish."""
        return self.spanish_site and (article is None or article.slug in self.spanish_slugs)

    def synonyms_for(self, language: str) -> dict:
        return self.synonyms_es if language == tr.LANGUAGE else self.synonyms

    @property
    def published_articles(self) -> list[Article]:
        return [a for a in self.articles if a.is_published and not a.is_retired]

    @property
    def help_page(self) -> Article | None:
        return next((a for a in self.published_articles if a.kind == Article.Kind.GET_HELP), None)

    def published(self, slug: str) -> Article | None:
        article = self.by_slug.get(slug)
        return article if article and article.is_published and not article.is_retired else None

    @property
    def symptoms(self) -> list[Symptom]:
        return [s for g in self.groups for s in g.symptom_list]

    @property
    def checklist_groups(self) -> list[SymptomGroup]:
        return [g for g in self.groups if g.checklist_symptoms]

    @property
    def active_clinics(self) -> dict[str, Clinic]:
        return {slug: c for slug, c in self.clinics.items() if c.is_active}


# --- finding the current release -------------------------------------------------------


class _Memory:
    lock = threading.Lock()
    pointer: dict | None = None
    checked_at: float = -1e9
    contents: dict[str, Content] = {}


def forget_everything() -> None:
    """This process forgets the pointer and the releases it read (tests; after a publication)."""
    with _Memory.lock:
        _Memory.pointer = None
        _Memory.checked_at = -1e9
        _Memory.contents = {}


def copy_dir() -> Path:
    return Path(getattr(django_settings, "RELEASE_COPY_DIR", "var/releases"))


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


def refresh_pointer() -> dict | None:
    """Read the current release from the database and share it with every worker."""
    pointer = pointer_from_database()
    try:
        caches["default"].set(POINTER_KEY, pointer, timeout=None)
    except Exception:  # a cache server that is down must not stop publishing
        logger.warning("Could not write the release pointer to the shared cache", exc_info=True)
    with _Memory.lock:
        _Memory.pointer, _Memory.checked_at = pointer, time.monotonic()
    _write_disk_pointer(pointer)
    return pointer


def _disk_pointer_path() -> Path:
    return copy_dir() / "current.json"


def _write_disk_pointer(pointer: dict | None) -> None:
    if pointer is None:
        return
    try:
        path = _disk_pointer_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(pointer))
        tmp.replace(path)
    except OSError:
        logger.warning("Could not keep the release pointer on disk", exc_info=True)


def _read_disk_pointer() -> dict | None:
    try:
        return json.loads(_disk_pointer_path().read_text())
    except (OSError, ValueError):
        return None


def current_pointer() -> dict | None:
    """The current release's pointer: from this process's memory if checked within half a
    second, then the shared cache, then the database. If the database cannot be reached, the
    last pointer this server knew (the release it last served)."""
    now = time.monotonic()
    pointer = _Memory.pointer
    fresh = pointer is not None and now - _Memory.checked_at < POINTER_CHECK_SECONDS
    if fresh and (not pointer.get("until") or time.time() < pointer["until"]):
        return pointer
    try:
        pointer = caches["default"].get(POINTER_KEY)
    except Exception:
        pointer = None
    if pointer is None or (pointer.get("until") and time.time() >= pointer["until"]):
        try:
            return refresh_pointer()
        except DatabaseError:
            pointer = _Memory.pointer or _read_disk_pointer()
            if pointer is None:
                raise
    with _Memory.lock:
        _Memory.pointer, _Memory.checked_at = pointer, now
    return pointer


def _content_path(number: int, digest: str) -> Path:
    return copy_dir() / f"{number}-{digest}.json"


def content_for(number: int, digest: str, go_live_at: float | None = None) -> Content:
    content = _Memory.contents.get(digest)
    if content is not None:
        return content
    path = _content_path(number, digest)
    try:
        snapshot = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        release = Release.objects.only("content", "digest").get(pk=number)
        snapshot = json.loads(release.content)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(release.content, encoding="utf-8")
            tmp.replace(path)
        except OSError:
            logger.warning("Could not keep a copy of release %s on disk", number, exc_info=True)
    live = datetime.datetime.fromtimestamp(go_live_at, tz=datetime.UTC) if go_live_at else None
    content = Content(snapshot, digest, number=number, go_live_at=live)
    from .uptime import remember_settings

    remember_settings(content.settings)  # for the static error pages
    with _Memory.lock:
        # The current release and the one before it are enough.
        if len(_Memory.contents) >= 2:
            _Memory.contents = dict(list(_Memory.contents.items())[-1:])
        _Memory.contents[digest] = content
    return content


class NothingPublished(LookupError):
    pass


def current_content(empty_if_none: bool = False) -> Content:
    pointer = current_pointer()
    if pointer is None:
        if empty_if_none:
            return EMPTY
        raise NothingPublished("Nothing has been published yet.")
    return content_for(pointer["number"], pointer["digest"], pointer.get("go_live_at"))


def latest_snapshot() -> tuple[Release | None, dict | None]:
    """The newest release, live or scheduled: what the next publication changes."""
    release = Release.objects.filter(cancelled=False).order_by("-pk").first()
    return release, (json.loads(release.content) if release else None)


def draft_content() -> Content:
    """The draft as readers would see it once published: for staff previews only."""
    _release, base = latest_snapshot()
    snapshot = draft_snapshot(base)
    return Content(snapshot, digest_of(snapshot))


# --- publishing ------------------------------------------------------------------------


class DraftChanged(Exception):
    """The draft is no longer what the reviewer looked at."""


def reviewer_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "the content files"


def _sign_off(snapshot: dict, slugs: set[str], name: str, today: datetime.date) -> None:
    for article in snapshot["articles"]:
        if article["slug"] in slugs:
            last, due = _date(article.get("last_reviewed")), _date(article.get("next_review_due"))
            interval = max(due - last, datetime.timedelta(days=30)) if last and due else DEFAULT_REVIEW_INTERVAL
            article.update(
                last_reviewed=today.isoformat(), next_review_due=(today + interval).isoformat(), reviewed_by=name
            )


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
) -> Release:
    """Publish the draft (or ``snapshot``, when bringing an old release back) as a new release.

    ``expected_digest`` is the digest of the draft the reviewer saw: if the draft changed since,
    nothing is published. ``sign_off`` names the pages whose clinical review the reviewer signs
    off now. Everything happens in one transaction; the pointer moves when it commits."""
    from . import diffs

    with transaction.atomic():
        _base_release, base = latest_snapshot()
        if snapshot is None:
            snapshot = draft_snapshot(None if reviews_from_draft else base)
            if expected_digest is not None and digest_of(snapshot) != expected_digest:
                raise DraftChanged("The draft changed after you opened this page.")
        else:
            snapshot = json.loads(json.dumps(snapshot))
        name = reviewer_name(user)
        today = timezone.localdate()
        if sign_off:
            _sign_off(snapshot, sign_off, name, today)
        now = timezone.now()
        when = max(go_live_at or now, now)
        changes = diffs.change_lines(base, snapshot)
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
        Release.objects.filter(go_live_at__gt=when, cancelled=False).exclude(pk=release.pk).update(cancelled=True)
        # The admin's lists show the review dates: keep the draft rows in step with the release.
        for article in snapshot["articles"]:
            Article.objects.filter(slug=article["slug"]).update(
                **{k: (_date(article.get(k)) if k != "reviewed_by" else article.get(k) or "") for k in REVIEW_FIELDS}
            )
        transaction.on_commit(after_publication)
    return release


def after_publication() -> None:
    forget_everything()
    refresh_pointer()


def restore(release: Release, *, user, note: str = "") -> Release:
    """Bring an earlier release back, as a new release (the draft is left as it is)."""
    return publish(
        user=user,
        note=note or f"Brought back release {release.pk}",
        snapshot=json.loads(release.content),
        restored_from=release,
    )


def _empty_snapshot() -> dict:
    lists = (
        "references",
        "symptoms",
        "risk_groups",
        "prevention",
        "glossary",
        "synonyms",
        "synonyms_es",
        "clinics",
        "articles",
    )
    return _plain({"format": FORMAT, "site": files.site_dict(SiteSettings(pk=1)), **{name: [] for name in lists}})


# Before anything is published (a new, empty database) readers see an empty site with the
# default settings (the emergency number among them), not an error.
EMPTY = Content(_empty_snapshot(), digest="", number=0)


def last_known_content() -> Content | None:
    """The release this server last served, without the database (memory, then disk)."""
    pointer = _Memory.pointer or _read_disk_pointer()
    if pointer is None:
        return None
    try:
        return content_for(pointer["number"], pointer["digest"], pointer.get("go_live_at"))
    except (DatabaseError, Release.DoesNotExist):
        return None
