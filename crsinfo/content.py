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

from . import translation as tr
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
# Spanish: content/es/ holds the same files with the translated fields only (crsinfo/translation.py).
SPANISH_DIR = tr.LANGUAGE


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


def _get(obj, name: str):
    """A field's value; for a translated field, the English (whatever language is active)."""
    if name in tr.FIELDS.get(type(obj), ()):
        return tr.english(obj, name)
    return getattr(obj, name)


def _set(obj, name: str, value) -> None:
    setattr(obj, f"{name}_en" if name in tr.FIELDS.get(type(obj), ()) else name, value)


def _set_spanish(obj, es: dict | None) -> None:
    """The item's Spanish from its ``es`` part (none: no translation)."""
    es = es or {}
    for name in tr.FIELDS[type(obj)]:
        value = es.get(name) or ""
        setattr(
            obj, f"{name}_{tr.LANGUAGE}", value or (None if isinstance(obj, GlossaryTerm) and name == "term" else "")
        )
    if not isinstance(obj, Section):
        obj.translated_from = es.get("translated_from", "") if es else ""


def _block(name: str, value):
    return Block(value) if name in BLOCK_FIELDS and value else value


def _value(obj, name: str):
    return _block(name, _get(obj, name))


def _es(obj, sections=None) -> dict | None:
    """The item's Spanish, as content/es/ holds it; None when it has none."""
    data = {name: _block(name, tr.spanish(obj, name)) for name in tr.FIELDS[type(obj)]}
    texts = list(data.values())
    if sections is not None:
        data["sections"] = [{name: _block(name, tr.spanish(x, name)) for name in tr.FIELDS[Section]} for x in sections]
        texts += [v for x in data["sections"] for v in x.values()]
    if not any(texts):
        return None
    data["translated_from"] = obj.translated_from
    return data


def _with_es(data: dict, es: dict | None) -> dict:
    if es is not None:
        data["es"] = es
    return data


def site_dict(obj: SiteSettings) -> dict:
    return _with_es({name: _value(obj, name) for name in SITE_FIELDS}, _es(obj))


def reference_dict(obj: Reference) -> dict:
    return {name: getattr(obj, name) for name in REFERENCE_FIELDS}


def article_dict(obj: Article) -> dict:
    data = {name: _get(obj, name) for name in ARTICLE_FIELDS}
    data["references"] = sorted(r.key for r in obj.references.all())
    data["intro"] = _value(obj, "intro")
    sections = list(obj.sections.all())
    # "figure" is written only for diagram sections.
    data["sections"] = [
        {name: _value(s, name) for name in SECTION_FIELDS if name != "figure" or s.figure} for s in sections
    ]
    return _with_es(data, _es(obj, sections))


def group_dict(obj: SymptomGroup) -> dict:
    data = {name: _get(obj, name) for name in GROUP_FIELDS}
    data["symptoms"] = [
        _with_es(
            {
                **{name: _get(s, name) for name in SYMPTOM_FIELDS if name != "reference"},
                "reference": ref_key(s.reference),
            },
            _es(s),
        )
        for s in obj.symptoms.select_related("reference").order_by("order", "pk")
    ]
    return _with_es(data, _es(obj))


def list_item_dict(obj: RiskGroup | PreventionStep, fields: list[str]) -> dict:
    data = {name: ref_key(obj.reference) if name == "reference" else _get(obj, name) for name in fields}
    return _with_es(data, _es(obj))


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
            # Unique phrases are checked in the file below, not against the database.
            _validate(model(**data), path, label, reader, exclude=["language"] if model is SearchSynonym else ())
            keys.append(data[key])
            lookup = {"language": "en", key: data[key]} if model is SearchSynonym else {key: data[key]}
            units.append(Unit(label, path, model, lookup, data))
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
    if (root / SPANISH_DIR).is_dir():
        _read_spanish(root / SPANISH_DIR, reader, units)
    # Markdown mistakes (raw HTML, pictures, heading jumps, empty links, links to no page).
    known = {u.data["slug"] for u in units if u.model is Article} | set(Article.objects.values_list("slug", flat=True))
    for unit in units:
        if unit.model is Article:
            checks = [(unit.path, "intro", unit.data["intro"])]
            checks += [(unit.path, f"section {j}", s["body"]) for j, s in enumerate(unit.data["sections"], 1)]
            es = unit.data.get("es")
            if es:
                es_path = root / SPANISH_DIR / ARTICLES_DIR / unit.path.name
                checks.append((es_path, "intro", es["intro"]))
                checks += [(es_path, f"section {j}", s["body"]) for j, s in enumerate(es["sections"], 1)]
            for path, where, text in checks:
                for problem in check_markdown(text, known):
                    reader.fail(path, where, problem)

    return units, reader.problems


