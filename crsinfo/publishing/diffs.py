"""The complete change between two snapshots (crsinfo/publishing/), item by item and field by
field, with word-level highlighting. Clinical fields are called out."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import SymptomGroup
from .kinds import KINDS, SITE_KEY

# Fields whose change alters what a reader is told to do, or how to reach help.
CLINICAL_FIELDS = {
    "symptom": {"urgency", "on_checklist"},
    "site settings": {"emergency_number", "temperature_unit", "immunotherapy_window_days", "care_team_wording"},
    "clinic": {"phone_daytime", "phone_out_of_hours", "is_active"},
    "page": {"is_published", "is_retired", "kind"},
    "treatment": {"crs_onset", "nerve_onset", "stay_near", "driving"},
}
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldChange:
    name: str
    old: str
    new: str
    clinical: str = ""  # why it is called out, if it is
    note: str = ""  # said instead of a word diff (a move)

    @property
    def html(self) -> SafeString:
        return escape(self.note) if self.note else word_diff(self.old, self.new)


@dataclass
class ItemChange:
    kind: str
    key: str
    label: str
    status: str  # added, removed, changed
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def clinical(self) -> bool:
        return any(f.clinical for f in self.fields)

    @property
    def line(self) -> str:
        names = ", ".join(f.name for f in self.fields)
        return f"{self.status.capitalize()} {self.kind} “{self.label}”" + (f": {names}" if names else "")


# Sign-off bookkeeping and navigation order: their numbers are not clinical facts.
NOT_CLINICAL_NUMBERS = {"last_reviewed", "next_review_due", "reviewed_by", "order", "old_slugs"}
SECTION_PARTS = ("heading", "kind", "figure", "body")


def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if value is None:
        return ""
    return str(value)


def _add(items, kind, key, label, data, skip=()):
    fields = {k: _text(v) for k, v in data.items() if k not in skip and k != "es"}
    # The Spanish of the item, field by field (crsinfo/i18n.py), after the English.
    es = data.get("es") or {}
    for name, value in es.items():
        if name not in ("sections", "translated_from"):
            fields[f"Spanish: {name}"] = _text(value)
    items[(kind, key)] = (label, fields)


def flatten(snapshot: dict | None) -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    """Every item in a snapshot: (kind, key) -> (label, {field: text}). A page's sections and the
    order of list items are compared apart (``item_changes``): by identity, not position."""
    items: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    if not snapshot:
        return items
    for kind in KINDS:
        if not kind.key_field:
            _add(items, kind.name, SITE_KEY, "Site settings", snapshot["site"])
        # Older releases lack the later kinds (the table of treatments, Spanish synonyms).
        for item in snapshot.get(kind.snapshot_list, []) if kind.snapshot_list else ():
            _add(items, kind.name, item[kind.key_field], item[kind.label_field], item, skip=kind.skip)
            if kind.model is SymptomGroup:
                for s in item["symptoms"]:
                    _add(items, "symptom", s["slug"], s["name"], {**s, "group": item["slug"]})
    return items


def _orders(snapshot: dict | None) -> dict[tuple[str, str], list[str]]:
    """The ordered lists readers see: (kind, list) -> item keys in order."""
    if not snapshot:
        return {}
    orders = {("symptom", g["slug"]): [s["slug"] for s in g["symptoms"]] for g in snapshot["symptoms"]}
    orders[("group at higher risk", "")] = [r["slug"] for r in snapshot["risk_groups"]]
    orders[("prevention step", "")] = [p["slug"] for p in snapshot["prevention"]]
    orders[("treatment", "")] = [p["slug"] for p in snapshot.get("products", [])]
    return orders


def moves(old: list, new: list) -> dict:
    """Items that changed place among the items in both lists: key -> (old position, new position),
    1-based in each full list. Items that only shift because others were added or removed, and
    items that keep their order relative to each other, did not move."""
    common = set(old) & set(new)
    a, b = [k for k in old if k in common], [k for k in new if k in common]
    stayed = set()
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        stayed.update(a[block.a : block.a + block.size])
    return {k: (old.index(k) + 1, new.index(k) + 1) for k in b if k not in stayed}


def _sections(article: dict) -> list[dict]:
    """A page's sections with their Spanish, each with its identity (None in releases made before
    sections had one) and its label."""
    es = (article.get("es") or {}).get("sections") or []
    out = []
    for j, section in enumerate(article.get("sections", [])):
        fields = {part: _text(section[part]) for part in SECTION_PARTS if part in section}
        for part, text in (es[j] if j < len(es) else {}).items():
            fields[f"Spanish {part}"] = _text(text)
        out.append({"id": section.get("id"), "heading": section.get("heading", ""), "fields": fields})
    return out


def _similar(a: dict, b: dict) -> float:
    return difflib.SequenceMatcher(
        None, a["fields"].get("body", "")[:2000], b["fields"].get("body", "")[:2000], autojunk=False
    ).ratio()


def match_sections(old: list[dict], new: list[dict]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) of the same section: by identity; then, for releases made
    before sections had one (or sections written again), by heading, then by the most similar
    text. None: added or removed."""
    pairs: dict[int, int] = {}
    by_id = {s["id"]: i for i, s in enumerate(old) if s["id"] is not None}
    for j, s in enumerate(new):
        if s["id"] is not None and s["id"] in by_id:
            pairs[by_id[s["id"]]] = j
    # The rest (releases made before sections had ids, or sections written again): by heading,
    # then by the most similar text.
    for j, s in enumerate(new):
        if j in pairs.values():
            continue
        same = [i for i, o in enumerate(old) if i not in pairs and o["heading"] == s["heading"]]
        if same:
            pairs[same[0]] = j
    for j, s in enumerate(new):
        if j in pairs.values():
            continue
        scored = [(_similar(o, s), i) for i, o in enumerate(old) if i not in pairs]
        if scored and max(scored)[0] >= 0.5:
            pairs[max(scored)[1]] = j
    result = [(i, pairs.get(i)) for i in range(len(old))]
    return result + [(None, j) for j in range(len(new)) if j not in pairs.values()]


