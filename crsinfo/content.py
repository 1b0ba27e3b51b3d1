"""Content as files: read, validate, load and export the YAML files under ``content/``.

Each *unit* (an article with its sections, a symptom group with its symptoms,
one reference, one list item, the site settings) is compared through a
canonical dict, the same one the exporter writes. The hash of the dict that was
last loaded is kept on the row (``source_hash``): if the row no longer matches
it, an editor has changed it in admin, and loading leaves it alone unless forced.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import reversion
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Reference,
    RiskGroup,
    SearchSynonym,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)
from .rendering import check_markdown

SITE_FILE = "site.yaml"
REFERENCES_FILE = "references.yaml"
SYMPTOMS_FILE = "symptoms.yaml"
RISK_GROUPS_FILE = "risk_groups.yaml"
PREVENTION_FILE = "prevention.yaml"
ARTICLES_DIR = "articles"
GLOSSARY_FILE = "glossary.yaml"
SYNONYMS_FILE = "synonyms.yaml"
# Optional: clinics are the site's own records, exported for backups; the shipped content has none.
CLINICS_FILE = "clinics.yaml"
# Written by export_content only: the record of publications.
RELEASES_FILE = "releases.yaml"
RELEASES_DIR = "releases"
CLINIC_FIELDS = ["slug", "name", "phone_daytime", "phone_out_of_hours", "address_line", "is_active"]

SITE_FIELDS = [
    "site_name",
    "tagline",
    "emergency_number",
    "care_team_wording",
    "immunotherapy_window_days",
    "temperature_unit",
    "audience",
    "disclaimer",
]
REFERENCE_FIELDS = ["key", "title", "publisher", "url", "date"]
ARTICLE_FIELDS = ["slug", "title", "nav_title", "summary", "kind", "order", "last_reviewed", "next_review_due"]
SECTION_FIELDS = ["heading", "kind", "figure", "body"]
GROUP_FIELDS = ["slug", "name", "intro"]
SYMPTOM_FIELDS = ["slug", "name", "medical_term", "description", "urgency", "on_checklist", "reference"]
RISK_FIELDS = ["slug", "text", "reference"]
PREVENTION_FIELDS = ["slug", "kind", "text", "reference"]
GLOSSARY_FIELDS = ["slug", "term", "category", "synonyms", "definition"]
SYNONYM_FIELDS = ["phrase", "means"]


class ContentError(Exception):
    """A content file is invalid. ``problems`` lists ``file: problem`` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# --- canonical form -------------------------------------------------------


def clean_text(value: Any) -> Any:
    """Strings lose trailing spaces on each line and blank lines at either end."""
    if isinstance(value, str):
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip("\n").strip()
    return value


def digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def ref_key(reference: Reference | None) -> str:
    return reference.key if reference else ""


BLOCK_FIELDS = {"intro", "body", "audience", "disclaimer"}


def _value(obj, name: str):
    value = getattr(obj, name)
    return Block(value) if name in BLOCK_FIELDS and value else value


def site_dict(obj: SiteSettings) -> dict:
    return {name: _value(obj, name) for name in SITE_FIELDS}


def reference_dict(obj: Reference) -> dict:
    return {name: getattr(obj, name) for name in REFERENCE_FIELDS}


def article_dict(obj: Article) -> dict:
    data = {name: getattr(obj, name) for name in ARTICLE_FIELDS}
    data["references"] = sorted(r.key for r in obj.references.all())
    data["intro"] = _value(obj, "intro")
    # "figure" is written only for diagram sections.
    data["sections"] = [
        {name: _value(s, name) for name in SECTION_FIELDS if name != "figure" or s.figure} for s in obj.sections.all()
    ]
    return data


def group_dict(obj: SymptomGroup) -> dict:
    data = {name: getattr(obj, name) for name in GROUP_FIELDS}
    data["symptoms"] = [
        {
            **{name: getattr(s, name) for name in SYMPTOM_FIELDS if name != "reference"},
            "reference": ref_key(s.reference),
        }
        for s in obj.symptoms.select_related("reference").order_by("order", "pk")
    ]
    return data


def list_item_dict(obj: RiskGroup | PreventionStep, fields: list[str]) -> dict:
    return {name: ref_key(obj.reference) if name == "reference" else getattr(obj, name) for name in fields}


# --- YAML -----------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


