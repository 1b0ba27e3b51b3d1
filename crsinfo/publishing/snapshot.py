"""The snapshot: the whole draft as one JSON document, the format every release is stored in.

Each item has a *canonical dict* (the same one ``export_content`` writes as YAML), so a snapshot,
a release diff and the content files agree field by field. The digest of the encoded snapshot
names a release: pages are cached under it, and a reviewer publishes exactly the digest they saw.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from ..i18n import SPANISH, english, spanish
from ..models import (
    Article,
    Clinic,
    GlossaryTerm,
    OldSlug,
    PreventionStep,
    Product,
    Reference,
    RiskGroup,
    SearchSynonym,
    Section,
    SiteSettings,
    SymptomGroup,
)
from ..translation import FIELDS

FORMAT = 1
REVIEW_FIELDS = ("last_reviewed", "next_review_due", "reviewed_by")
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
# The table of treatments: "reference" is a key, "other_references" a sorted list of keys.
PRODUCT_FIELDS = [
    "slug",
    "brand_name",
    "generic_name",
    "kind",
    "crs_onset",
    "nerve_onset",
    "stay_near",
    "driving",
    "reference",
    "other_references",
    "label_revision",
    "checked_on",
]
# Spanish: content/es/ holds the same files with the translated fields only (crsinfo/i18n.py).


class Block(str):
    """Long text (Markdown) that is written as a literal block, whatever its length."""


def clean_text(value: Any) -> Any:
    """Strings lose trailing spaces on each line and blank lines at either end."""
    if isinstance(value, str):
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip("\n").strip()
    return value


def ref_key(reference: Reference | None) -> str:
    return reference.key if reference else ""


BLOCK_FIELDS = {"intro", "body", "audience", "disclaimer"}


def _english(obj, name: str):
    """A field's value; for a translated field, the English (whatever language is active)."""
    if name in FIELDS.get(type(obj), ()):
        return english(obj, name)
    return getattr(obj, name)


def block(name: str, value):
    return Block(value) if name in BLOCK_FIELDS and value else value


def _english_block(obj, name: str):
    return block(name, _english(obj, name))


def _spanish_part(obj, sections=None) -> dict | None:
    """The item's Spanish, as content/es/ holds it; None when it has none."""
    data = {name: block(name, spanish(obj, name)) for name in FIELDS[type(obj)]}
    texts = list(data.values())
    if sections is not None:
        data["sections"] = [{name: block(name, spanish(x, name)) for name in FIELDS[Section]} for x in sections]
        texts += [v for x in data["sections"] for v in x.values()]
    if not any(texts):
        return None
    data["translated_from"] = obj.translated_from
    return data


def _with_spanish(data: dict, es: dict | None) -> dict:
    if es is not None:
        data["es"] = es
    return data


def site_dict(obj: SiteSettings) -> dict:
    return _with_spanish({name: _english_block(obj, name) for name in SITE_FIELDS}, _spanish_part(obj))


def reference_dict(obj: Reference) -> dict:
    return {name: getattr(obj, name) for name in REFERENCE_FIELDS}


def article_dict(obj: Article) -> dict:
    data = {name: _english(obj, name) for name in ARTICLE_FIELDS}
    data["references"] = sorted(r.key for r in obj.references.all())
    data["intro"] = _english_block(obj, "intro")
    sections = list(obj.sections.all())
    # "figure" is written only for diagram sections.
    data["sections"] = [
        {name: _english_block(s, name) for name in SECTION_FIELDS if name != "figure" or s.figure} for s in sections
    ]
    return _with_spanish(data, _spanish_part(obj, sections))


def group_dict(obj: SymptomGroup) -> dict:
    data = {name: _english(obj, name) for name in GROUP_FIELDS}
    data["symptoms"] = [
        _with_spanish(
            {
                **{name: _english(s, name) for name in SYMPTOM_FIELDS if name != "reference"},
                "reference": ref_key(s.reference),
            },
            _spanish_part(s),
        )
        for s in obj.symptoms.select_related("reference").order_by("order", "pk")
    ]
    return _with_spanish(data, _spanish_part(obj))