def _section_fields(kind: str, old: dict | None, new: dict | None) -> list[FieldChange]:
    """The field changes of a page's sections, matched by identity, with moves."""
    before, after = _sections(old or {}), _sections(new or {})
    pairs = match_sections(before, after)
    matched = [(i, j) for i, j in pairs if i is not None and j is not None]
    moved = set(moves([i for i, _j in sorted(matched)], [i for i, _j in sorted(matched, key=lambda p: p[1])]))
    out = []
    for i, j in sorted(pairs, key=lambda p: (p[1] if p[1] is not None else 10_000, p[0] or 0)):
        a = before[i]["fields"] if i is not None else {}
        b = after[j]["fields"] if j is not None else {}
        heading = (after[j] if j is not None else before[i])["heading"]
        if i is None:
            prefix = f"section “{heading}” (added at position {j + 1})"
        elif j is None:
            prefix = f"section “{heading}” (removed from position {i + 1})"
        else:
            prefix = f"section “{heading}”"
        for name in list(b) + [n for n in a if n not in b]:
            if a.get(name, "") != b.get(name, ""):
                shown = f"Spanish: {prefix} {name[8:]}" if name.startswith("Spanish ") else f"{prefix} {name}"
                out.append(FieldChange(shown, a.get(name, ""), b.get(name, "")))
        if i is not None and j is not None and i in moved:
            out.append(
                FieldChange(
                    f"{prefix} position",
                    str(i + 1),
                    str(j + 1),
                    note=f"moved from position {i + 1} to {j + 1}",
                )
            )
    for f in out:
        f.clinical = "" if f.note else _why_clinical(kind, f.name, f.old, f.new)
    return out


def _why_clinical(kind: str, name: str, old: str, new: str) -> str:
    if name in CLINICAL_FIELDS.get(kind, ()):
        return "clinical: changes what readers are told to do or whom they call"
    if name in NOT_CLINICAL_NUMBERS:
        return ""
    if NUMBER.findall(old) != NUMBER.findall(new):
        return "numbers changed: check any threshold, dose, time or phone number"
    return ""


def item_changes(old: dict | None, new: dict | None) -> list[ItemChange]:
    before, after = flatten(old), flatten(new)
    pages_before = {a["slug"]: a for a in (old or {}).get("articles", [])}
    pages_after = {a["slug"]: a for a in (new or {}).get("articles", [])}
    # Items that changed place in a list readers see (not those that only shifted).
    moved: dict[tuple[str, str], tuple[int, int]] = {}
    orders_before, orders_after = _orders(old), _orders(new)
    for name, keys in orders_after.items():
        for key, places in moves(orders_before.get(name, []), keys).items():
            moved[(name[0], key)] = places
    changes = []
    for key in list(after) + [k for k in before if k not in after]:
        kind, slug = key
        if key not in before:
            label, data = after[key]
            fields = [FieldChange(n, "", v, _why_clinical(kind, n, "", v)) for n, v in data.items() if v]
            status = "added"
        elif key not in after:
            label, data = before[key]
            fields = [FieldChange(n, v, "", _why_clinical(kind, n, v, "")) for n, v in data.items() if v]
            status = "removed"
        else:
            (_, old_data), (label, new_data) = before[key], after[key]
            names = list(new_data) + [n for n in old_data if n not in new_data]
            fields = [
                FieldChange(n, old_data.get(n, ""), new_data.get(n, ""))
                for n in names
                if old_data.get(n, "") != new_data.get(n, "")
            ]
            for f in fields:
                f.clinical = _why_clinical(kind, f.name, f.old, f.new)
            status = "changed"
        if kind == "page":
            fields += _section_fields(kind, pages_before.get(slug), pages_after.get(slug))
        if key in moved:
            old_position, new_position = moved[key]
            fields.append(
                FieldChange(
                    "position",
                    str(old_position),
                    str(new_position),
                    note=f"moved from position {old_position} to {new_position}",
                )
            )
        if fields or status != "changed":
            changes.append(ItemChange(kind, slug, label, status, fields))
    # Clinical changes first, then by kind.
    kind_order = ["site settings", "symptom", "clinic", "page"]
    changes.sort(key=lambda c: (not c.clinical, kind_order.index(c.kind) if c.kind in kind_order else 9))
    return changes


def change_lines(old: dict | None, new: dict | None) -> list[str]:
    return [c.line for c in item_changes(old, new)]


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with removed words in <del> and added words in <ins>. Whitespace is compared as
    a single space, so re-wrapped lines and line endings are not changes."""
    a = TOKEN.findall(" ".join(old.split()))
    b = TOKEN.findall(" ".join(new.split()))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above
