"""The checklist's answer as HTML, made mostly once per release and language.

An answer is a care card: its frame (the label, the heading, "What to do") depends only on the
level of the advice, whether the reader mentioned a treatment, the release's settings and the
language; only "Why we say this" and "What we assumed" depend on what the reader ticked. So the
frames, the one-line summaries for the pinned bar and the form's fields are made once for each
release and language, from the same templates as always (``includes/answer_card.html``,
``includes/answer_summary.html``), and kept here; each answer renders only its own reasons
(``includes/advice_why.html``) into its frame.

Nothing a reader sends is kept: the kept parts are the same for every reader of a release. They
are immutable once made (tuples, frozen dataclasses, read-only mappings), keyed by the release's
digest and the language; a staff preview of the draft makes its own and keeps nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import MappingProxyType

from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .. import triage
from .forms import ChecklistFields, window_words

LEVELS = ("immediate", "urgent", "non-urgent")
FAILED_CASES = ("emergency", "urgent", "unknown")
# Where the reader's own reasons go inside a card's frame: characters from Unicode's private use
# area, which no template or content writes.
SLOT = "\ue000reasons\ue000"
KEEP_RELEASES = 8  # the newest releases' parts, per language: a publication adds one


@dataclass(frozen=True)
class AnswerParts:
    fields: ChecklistFields
    # (level, told_treatment) -> (the card up to the reasons, the card after them)
    frames: MappingProxyType
    summaries: MappingProxyType  # level -> the pinned bar's two live regions for that level
    # What the page shows if a later answer cannot be fetched (static/js/checklist.js):
    # case -> {"advice": html, "summary": html}
    failed: MappingProxyType

    def card(self, advice: triage.Advice, temperature_note: str = "") -> SafeString:
        """The whole care card for ``advice``: its frame with the reader's reasons inside."""
        start, end = self.frames[advice.level.css, advice.told_treatment]
        why = _WHY.template().render({"advice": advice, "temperature_note": temperature_note})
        return mark_safe(start + why + end)  # noqa: S308 -- all three rendered by templates, escaped there

    def summary(self, advice: triage.Advice) -> SafeString:
        return self.summaries[advice.level.css]


class _Template:
    """A template looked up once (the cached loader still costs a lookup per use)."""

    def __init__(self, name: str):
        self.name = name
        self._template = None

    def template(self):
        if self._template is None:
            self._template = get_template(self.name)
        return self._template


_WHY = _Template("includes/advice_why.html")


def parts_for(site, language: str) -> AnswerParts:
    """The answer's kept parts for ``site`` (a PublishedSite) in ``language``."""
    if site.number is None:  # the draft, in a staff preview: never kept
        return _make(site, language)
    key = (site.digest, language)
    parts = _Kept.parts.get(key)
    if parts is None:
        parts = _make(site, language)
        with _Kept.lock:
            parts = _Kept.parts.setdefault(key, parts)
            while len(_Kept.parts) > KEEP_RELEASES * 2:
                _Kept.parts.pop(next(iter(_Kept.parts)))
    return parts


class _Kept:
    lock = threading.Lock()
    parts: dict = {}


def forget() -> None:
    with _Kept.lock:
        _Kept.parts.clear()


def _make(site, language: str) -> AnswerParts:
    settings = site.settings
    with translation.override(language):
        fields = ChecklistFields(
            site.checklist_symptoms[language],
            unit_first=settings.temperature_unit,
            window=window_words(settings.immunotherapy_window_days),
        )
        frames = {}
        for level in LEVELS:
            for told_treatment in (True, False):
                html = render_to_string(
                    "includes/answer_card.html",
                    {"site_settings": settings, "level": level, "told_treatment": told_treatment, "slot": SLOT},
                )
                start, end = html.split(SLOT)
                frames[level, told_treatment] = (start, end)
        summaries = {
            level: render_to_string("includes/answer_summary.html", {"site_settings": settings, "level": level})
            for level in LEVELS
        }
        failed = {
            case: MappingProxyType(
                {
                    part: render_to_string(
                        "includes/answer_failed.html", {"site_settings": settings, "case": case, "part": part}
                    )
                    for part in ("advice", "summary")
                }
            )
            for case in FAILED_CASES
        }
    return AnswerParts(
        fields=fields,
        frames=MappingProxyType(frames),
        summaries=MappingProxyType({k: mark_safe(v) for k, v in summaries.items()}),  # noqa: S308 -- rendered
        failed=MappingProxyType(failed),
    )
