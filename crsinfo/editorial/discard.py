"""An editor discards their own unpublished change to one item: the item in the draft becomes
what readers see again (from the release they see), and nothing else in the draft changes."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import reversion
from django.db import transaction

from ..content.load import _set, _set_spanish, _write, fill_symptom
from ..content.read import Unit
from ..models import Article, OldSlug, Reference, Symptom, SymptomGroup
from ..publishing.kinds import BY_NAME, LISTS
from ..publishing.snapshot import GROUP_FIELDS
from .authors import item_object


class CannotDiscard(ValueError):
    pass


def published_item(snapshot: dict | None, kind: str, key: str) -> dict | None:
    """The item as readers see it (None: they do not have it)."""
    if not snapshot:
        return None
    if kind == "site settings":
        return snapshot["site"]
    if kind == "symptom":
        for group in snapshot["symptoms"]:
            for symptom in group["symptoms"]:
                if symptom["slug"] == key:
                    return {**symptom, "group": group["slug"]}
        return None
    if kind in LISTS:
        name, field = LISTS[kind]
        return next((x for x in snapshot.get(name, []) if x[field] == key), None)
    return None


def discard(kind: str, key: str, published: dict | None, *, user, comment: str) -> None:
    """Make the draft's item what readers see: delete it if readers do not have it, bring it
    back if the draft deleted it, otherwise rewrite its fields. One revision, by ``user``."""
    if kind not in BY_NAME:
        raise CannotDiscard(f"Unknown kind of item: {kind}")
    model, lookup = BY_NAME[kind].model, BY_NAME[kind].lookup
    data = copy.deepcopy(published_item(published, kind, key))
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        existing = item_object(kind, key)
        if data is None:
            if existing is not None:
                existing.delete()
            return
        refs = {r.key: r for r in Reference.objects.all()}
        kept_hash = getattr(existing, "source_hash", "") if existing is not None else ""
        if model is Symptom:
            obj = _symptom(existing, data, refs, published)
        elif model is SymptomGroup:
            obj = existing or SymptomGroup(slug=key, order=SymptomGroup.objects.count() + 1)
            for name in GROUP_FIELDS:
                _set(obj, name, data[name])
            _set_spanish(obj, data.get("es"))
            obj.save()
        elif model is Article:
            unknown = [k for k in data["references"] if k not in refs]
            if unknown:
                raise CannotDiscard(f"Readers' version cites references the draft no longer has: {', '.join(unknown)}")
            for name in ("last_reviewed", "next_review_due"):  # dates, as the content files give them
                data[name] = datetime.date.fromisoformat(data[name]) if data.get(name) else None
            _write(Unit(key, Path("draft"), Article, lookup(key), data), existing, refs)
            obj = Article.objects.get(slug=key)
            obj.is_published, obj.is_retired = data.get("is_published", True), data.get("is_retired", False)
            obj.save()
            OldSlug.objects.filter(article=obj).exclude(slug__in=data.get("old_slugs", [])).delete()
        else:
            data = {k: v for k, v in data.items() if k not in ("old_slugs",)}
            _write(Unit(key, Path("draft"), model, lookup(key), data), existing, refs)
            obj = model.objects.get(**lookup(key))
        # Not loaded from the content files: the loader must still see it as an editor's row.
        if hasattr(obj, "source_hash") and obj.source_hash != kept_hash:
            type(obj).objects.filter(pk=obj.pk).update(source_hash=kept_hash)


def _symptom(existing, data: dict, refs: dict, published: dict) -> Symptom:
    group = SymptomGroup.objects.filter(slug=data["group"]).first()
    if group is None:
        raise CannotDiscard(f"The group “{data['group']}” readers see is no longer in the draft: restore it first.")
    symptom = existing or Symptom(slug=data["slug"], order=_order_after(group, data["slug"], published))
    fill_symptom(symptom, data, refs)
    symptom.group = group
    symptom.save()
    return symptom


def _order_after(group: SymptomGroup, slug: str, published: dict) -> int:
    """The order that puts a symptom brought back where readers see it: with the nearest symptom
    before it (ties go to the newer row, so just after it), or before every other."""
    listed = next(g["symptoms"] for g in published["symptoms"] if g["slug"] == group.slug)
    slugs = [s["slug"] for s in listed]
    rows = {s.slug: s.order for s in group.symptoms.all()}
    for earlier in reversed(slugs[: slugs.index(slug)]):
        if earlier in rows:
            return rows[earlier]
    return max(min(rows.values()) - 1, 0) if rows else 1
