"""The complete change between two snapshots (crsinfo/publishing/), item by item and field by
field, with word-level highlighting. Clinical fields are called out."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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

    @property
    def html(self) -> SafeString:
        return word_diff(self.old, self.new)


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


def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if value is None:
        return ""
    return str(value)


def flatten(snapshot: dict | None) -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    """Every item in a snapshot: (kind, key) -> (label, {field: text})."""
    items: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    if not snapshot:
        return items

    def add(kind, key, label, data, skip=()):
        fields = {k: _text(v) for k, v in data.items() if k not in skip and k != "es"}
        # The Spanish of the item, field by field (crsinfo/i18n.py), after the English.
        es = data.get("es") or {}
        for name, value in es.items():
            if name == "sections":
                for j, section in enumerate(value, 1):
                    for part, text in section.items():
                        fields[f"Spanish: section {j} {part}"] = _text(text)
            elif name != "translated_from":
                fields[f"Spanish: {name}"] = _text(value)
        items[(kind, key)] = (label, fields)

    add("site settings", "site", "Site settings", snapshot["site"])
    for r in snapshot["references"]:
        add("reference", r["key"], r["title"], r)
    for g in snapshot["symptoms"]:
        add("symptom group", g["slug"], g["name"], g, skip={"symptoms"})
        for position, s in enumerate(g["symptoms"], 1):
            add("symptom", s["slug"], s["name"], {**s, "group": g["slug"], "position": position})
    for position, r in enumerate(snapshot["risk_groups"], 1):
        add("group at higher risk", r["slug"], r["text"], {**r, "position": position})
    for position, p in enumerate(snapshot["prevention"], 1):
        add("prevention step", p["slug"], p["text"], {**p, "position": position})
    for t in snapshot["glossary"]:
        add("glossary term", t["slug"], t["term"], t)
    for s in snapshot["synonyms"]:
        add("search synonym", s["phrase"], s["phrase"], s)
    for s in snapshot.get("synonyms_es", []):
        add("Spanish search synonym", s["phrase"], s["phrase"], s)
    for c in snapshot["clinics"]:
        add("clinic", c["slug"], c["name"], c)
    for position, p in enumerate(snapshot.get("products", []), 1):  # none in releases before the table
        add("treatment", p["slug"], p["brand_name"], {**p, "position": position})
    for a in snapshot["articles"]:
        data = {k: v for k, v in a.items() if k != "sections"}
        for j, section in enumerate(a["sections"], 1):
            for name, value in section.items():
                data[f"section {j} {name}"] = value
        add("page", a["slug"], a["title"], data)
    return items


def _why_clinical(kind: str, name: str, old: str, new: str) -> str:
    if name in CLINICAL_FIELDS.get(kind, ()):
        return "clinical: changes what readers are told to do or whom they call"
    if NUMBER.findall(old) != NUMBER.findall(new):
        return "numbers changed: check any threshold, dose, time or phone number"
    return ""


def item_changes(old: dict | None, new: dict | None) -> list[ItemChange]:
    before, after = flatten(old), flatten(new)
    changes = []
    for key in list(after) + [k for k in before if k not in after]:
        kind, slug = key
        if key not in before:
            label, data = after[key]
            fields = [FieldChange(n, "", v, _why_clinical(kind, n, "", v)) for n, v in data.items() if v]
            changes.append(ItemChange(kind, slug, label, "added", fields))
        elif key not in after:
            label, data = before[key]
            fields = [FieldChange(n, v, "", _why_clinical(kind, n, v, "")) for n, v in data.items() if v]
            changes.append(ItemChange(kind, slug, label, "removed", fields))
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
            if fields:
                changes.append(ItemChange(kind, slug, label, "changed", fields))
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