def list_item_dict(obj: RiskGroup | PreventionStep, fields: list[str]) -> dict:
    data = {name: ref_key(obj.reference) if name == "reference" else _english(obj, name) for name in fields}
    return _with_spanish(data, _spanish_part(obj))


def product_dict(obj: Product) -> dict:
    """A row of the table of treatments. Releases made before the table existed have none."""
    data = {name: _english(obj, name) for name in PRODUCT_FIELDS if name not in ("reference", "other_references")}
    data["reference"] = ref_key(obj.reference)
    data["other_references"] = sorted(r.key for r in obj.other_references.all()) if obj.pk else []
    return _with_spanish({name: data[name] for name in PRODUCT_FIELDS}, _spanish_part(obj))


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
        return _with_spanish({name: _english(obj, name) for name in GLOSSARY_FIELDS}, _spanish_part(obj))
    if isinstance(obj, SearchSynonym):
        return {name: getattr(obj, name) for name in SYNONYM_FIELDS}
    if isinstance(obj, Clinic):
        return _with_spanish({name: _english(obj, name) for name in CLINIC_FIELDS}, _spanish_part(obj))
    if isinstance(obj, Product):
        return {**product_dict(obj), "order": obj.order}
    raise TypeError(obj)


def json_ready(value):
    """JSON-ready and normalised: line endings and trailing spaces never count as a change."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return clean_text(str(value))
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
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
        data = article_dict(article)
        # Each section's identity, so a diff matches sections by identity, not position
        # (crsinfo/publishing/diffs.py). Only in releases: the content files do not carry it.
        for section, row in zip(article.sections.all(), data["sections"], strict=True):
            row["id"] = section.pk
        data.update(is_published=article.is_published, is_retired=article.is_retired)
        data["reviewed_by"] = article.reviewed_by
        if base is not None:
            data.update(base_reviews.get(article.slug, dict.fromkeys(REVIEW_FIELDS)))
        data["old_slugs"] = old_slugs.get(article.pk, [])
        articles.append(data)
    snapshot = {
        "format": FORMAT,
        "site": site_dict(settings),
        "references": [reference_dict(r) for r in Reference.objects.order_by("key")],
        "symptoms": [group_dict(g) for g in SymptomGroup.objects.order_by("order", "pk")],
        "risk_groups": [list_item_dict(r, RISK_FIELDS) for r in RiskGroup.objects.order_by("order", "pk")],
        "prevention": [list_item_dict(p, PREVENTION_FIELDS) for p in PreventionStep.objects.order_by("order", "pk")],
        "glossary": [
            canonical(t) for t in sorted(GlossaryTerm.objects.all(), key=lambda t: english(t, "term").lower())
        ],
        "synonyms": [canonical(s) for s in SearchSynonym.objects.filter(language="en").order_by("phrase")],
        "synonyms_es": [canonical(s) for s in SearchSynonym.objects.filter(language=SPANISH).order_by("phrase")],
        "clinics": [canonical(c) for c in Clinic.objects.order_by("slug")],
        "articles": articles,
    }
    # The table of treatments, only when it has rows: a draft without any is the same snapshot
    # (and digest) as a release made before the table existed.
    products = [
        product_dict(p)
        for p in Product.objects.select_related("reference")
        .prefetch_related("other_references")
        .order_by("order", "pk")
    ]
    if products:
        snapshot["products"] = products
    return json_ready(snapshot)


def without_section_ids(snapshot: dict) -> dict:
    """The snapshot as releases made before sections had ids hold it."""
    copy = json.loads(json.dumps(snapshot))
    for article in copy.get("articles", []):
        for section in article.get("sections", []):
            section.pop("id", None)
    return copy


def same_content(release_digest: str, snapshot: dict) -> bool:
    """Whether ``snapshot`` is what a release holds: a release made before sections had ids
    holds the same content without them."""
    return digest_of(snapshot) == release_digest or digest_of(without_section_ids(snapshot)) == release_digest


def encode(snapshot: dict) -> str:
    """A snapshot as stored in a ``Release``: canonical JSON, keys sorted."""
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest_of(snapshot: dict) -> str:
    """A release's name: the SHA-256 of its encoded snapshot. Pages are cached under it, and a
    reviewer publishes exactly the digest they saw."""
    return hashlib.sha256(encode(snapshot).encode()).hexdigest()
