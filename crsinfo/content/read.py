"""Reading and checking the content files: every problem found, named by file and place, before
anything is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from ..i18n import SPANISH, english_digest_of_data
from ..models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Product,
    Reference,
    RiskGroup,
    SearchSynonym,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)
from ..publishing.snapshot import (
    ARTICLE_FIELDS,
    CLINIC_FIELDS,
    GLOSSARY_FIELDS,
    GROUP_FIELDS,
    PREVENTION_FIELDS,
    PRODUCT_FIELDS,
    REFERENCE_FIELDS,
    RISK_FIELDS,
    SECTION_FIELDS,
    SITE_FIELDS,
    SYMPTOM_FIELDS,
    SYNONYM_FIELDS,
    block,
    clean_text,
)
from ..text.markdown import check_markdown
from ..translation import FIELDS
from .files import (
    ARTICLES_DIR,
    CLINICS_FILE,
    GLOSSARY_FILE,
    PREVENTION_FILE,
    PRODUCTS_FILE,
    REFERENCES_FILE,
    RISK_GROUPS_FILE,
    SITE_FILE,
    SPANISH_DIR,
    SYMPTOMS_FILE,
    SYNONYMS_FILE,
    read_yaml,
)


@dataclass
class Unit:
    """One thing to load: its file, the model and lookup of its row, and its canonical data."""

    label: str
    path: Path
    model: type
    lookup: dict
    data: dict


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # The release made from the files, if one was (crsinfo/publishing/publish.py); otherwise why not.
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
    ref_urls: dict[str, str] = {}
    raw_refs = reader.sequence(path, "", read_yaml(path, reader.problems))
    for i, raw in enumerate(raw_refs, 1):
        data = reader.mapping(path, f"item {i}", raw, REFERENCE_FIELDS, ["key", "title"])
        if data is None:
            continue
        data["date"] = str(data["date"])
        _validate(Reference(**data), path, f"reference {data['key']}", reader)
        ref_keys.add(data["key"])
        ref_urls[data["key"]] = data["url"]
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

    path = root / PRODUCTS_FILE
    if path.exists():
        _read_products(reader, path, units, ref_keys, ref_urls)

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


def _read_products(reader: _Reader, path: Path, units: list[Unit], ref_keys: set, ref_urls: dict) -> None:
    """The table of treatments: every row cites a source with a web address, and is dated (the
    label's revision, or when an editor checked the row)."""
    fields = [f for f in PRODUCT_FIELDS if f != "other_references"]
    slugs = []
    for i, raw in enumerate(reader.sequence(path, "", read_yaml(path, reader.problems)), 1):
        data = reader.mapping(
            path,
            f"item {i}",
            raw,
            fields,
            ["slug", "brand_name", "generic_name", "kind", "reference"],
            extra=["other_references"],
        )
        if data is None:
            continue
        label = f"treatment {data['slug']}"
        checked = data["checked_on"]
        if checked and not isinstance(checked, datetime.date):
            reader.fail(path, f"{label}: checked_on", "expected a date written as YYYY-MM-DD")
            continue
        data["checked_on"] = checked or None
        data["label_revision"] = str(data["label_revision"])
        others = [str(k) for k in reader.sequence(path, f"{label}: other_references", raw.get("other_references"))]
        for key in [data["reference"], *others]:
            if key not in ref_keys:
                reader.fail(path, label, f"reference “{key}” is not in {REFERENCES_FILE}")
        if data["reference"] in ref_keys and not ref_urls.get(data["reference"]):
            reader.fail(path, f"{label}: reference", f"“{data['reference']}” has no web address (url)")
        if not data["label_revision"] and not data["checked_on"]:
            reader.fail(path, label, "give label_revision (the label's revision date) or checked_on, or both")
        values = {k: v for k, v in data.items() if k != "reference"}
        _validate(Product(order=i, **values), path, label, reader, exclude=["reference", "other_references"])
        slugs.append(data["slug"])
        units.append(
            Unit(
                label,
                path,
                Product,
                {"slug": data["slug"]},
                {**data, "other_references": sorted(set(others)), "order": i},
            )
        )
    _check_unique(reader, path, "treatment", slugs)


def _read_spanish(root: Path, reader: _Reader, units: list[Unit]) -> None:
    """content/es/: the Spanish of items the English files define, matched by slug. Each item's
    ``translated_from`` (the English it was translated from) defaults to the English beside it:
    files are reviewed together, so a translation in the files is up to date unless it says."""
    by_key = {(u.model, u.lookup.get("slug") or u.lookup.get("pk")): u for u in units}

    def spanish(path, where, raw, model, english: dict, extra=()) -> dict | None:
        fields = list(FIELDS[model])
        data = reader.mapping(path, where, raw, ["slug", *fields, "translated_from"], [], extra=extra)
        if data is None:
            return None
        for name in fields:
            limit = model._meta.get_field(f"{name}_{SPANISH}").max_length
            if limit and len(data[name]) > limit:
                reader.fail(path, f"{where}: {name}", f"longer than {limit} characters")
        es = {name: block(name, data[name]) for name in fields}
        if not any(es.values()) and "sections" not in extra:
            return None
        es["translated_from"] = data["translated_from"] or english_digest_of_data(model, english)
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
        (PRODUCTS_FILE, Product),
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
            data = reader.mapping(path, f"section {j}", raw_section, list(FIELDS[Section]), [])
            if data is not None:
                sections.append({name: block(name, data[name]) for name in FIELDS[Section]})
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
            _validate(SearchSynonym(language=SPANISH, **data), path, label, reader, exclude=["language"])
            phrases.append(data["phrase"])
            units.append(Unit(label, path, SearchSynonym, {"language": SPANISH, "phrase": data["phrase"]}, data))
        _check_unique(reader, path, "search synonym", phrases)