def _read_spanish(root: Path, reader: _Reader, units: list[Unit]) -> None:
    """content/es/: the Spanish of items the English files define, matched by slug. Each item's
    ``translated_from`` (the English it was translated from) defaults to the English beside it:
    files are reviewed together, so a translation in the files is up to date unless it says."""
    by_key = {(u.model, u.lookup.get("slug") or u.lookup.get("pk")): u for u in units}

    def spanish(path, where, raw, model, english: dict, extra=()) -> dict | None:
        fields = list(tr.FIELDS[model])
        data = reader.mapping(path, where, raw, ["slug", *fields, "translated_from"], [], extra=extra)
        if data is None:
            return None
        for name in fields:
            limit = model._meta.get_field(f"{name}_{tr.LANGUAGE}").max_length
            if limit and len(data[name]) > limit:
                reader.fail(path, f"{where}: {name}", f"longer than {limit} characters")
        es = {name: _block(name, data[name]) for name in fields}
        if not any(es.values()) and "sections" not in extra:
            return None
        es["translated_from"] = data["translated_from"] or tr.english_digest_of_data(model, english)
        return es

    def each(filename: str, model, extra=()):
        path = root / filename
        if not path.exists():
            return
        for i, raw in enumerate(reader.sequence(path, "", read_yaml(path, reader.problems)), 1):
            slug = raw.get("slug") if isinstance(raw, dict) else None
            unit = by_key.get((model, slug))
            if unit is None:
                reader.fail(path, f"item {i}", f"no item “{slug}” in the English {filename}")
                continue
            yield path, raw, unit

    path = root / SITE_FILE
    if path.exists() and (SiteSettings, 1) in by_key:
        unit = by_key[(SiteSettings, 1)]
        raw = read_yaml(path, reader.problems)
        if isinstance(raw, dict):
            raw = {**raw, "slug": ""}
        es = spanish(path, "", raw, SiteSettings, unit.data)
        if es:
            unit.data["es"] = es
    for path, raw, unit in each(SYMPTOMS_FILE, SymptomGroup, extra=["symptoms"]):
        es = spanish(path, f"group {unit.data['slug']}", raw, SymptomGroup, unit.data, extra=["symptoms"])
        if es:
            unit.data["es"] = es
        symptoms = {s["slug"]: s for s in unit.data["symptoms"]}
        for raw_symptom in reader.sequence(path, unit.label, raw.get("symptoms")):
            slug = raw_symptom.get("slug") if isinstance(raw_symptom, dict) else None
            if slug not in symptoms:
                reader.fail(path, unit.label, f"no symptom “{slug}” in this group in the English {SYMPTOMS_FILE}")
                continue
            es = spanish(path, f"symptom {slug}", raw_symptom, Symptom, symptoms[slug])
            if es:
                symptoms[slug]["es"] = es
    for filename, model in (
        (RISK_GROUPS_FILE, RiskGroup),
        (PREVENTION_FILE, PreventionStep),
        (GLOSSARY_FILE, GlossaryTerm),
    ):
        for path, raw, unit in each(filename, model):
            es = spanish(path, unit.label, raw, model, unit.data)
            if es:
                unit.data["es"] = es
    if (root / CLINICS_FILE).exists():
        for path, raw, unit in each(CLINICS_FILE, Clinic):
            es = spanish(path, unit.label, raw, Clinic, unit.data)
            if es:
                unit.data["es"] = es
    for path in sorted((root / ARTICLES_DIR).glob("*.yaml")):
        raw = read_yaml(path, reader.problems)
        unit = by_key.get((Article, path.stem))
        if unit is None:
            reader.fail(path, "", f"no article “{path.stem}” in English")
            continue
        if not isinstance(raw, dict) or raw.get("slug") != path.stem:
            reader.fail(path, "", f"slug: must be {path.stem}, as the file name")
            continue
        es = spanish(path, "", raw, Article, unit.data, extra=["sections"])
        if es is None:
            continue
        sections = []
        for j, raw_section in enumerate(reader.sequence(path, "sections", raw.get("sections")), 1):
            data = reader.mapping(path, f"section {j}", raw_section, list(tr.FIELDS[Section]), [])
            if data is not None:
                sections.append({name: _block(name, data[name]) for name in tr.FIELDS[Section]})
        if len(sections) != len(unit.data["sections"]):
            reader.fail(
                path, "sections", f"{len(sections)} sections, but the English page has {len(unit.data['sections'])}"
            )
            continue
        es["sections"] = sections
        unit.data["es"] = es
    path = root / SYNONYMS_FILE
    if path.exists():
        phrases = []
        for i, raw in enumerate(reader.sequence(path, "", read_yaml(path, reader.problems)), 1):
            data = reader.mapping(path, f"item {i}", raw, SYNONYM_FIELDS, SYNONYM_FIELDS)
            if data is None:
                continue
            data["phrase"] = " ".join(data["phrase"].lower().split())
            label = f"search synonym (es) {data['phrase']}"
            _validate(SearchSynonym(language=tr.LANGUAGE, **data), path, label, reader, exclude=["language"])
            phrases.append(data["phrase"])
            units.append(Unit(label, path, SearchSynonym, {"language": tr.LANGUAGE, "phrase": data["phrase"]}, data))
        _check_unique(reader, path, "search synonym", phrases)


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
        return _with_es({name: _get(obj, name) for name in GLOSSARY_FIELDS}, _es(obj))
    if isinstance(obj, SearchSynonym):
        return {name: getattr(obj, name) for name in SYNONYM_FIELDS}
    if isinstance(obj, Clinic):
        return _with_es({name: _get(obj, name) for name in CLINIC_FIELDS}, _es(obj))
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
        # Spanish ("es") came after every other field: rows loaded before it had none.
        return {k: v for k, v in item.items() if not (k in added and v == added[k]) and k != "es"}

    if isinstance(obj, SiteSettings):
        return strip(SiteSettings, data)
    if isinstance(obj, SymptomGroup):
        return {**strip(SymptomGroup, data), "symptoms": [strip(Symptom, s) for s in data["symptoms"]]}
    if isinstance(obj, Article):
        return {**strip(Article, data), "sections": [strip(Section, s) for s in data["sections"]]}
    return strip(type(obj), data)


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
            for name in tr.FIELDS[Section]:
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
            for name in SYMPTOM_FIELDS:
                if name != "reference":
                    _set(symptom, name, s[name])
            _set_spanish(symptom, s.get("es"))
            symptom.reference = refs.get(s["reference"])
            symptom.group = obj
            symptom.order = i
            symptom.save()
            keep.append(symptom.pk)
        obj.symptoms.exclude(pk__in=keep).delete()
    else:
        for name, value in data.items():
            if name == "es":
                continue
            if name == "reference":
                value = refs.get(value)
            _set(obj, name, value)
        if type(obj) in tr.FIELDS:
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
    from . import releases

    report = Report()
    with transaction.atomic(), reversion.create_revision():
        # Content files are reviewed before they are merged, so what they load is published, as
        # long as no editor's change waits in the draft: that must go through a reviewer first.
        base_release, base = releases.latest_snapshot()
        draft_was_published = base is None or releases.digest_of(releases.draft_snapshot(base)) == base_release.digest
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

    es_root = root / SPANISH_DIR

    def split(data: dict) -> tuple[dict, dict | None]:
        """An item's English and its Spanish (with its key), as the two sets of files hold them."""
        data = dict(data)
        es = data.pop("es", None)
        key = {"slug": data["slug"]} if "slug" in data else {}
        if "symptoms" in data:
            pairs = [split(x) for x in data["symptoms"]]
            data["symptoms"] = [english for english, _ in pairs]
            spanish_symptoms = [x for _, x in pairs if x]
            if spanish_symptoms:
                es = {**(es or {}), "symptoms": spanish_symptoms}
        return data, ({**key, **es} if es else None)

    def write_both(filename: str, items: list[dict]) -> None:
        pairs = [split(x) for x in items]
        write(root / filename, [english for english, _ in pairs])
        spanish = [x for _, x in pairs if x]
        if spanish:
            write(es_root / filename, spanish)

    settings = SiteSettings.objects.filter(pk=1).first()
    if settings:
        english, es = split(site_dict(settings))
        write(root / SITE_FILE, english)
        if es:
            write(es_root / SITE_FILE, es)
    write(root / REFERENCES_FILE, [reference_dict(r) for r in sorted(Reference.objects.all(), key=lambda r: r.key)])
    write_both(SYMPTOMS_FILE, [group_dict(g) for g in SymptomGroup.objects.order_by("order", "pk")])
    write_both(RISK_GROUPS_FILE, [list_item_dict(r, RISK_FIELDS) for r in RiskGroup.objects.order_by("order", "pk")])
    write_both(
        PREVENTION_FILE, [list_item_dict(p, PREVENTION_FIELDS) for p in PreventionStep.objects.order_by("order", "pk")]
    )
    # Sorted in Python: database collations order punctuation and case differently.
    write_both(
        GLOSSARY_FILE, [canonical(t) for t in sorted(GlossaryTerm.objects.all(), key=lambda t: _get(t, "term").lower())]
    )
    for language, folder in (("en", root), (tr.LANGUAGE, es_root)):
        synonyms = SearchSynonym.objects.filter(language=language)
        if synonyms or language == "en":
            write(folder / SYNONYMS_FILE, [canonical(s) for s in sorted(synonyms, key=lambda s: s.phrase)])
    for article in Article.objects.prefetch_related("references", "sections"):
        english, es = split(article_dict(article))
        write(root / ARTICLES_DIR / f"{article.slug}.yaml", english)
        if es:
            write(es_root / ARTICLES_DIR / f"{article.slug}.yaml", es)
    clinics = [canonical(c) for c in Clinic.objects.order_by("slug")]
    if clinics:
        write_both(CLINICS_FILE, clinics)
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
