"""Loading the content files into the draft.

Each *unit* (an article with its sections, a symptom group with its symptoms, one reference, one
list item, the site settings) is compared through its canonical dict (crsinfo/publishing/
snapshot.py), the same one the exporter writes. The digest of the dict that was last loaded is
kept on the row (``source_hash``): if the row no longer matches it, an editor has changed it in
admin, and loading leaves it alone unless forced.

Content files are reviewed before they are merged, so what they load is published, as long as no
editor's change waits in the draft: that must go through a reviewer first.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import reversion
from django.db import transaction

from ..i18n import SPANISH
from ..models import (
    Article,
    GlossaryTerm,
    Product,
    Reference,
    SearchSynonym,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)
from ..publishing.publish import draft_is_published, publish_if_changed
from ..publishing.snapshot import ARTICLE_FIELDS, GROUP_FIELDS, SYMPTOM_FIELDS, canonical
from ..translation import FIELDS
from .files import UNREVIEWED_FILE, ContentError
from .read import Report, Unit, read_content


def digest(data: dict) -> str:
    """The digest kept on a row as ``source_hash``: what the files last loaded into it."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _set(obj, name: str, value) -> None:
    setattr(obj, f"{name}_en" if name in FIELDS.get(type(obj), ()) else name, value)


def _set_spanish(obj, es: dict | None) -> None:
    """The item's Spanish from its ``es`` part (none: no translation)."""
    es = es or {}
    for name in FIELDS[type(obj)]:
        value = es.get(name) or ""
        setattr(obj, f"{name}_{SPANISH}", value or (None if isinstance(obj, GlossaryTerm) and name == "term" else ""))
    if not isinstance(obj, Section):
        obj.translated_from = es.get("translated_from", "") if es else ""


# Fields added after content was first loaded, with the value a row had before they existed. A
# row loaded by an older version (its source_hash made without the field) still counts as not
# edited in admin when the field holds this value, so an upgrade loads new content into it.
ADDED_FIELDS = {
    SiteSettings: {"temperature_unit": "F"},
    Symptom: {"on_checklist": True},
    Section: {"figure": ""},
}


def _as_loaded_before(obj, data: dict) -> dict:
    """``data`` (canonical) without the fields added since, where they hold their old value."""

    def strip(model, item: dict) -> dict:
        added = ADDED_FIELDS.get(model, {})
        # Spanish ("es") came after every other field: rows loaded before it had none.
        return {k: v for k, v in item.items() if not (k in added and v == added[k]) and k != "es"}

    if isinstance(obj, SiteSettings):
        return strip(SiteSettings, data)
    if isinstance(obj, SymptomGroup):
        return {**strip(SymptomGroup, data), "symptoms": [strip(Symptom, s) for s in data["symptoms"]]}
    if isinstance(obj, Article):
        return {**strip(Article, data), "sections": [strip(Section, s) for s in data["sections"]]}
    return strip(type(obj), data)


def fill_symptom(symptom: Symptom, data: dict, refs: dict) -> None:
    """A symptom's fields, Spanish and reference as ``data`` (a snapshot's or a content file's) has
    them; its group and place are the caller's."""
    for name in SYMPTOM_FIELDS:
        if name != "reference":
            _set(symptom, name, data[name])
    _set_spanish(symptom, data.get("es"))
    symptom.reference = refs.get(data["reference"])