class Block(str):
    """Long text (Markdown) that is written as a literal block, whatever its length."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_block(dumper: yaml.SafeDumper, value: Block):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value) + "\n", style="|")


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Block, _represent_block)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000, indent=2)


_parsed: dict[tuple, Any] = {}


def _parse(path: Path) -> Any:
    """The file's YAML, parsed once per version of the file (the suite loads it hundreds of times)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _parsed:
        _parsed[key] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return copy.deepcopy(_parsed[key])


def read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return _parse(path)
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text")
    except yaml.YAMLError as exc:
        problems.append(f"{path}: not valid YAML: {exc}".replace("\n", " "))
    except ValueError as exc:  # e.g. a date such as 2026-13-45
        problems.append(f"{path}: a value is not valid: {exc}")
    return None


# --- reading and validating files ------------------------------------------


@dataclass
class Unit:
    """One thing to load: its file, canonical data, and a function that writes it."""

    label: str
    path: Path
    model: type
    lookup: dict
    data: dict
    write: Any = None


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # The release made from the files, if one was (crsinfo/releases.py); otherwise why not.
    release: Any = None
    not_published: str = ""


class _Reader:
    """Checks the shape of the files and collects problems, naming file and place."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def fail(self, path: Path, where: str, message: str) -> None:
        place = f"{path.relative_to(self.root)}" + (f": {where}" if where else "")
        self.problems.append(f"{place}: {message}")

    def mapping(
        self, path: Path, where: str, raw: Any, fields: list[str], required: list[str], extra=()
    ) -> dict | None:
        if not isinstance(raw, dict):
            self.fail(path, where, "expected a mapping of field: value")
            return None
        unknown = set(raw) - set(fields) - set(extra)
        if unknown:
            self.fail(path, where, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
        missing = [name for name in required if raw.get(name) in (None, "")]
        if missing:
            self.fail(path, where, f"missing field(s): {', '.join(missing)}")
            return None
        out = {}
        for name in fields:
            value = raw.get(name, "")
            if value is None:
                value = ""
            if isinstance(value, (list, dict)):
                self.fail(path, where, f"{name}: expected a single value")
                return None
            if isinstance(value, (datetime.date, int)):
                out[name] = value
            else:
                out[name] = clean_text(str(value))
        return out

    def sequence(self, path: Path, where: str, raw: Any) -> list:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.fail(path, where, "expected a list")
            return []
        return raw


def _validate(instance, path: Path, label: str, reader: _Reader, exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=not exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            where = label if name == "__all__" else f"{label}: {name}"
            for message in messages:
                reader.fail(path, where, message)


def _check_unique(reader: _Reader, path: Path, kind: str, keys: list[str]) -> None:
    seen = set()
    for key in keys:
        if key in seen:
            reader.fail(path, "", f"{kind} “{key}” appears more than once")
        seen.add(key)


def read_content(root: Path) -> tuple[list[Unit], list[str]]:
    """Read and validate every file. Returns the units to load and a list of problems."""
    reader = _Reader(root)
    units: list[Unit] = []

    # References first: everything else may cite them.
    path = root / REFERENCES_FILE
    ref_keys: set[str] = set()
    raw_refs = reader.sequence(path, "", read_yaml(path, reader.problems))
    for i, raw in enumerate(raw_refs, 1):
        data = reader.mapping(path, f"item {i}", raw, REFERENCE_FIELDS, ["key", "title"])
        if data is None:
            continue
        data["date"] = str(data["date"])
        _validate(Reference(**data), path, f"reference {data['key']}", reader)
        ref_keys.add(data["key"])
        units.append(Unit(f"reference {data['key']}", path, Reference, {"key": data["key"]}, data))
    _check_unique(reader, path, "reference", [u.data["key"] for u in units])

    def check_ref(path: Path, label: str, key: str) -> None:
        if key and key not in ref_keys:
            reader.fail(path, label, f"reference “{key}” is not in {REFERENCES_FILE}")

    path = root / SITE_FILE
    raw = read_yaml(path, reader.problems)
    if raw is not None:
        data = reader.mapping(path, "", raw, SITE_FIELDS, ["site_name", "emergency_number", "audience", "disclaimer"])
        if data is not None:
            data["emergency_number"] = str(data["emergency_number"])
            _validate(SiteSettings(pk=1, **data), path, "site settings", reader)
            units.append(Unit("site settings", path, SiteSettings, {"pk": 1}, data))

    path = root / SYMPTOMS_FILE
    symptom_slugs: list[str] = []
    groups = reader.sequence(path, "", read_yaml(path, reader.problems))
    for i, raw in enumerate(groups, 1):
        data = reader.mapping(path, f"group {i}", raw, GROUP_FIELDS, ["slug", "name"], extra=["symptoms"])
        if data is None:
            continue
        label = f"group {data['slug']}"
        _validate(SymptomGroup(order=i, **data), path, label, reader)
        symptoms = []
        for j, raw_symptom in enumerate(reader.sequence(path, label, raw.get("symptoms")), 1):
            s = reader.mapping(path, f"{label}: symptom {j}", raw_symptom, SYMPTOM_FIELDS, ["slug", "name"])
            if s is None:
                continue
            s.setdefault("urgency", "")
            if s["on_checklist"] == "":
                s["on_checklist"] = True
            elif not isinstance(s["on_checklist"], bool):
                reader.fail(path, f"symptom {s['slug']}", "on_checklist: expected true or false")
                continue
            check_ref(path, f"symptom {s['slug']}", s["reference"])
            fields = {k: v for k, v in s.items() if k != "reference"}
            _validate(Symptom(order=j, **fields), path, f"symptom {s['slug']}", reader, exclude=["group", "reference"])
            symptoms.append(s)
            symptom_slugs.append(s["slug"])
        data["symptoms"] = symptoms
        data["order"] = i
        units.append(Unit(label, path, SymptomGroup, {"slug": data["slug"]}, data))
    _check_unique(reader, path, "group", [u.data["slug"] for u in units if u.model is SymptomGroup])
    _check_unique(reader, path, "symptom", symptom_slugs)

    for filename, model, fields in (
        (RISK_GROUPS_FILE, RiskGroup, RISK_FIELDS),
        (PREVENTION_FILE, PreventionStep, PREVENTION_FIELDS),
    ):
        path = root / filename
        slugs = []
        for i, raw in enumerate(reader.sequence(path, "", read_yaml(path, reader.problems)), 1):
            data = reader.mapping(path, f"item {i}", raw, fields, ["slug", "text"])
            if data is None:
                continue
            label = f"{model._meta.verbose_name} {data['slug']}"
            check_ref(path, label, data["reference"])
            values = {k: v for k, v in data.items() if k != "reference"}
            _validate(model(order=i, **values), path, label, reader, exclude=["reference"])
            slugs.append(data["slug"])
            units.append(Unit(label, path, model, {"slug": data["slug"]}, {**data, "order": i}))
        _check_unique(reader, path, model._meta.verbose_name, slugs)

    for filename, model, fields, key in (
        (GLOSSARY_FILE, GlossaryTerm, GLOSSARY_FIELDS, "slug"),
        (SYNONYMS_FILE, SearchSynonym, SYNONYM_FIELDS, "phrase"),
    ):
        path = root / filename
        keys = []
        for i, raw in enumerate(reader.sequence(path, "", read_yaml(path, reader.problems)), 1):
            data = reader.mapping(path, f"item {i}", raw, fields, [f for f in fields if f not in ("synonyms",)])
            if data is None:
                continue
            if model is SearchSynonym:
                data["phrase"] = " ".join(data["phrase"].lower().split())
            label = f"{model._meta.verbose_name} {data[key]}"
            _validate(model(**data), path, label, reader)
            keys.append(data[key])
            units.append(Unit(label, path, model, {key: data[key]}, data))
        _check_unique(reader, path, model._meta.verbose_name, keys)

    path = root / CLINICS_FILE
    if path.exists():
        slugs = []
        for i, raw in enumerate(reader.sequence(path, "", read_yaml(path, reader.problems)), 1):
            data = reader.mapping(path, f"item {i}", raw, CLINIC_FIELDS, ["slug", "name", "phone_daytime"])
            if data is None:
                continue
            if data["is_active"] == "":
                data["is_active"] = True
            label = f"clinic {data['slug']}"
            _validate(Clinic(**data), path, label, reader)
            slugs.append(data["slug"])
            units.append(Unit(label, path, Clinic, {"slug": data["slug"]}, data))
        _check_unique(reader, path, "clinic", slugs)

    article_dir = root / ARTICLES_DIR
    files = sorted(article_dir.glob("*.yaml")) if article_dir.is_dir() else []
    if not files:
        reader.fail(article_dir, "", "no article files (*.yaml)")
    for path in files:
        raw = read_yaml(path, reader.problems)
        if raw is None:
            continue
        data = reader.mapping(
            path, "", raw, [*ARTICLE_FIELDS, "intro"], ARTICLE_FIELDS, extra=["references", "sections"]
        )
        if data is None:
            continue
        label = f"article {data['slug']}"
        if path.stem != data["slug"]:
            reader.fail(path, label, f"the file name must be the slug: {data['slug']}.yaml")
        _validate(Article(**data), path, label, reader)
        refs = reader.sequence(path, "references", raw.get("references"))
        refs = [str(r) for r in refs]
        for key in refs:
            check_ref(path, label, key)
        sections = []
        for j, raw_section in enumerate(reader.sequence(path, "sections", raw.get("sections")), 1):
            s = reader.mapping(path, f"section {j}", raw_section, SECTION_FIELDS, ["heading", "body"])
            if s is None:
                continue
            s["kind"] = s["kind"] or Section.Kind.TEXT
            if not s["figure"]:
                del s["figure"]
            _validate(Section(order=j, **s), path, f"section {j}", reader, exclude=["article"])
            sections.append(s)
        ordered = {name: data[name] for name in ARTICLE_FIELDS}
        ordered["references"] = sorted(set(refs))
        ordered["intro"] = data["intro"]
        ordered["sections"] = sections
        units.append(Unit(label, path, Article, {"slug": data["slug"]}, ordered))
    _check_unique(reader, article_dir, "article", [u.data["slug"] for u in units if u.model is Article])
    # Markdown mistakes (raw HTML, pictures, heading jumps, empty links, links to no page).
    known = {u.data["slug"] for u in units if u.model is Article} | set(Article.objects.values_list("slug", flat=True))
    for unit in units:
        if unit.model is Article:
            checks = [("intro", unit.data["intro"])]
            checks += [(f"section {j}", s["body"]) for j, s in enumerate(unit.data["sections"], 1)]
            for where, text in checks:
                for problem in check_markdown(text, known):
                    reader.fail(unit.path, where, problem)

    return units, reader.problems


# --- loading ----------------------------------------------------------------


def canonical(obj) -> dict:
    if isinstance(obj, SiteSettings):
        return site_dict(obj)
    if isinstance(obj, Reference):
        return reference_dict(obj)
    if isinstance(obj, Article):
        return article_dict(obj)
    if isinstance(obj, SymptomGroup):
        return {**group_dict(obj), "order": obj.order}
    if isinstance(obj, RiskGroup):
        return {**list_item_dict(obj, RISK_FIELDS), "order": obj.order}
    if isinstance(obj, PreventionStep):
        return {**list_item_dict(obj, PREVENTION_FIELDS), "order": obj.order}
    if isinstance(obj, GlossaryTerm):
        return {name: getattr(obj, name) for name in GLOSSARY_FIELDS}
    if isinstance(obj, SearchSynonym):
        return {name: getattr(obj, name) for name in SYNONYM_FIELDS}
    if isinstance(obj, Clinic):
        return {name: getattr(obj, name) for name in CLINIC_FIELDS}
    raise TypeError(obj)


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
        return {k: v for k, v in item.items() if not (k in added and v == added[k])}

    if isinstance(obj, SiteSettings):
        return strip(SiteSettings, data)
    if isinstance(obj, SymptomGroup):
        return {**data, "symptoms": [strip(Symptom, s) for s in data["symptoms"]]}
    if isinstance(obj, Article):
        return {**data, "sections": [strip(Section, s) for s in data["sections"]]}
    return data


def _write(unit: Unit, existing) -> None:
    data = dict(unit.data)
    refs = {r.key: r for r in Reference.objects.all()}
    obj = existing or unit.model(**unit.lookup)
    if unit.model is Article:
        if existing is None:
            obj.is_published = True  # content from the files has been reviewed
        for name in [*ARTICLE_FIELDS, "intro"]:
            setattr(obj, name, data[name])
        obj.save()
        obj.references.set([refs[key] for key in data["references"]])
        obj.sections.all().delete()
        Section.objects.bulk_create(Section(article=obj, order=i, **s) for i, s in enumerate(data["sections"], 1))
    elif unit.model is SymptomGroup:
        for name in GROUP_FIELDS:
            setattr(obj, name, data[name])
        obj.order = data["order"]
        obj.save()
        keep = []
        for i, s in enumerate(data["symptoms"], 1):
            symptom = Symptom.objects.filter(slug=s["slug"]).first() or Symptom(slug=s["slug"])
            for name in SYMPTOM_FIELDS:
                if name != "reference":
                    setattr(symptom, name, s[name])
            symptom.reference = refs.get(s["reference"])
            symptom.group = obj
            symptom.order = i
            symptom.save()
            keep.append(symptom.pk)
        obj.symptoms.exclude(pk__in=keep).delete()
    else:
        for name, value in data.items():
            if name == "reference":
                value = refs.get(value)
            setattr(obj, name, value)
        obj.save()
    obj.source_hash = digest(canonical(obj))
    obj.save(update_fields=["source_hash"])


def load_content(root: Path, *, force: bool = False, dry_run: bool = False) -> Report:
    """Validate every file, then load them in one transaction. Raises ContentError, writing nothing."""
    units, problems = read_content(root)
    if problems:
        raise ContentError(problems)
    from . import releases

    report = Report()
    with transaction.atomic(), reversion.create_revision():
        # Content files are reviewed before they are merged, so what they load is published, as
        # long as no editor's change waits in the draft: that must go through a reviewer first.
        base_release, base = releases.latest_snapshot()
        draft_was_published = base is None or releases.digest_of(releases.draft_snapshot(base)) == base_release.digest
        reversion.set_comment("Loaded from the content files")
        for unit in units:
            existing = unit.model.objects.filter(**unit.lookup).first()
            if existing is None:
                if not dry_run:
                    _write(unit, None)
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
                _write(unit, existing)
            report.updated.append(unit.label)
        if dry_run:
            transaction.set_rollback(True)
        elif not draft_was_published:
            report.not_published = (
                "Not published: the draft holds changes no reviewer has published yet. What was loaded is in "
                "the draft; a clinical reviewer publishes it with them (admin: Review and publish)."
            )
        elif base is None or releases.digest_of(releases.draft_snapshot(base)) != base_release.digest:
            report.release = releases.publish(note="Loaded from the content files", reviews_from_draft=True)
    return report


# --- exporting --------------------------------------------------------------


def export_content(root: Path) -> list[Path]:
    """Write the database to ``root`` in the format ``load_content`` reads. Returns the files written."""
    written: list[Path] = []

    def write(path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_yaml(data), encoding="utf-8")
        written.append(path)

    settings = SiteSettings.objects.filter(pk=1).first()
    if settings:
        write(root / SITE_FILE, site_dict(settings))
    write(root / REFERENCES_FILE, [reference_dict(r) for r in sorted(Reference.objects.all(), key=lambda r: r.key)])
    write(
        root / SYMPTOMS_FILE,
        [group_dict(g) for g in SymptomGroup.objects.order_by("order", "pk")],
    )
    write(root / RISK_GROUPS_FILE, [list_item_dict(r, RISK_FIELDS) for r in RiskGroup.objects.order_by("order", "pk")])
    write(
        root / PREVENTION_FILE,
        [list_item_dict(p, PREVENTION_FIELDS) for p in PreventionStep.objects.order_by("order", "pk")],
    )
    # Sorted in Python: database collations order punctuation and case differently.
    write(
        root / GLOSSARY_FILE, [canonical(t) for t in sorted(GlossaryTerm.objects.all(), key=lambda t: t.term.lower())]
    )
    write(root / SYNONYMS_FILE, [canonical(s) for s in sorted(SearchSynonym.objects.all(), key=lambda s: s.phrase)])
    for article in Article.objects.prefetch_related("references", "sections"):
        write(root / ARTICLES_DIR / f"{article.slug}.yaml", article_dict(article))
    clinics = [canonical(c) for c in Clinic.objects.order_by("slug")]
    if clinics:
        write(root / CLINICS_FILE, clinics)
    # The publications, for the record: who published what and when, and each snapshot as it was
    # (crsinfo/releases.py). load_content does not read them; a database backup restores them.
    from .models import Release

    publications = []
    for release in Release.objects.order_by("pk"):
        snapshot = root / RELEASES_DIR / f"{release.pk:05d}.json"
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(release.content, encoding="utf-8")
        written.append(snapshot)
        publications.append(
            {
                "number": release.pk,
                "digest": release.digest,
                "published_by": release.published_by_name,
                "created_at": release.created_at.isoformat(),
                "go_live_at": release.go_live_at.isoformat(),
                "cancelled": release.cancelled,
                "restored_from": release.restored_from_id,
                "note": release.note,
                "changes": release.changes,
            }
        )
    if publications:
        write(root / RELEASES_FILE, publications)
    return written
