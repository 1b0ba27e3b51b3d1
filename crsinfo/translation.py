"""Which content is translated, and whether a translation is still up to date.

django-modeltranslation adds a column per language next to each field named here (``title_en``,
``title_es``), on the same row, so the draft, the admin form, django-reversion's history and the
release snapshot all hold the Spanish beside the English: a translation is a change to the draft
like any other and reaches readers only through a reviewer's publication (crsinfo/releases.py).

Why modeltranslation rather than django-parler: parler moves translated fields into separate
tables (a rewrite of every model, query and export here) and its admin does not translate
inline rows such as an article's sections; modeltranslation keeps the rows as they are, shows the
languages side by side in admin forms and inlines, and is well kept (Django 5.1+).

Each translated item keeps ``translated_from``: a digest of the English it was translated from.
When the English changes, ``is_out_of_date`` says so, in admin and on the review page.
"""

from __future__ import annotations

import hashlib
import json

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    RiskGroup,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)

LANGUAGE = "es"  # the one translation the site has; English is the source.

# model -> fields translated. Everything else (slugs, urgency, numbers, phones) is shared.
FIELDS = {
    SiteSettings: ("site_name", "tagline", "care_team_wording", "audience", "disclaimer"),
    Article: ("title", "nav_title", "summary", "intro"),
    Section: ("heading", "body"),
    SymptomGroup: ("name", "intro"),
    Symptom: ("name", "medical_term", "description"),
    RiskGroup: ("text",),
    PreventionStep: ("text",),
    GlossaryTerm: ("term", "synonyms", "definition"),
    Clinic: ("name",),
}


def _options(model, fields, **extra):
    attrs = {"fields": fields, "required_languages": ("en",), **extra}
    register(model)(type(f"{model.__name__}TranslationOptions", (TranslationOptions,), attrs))


for _model, _fields in FIELDS.items():
    # A glossary term is unique in each language: an untranslated one is NULL, not "", so two
    # untranslated terms do not collide.
    _options(_model, _fields, **({"empty_values": {"term": None}} if _model is GlossaryTerm else {}))


def english(obj, name: str) -> str:
    return getattr(obj, f"{name}_en", None) or ""


def spanish(obj, name: str) -> str:
    return getattr(obj, f"{name}_{LANGUAGE}", None) or ""


def digest_texts(parts: list) -> str:
    data = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def english_digest(obj) -> str:
    """A digest of the English text of an item (an article with its sections' text)."""
    parts = [english(obj, name) for name in FIELDS[type(obj)]]
    if isinstance(obj, Article):
        sections = obj.sections.all() if obj.pk else []
        parts.append([[english(s, name) for name in FIELDS[Section]] for s in sections])
    return digest_texts(parts)


def english_digest_of_data(model, data: dict) -> str:
    """The same digest, from an item as the content files hold it (crsinfo/content.py)."""
    parts = [data.get(name) or "" for name in FIELDS[model]]
    if model is Article:
        parts.append([[s.get(name) or "" for name in FIELDS[Section]] for s in data["sections"]])
    return digest_texts(parts)


def has_translation(obj) -> bool:
    if any(spanish(obj, name) for name in FIELDS[type(obj)]):
        return True
    return (
        isinstance(obj, Article)
        and obj.pk
        and any(spanish(s, n) for s in obj.sections.all() for n in ("heading", "body"))
    )


def is_out_of_date(obj) -> bool:
    """The English changed after the Spanish was written (or the Spanish was never checked)."""
    return has_translation(obj) and obj.translated_from != english_digest(obj)


# Fields a translation may leave empty even when the English has them: other forms of a word.
OPTIONAL = {GlossaryTerm: {"synonyms"}}


def missing(obj, sections=None) -> list[str]:
    """The fields with English but no Spanish: an item is translated when this is empty."""
    optional = OPTIONAL.get(type(obj), set())
    out = [name for name in FIELDS[type(obj)] if name not in optional and english(obj, name) and not spanish(obj, name)]
    for i, section in enumerate(sections or [], 1):
        out += [
            f"section {i} {name}" for name in FIELDS[Section] if english(section, name) and not spanish(section, name)
        ]
    return out