def _write(unit: Unit, existing, refs: dict | None = None) -> None:
    data = dict(unit.data)
    refs = refs if refs is not None else {r.key: r for r in Reference.objects.all()}
    obj = existing or unit.model(**unit.lookup)
    if unit.model is Article:
        if existing is None:
            obj.is_published = True  # content from the files has been reviewed
        for name in [*ARTICLE_FIELDS, "intro"]:
            _set(obj, name, data[name])
        _set_spanish(obj, data.get("es"))
        obj.save()
        obj.references.set([refs[key] for key in data["references"]])
        obj.sections.all().delete()
        es_sections = (data.get("es") or {}).get("sections") or []
        rows = []
        for i, s in enumerate(data["sections"], 1):
            section = Section(article=obj, order=i, kind=s["kind"], figure=s.get("figure", ""))
            for name in FIELDS[Section]:
                _set(section, name, s[name])
            _set_spanish(section, es_sections[i - 1] if i <= len(es_sections) else None)
            rows.append(section)
        Section.objects.bulk_create(rows)
    elif unit.model is SymptomGroup:
        for name in GROUP_FIELDS:
            _set(obj, name, data[name])
        _set_spanish(obj, data.get("es"))
        obj.order = data["order"]
        obj.save()
        keep = []
        for i, s in enumerate(data["symptoms"], 1):
            symptom = Symptom.objects.filter(slug=s["slug"]).first() or Symptom(slug=s["slug"])
            fill_symptom(symptom, s, refs)
            symptom.group = obj
            symptom.order = i
            symptom.save()
            keep.append(symptom.pk)
        obj.symptoms.exclude(pk__in=keep).delete()
    elif unit.model is Product:
        for name, value in data.items():
            if name in ("es", "other_references"):
                continue
            _set(obj, name, refs[value] if name == "reference" else value)
        _set_spanish(obj, data.get("es"))
        obj.save()
        obj.other_references.set([refs[key] for key in data["other_references"]])
    else:
        for name, value in data.items():
            if name == "es":
                continue
            if name == "reference":
                value = refs.get(value)
            _set(obj, name, value)
        if type(obj) in FIELDS:
            _set_spanish(obj, data.get("es"))
        # An item without rows of its own: its canonical form is known before it is saved.
        obj.source_hash = digest(canonical(obj))
        obj.save()
        return
    obj.source_hash = digest(canonical(obj))
    obj.save(update_fields=["source_hash"])


def load_content(root: Path, *, force: bool = False, dry_run: bool = False) -> Report:
    """Validate every file, then load them in one transaction. Raises ContentError, writing nothing."""
    units, problems = read_content(root)
    if problems:
        raise ContentError(problems)
    report = Report()
    with transaction.atomic(), reversion.create_revision():
        # Content files are reviewed before they are merged, so what they load is published, as
        # long as no editor's change waits in the draft: that must go through a reviewer first.
        draft_was_published = draft_is_published()
        reversion.set_comment("Loaded from the content files")
        # What is there already, one query per kind of item rather than one per item.
        existing_items: dict = {}
        for model in dict.fromkeys(u.model for u in units):
            names = sorted(next(u for u in units if u.model is model).lookup)
            rows = model.objects.prefetch_related("references", "sections") if model is Article else model.objects.all()
            existing_items.update({(model, *(getattr(o, n) for n in names)): o for o in rows})
        references = {r.key: r for r in Reference.objects.all()}
        new_synonyms = []
        for unit in units:
            existing = existing_items.get((unit.model, *(unit.lookup[n] for n in sorted(unit.lookup))))
            if existing is None:
                if unit.model is Reference and not dry_run:
                    _write(unit, None)
                    references = {r.key: r for r in Reference.objects.all()}
                elif unit.model is SearchSynonym:  # many small rows: written together below
                    synonym = SearchSynonym(**{**unit.lookup, **unit.data})
                    synonym.source_hash = digest(canonical(synonym))
                    new_synonyms.append(synonym)
                elif not dry_run:
                    _write(unit, None, references)
                report.created.append(unit.label)
                continue
            current = digest(canonical(existing))
            if current == digest(unit.data):
                report.unchanged.append(unit.label)
                continue
            loaded = {current, digest(_as_loaded_before(existing, canonical(existing)))}
            edited_in_admin = existing.source_hash not in loaded
            if edited_in_admin and not force:
                report.skipped.append(unit.label)
                continue
            if not dry_run:
                _write(unit, existing, references)
            report.updated.append(unit.label)
        if new_synonyms and not dry_run:
            SearchSynonym.objects.bulk_create(new_synonyms)
        if dry_run:
            transaction.set_rollback(True)
        elif (root / UNREVIEWED_FILE).exists():
            report.not_published = (
                f"Not published: {UNREVIEWED_FILE} says these files were written from a draft with changes no "
                "reviewer had published. What was loaded is in the draft; a clinical reviewer publishes it "
                "(admin: Review and publish)."
            )
        elif not draft_was_published:
            report.not_published = (
                "Not published: the draft holds changes no reviewer has published yet. What was loaded is in "
                "the draft; a clinical reviewer publishes it with them (admin: Review and publish)."
            )
        else:
            report.release = publish_if_changed("Loaded from the content files")
    return report
