"""Part of the draft: a release made of what readers see, with only the items a reviewer chose
taken from the draft (crsinfo/editorial/views.py). Items are named as the diff names them
(crsinfo/publishing/diffs.py): (kind, key). The rest stays in the draft, unpublished."""

from __future__ import annotations

import copy

from .kinds import LISTS


class CannotSplit(ValueError):
    """The chosen items cannot be published without others (a symptom without its new group)."""


def _place(result: list, item: dict, draft_list: list, key: str) -> None:
    """Put ``item`` where the draft has it: after the nearest item before it that ``result`` has."""
    keys = [x[key] for x in draft_list]
    position = keys.index(item[key])
    present = {x[key]: i for i, x in enumerate(result)}
    for earlier in reversed(keys[:position]):
        if earlier in present:
            result.insert(present[earlier] + 1, item)
            return
    result.insert(0, item)


def _take(result: list, draft_list: list, key: str, value: str) -> None:
    result[:] = [x for x in result if x[key] != value]
    for item in draft_list:
        if item[key] == value:
            _place(result, copy.deepcopy(item), draft_list, key)


def _symptoms(snapshot: dict) -> dict[str, tuple[str, int]]:
    return {s["slug"]: (g["slug"], i) for g in snapshot["symptoms"] for i, s in enumerate(g["symptoms"])}


def combine(published: dict | None, draft: dict, chosen: set[tuple[str, str]]) -> dict:
    """``published`` with the ``chosen`` items as the draft has them (added, changed or removed)."""
    if published is None:
        raise CannotSplit("Nothing is published yet: the first publication takes the whole draft.")
    result = copy.deepcopy(published)
    for kind, value in sorted(chosen, key=lambda c: c[0] == "symptom"):  # groups before their symptoms
        if kind == "site settings":
            result["site"] = copy.deepcopy(draft["site"])
        elif kind == "symptom group":
            groups = result["symptoms"]
            kept = next((g["symptoms"] for g in groups if g["slug"] == value), [])
            _take(groups, draft["symptoms"], "slug", value)
            for group in groups:
                if group["slug"] == value:  # the group's own fields from the draft, its symptoms as published
                    group["symptoms"] = kept
        elif kind == "symptom":
            for group in result["symptoms"]:
                group["symptoms"] = [s for s in group["symptoms"] if s["slug"] != value]
            where = _symptoms(draft).get(value)
            if where is not None:
                group_slug, _index = where
                target = next((g for g in result["symptoms"] if g["slug"] == group_slug), None)
                if target is None:
                    raise CannotSplit(f"The symptom “{value}” is in a new group, “{group_slug}”: choose the group too.")
                draft_group = next(g for g in draft["symptoms"] if g["slug"] == group_slug)
                item = next(s for s in draft_group["symptoms"] if s["slug"] == value)
                _place(target["symptoms"], copy.deepcopy(item), draft_group["symptoms"], "slug")
        elif kind in LISTS:
            name, key = LISTS[kind]
            result.setdefault(name, [])
            _take(result[name], draft.get(name, []), key, value)
        else:
            raise CannotSplit(f"Unknown kind of item: {kind}")
    _check_references(result)
    return result


def _check_references(snapshot: dict) -> None:
    known = {r["key"] for r in snapshot["references"]}
    cited = [(a["title"], k) for a in snapshot["articles"] for k in a.get("references", [])]
    cited += [(s["name"], s.get("reference")) for g in snapshot["symptoms"] for s in g["symptoms"]]
    cited += [(x["text"], x.get("reference")) for x in snapshot["risk_groups"] + snapshot["prevention"]]
    for product in snapshot.get("products", []):
        cited += [(product["brand_name"], k) for k in [product.get("reference"), *product.get("other_references", [])]]
    for label, key in cited:
        if key and key not in known:
            raise CannotSplit(f"“{label}” cites the reference “{key}”, which would not be published: choose it too.")
