"""Which content is translated: django-modeltranslation's registration (found by its autodiscovery).

django-modeltranslation adds a column per language next to each field named here (``title_en``,
``title_es``), on the same row, so the draft, the admin form, django-reversion's history and the
release snapshot all hold the Spanish beside the English: a translation is a change to the draft
like any other and reaches readers only through a reviewer's publication (crsinfo/publishing/).

Why modeltranslation rather than django-parler: parler moves translated fields into separate
tables (a rewrite of every model, query and export here) and its admin does not translate
inline rows such as an article's sections; modeltranslation keeps the rows as they are, shows the
languages side by side in admin forms and inlines, and is well kept (Django 5.1+).

What is done with the translations (which language a request is in, whether an item is
translated and up to date, the English fallback) is in crsinfo/i18n.py.
"""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Product,
    RiskGroup,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)

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
    Product: ("crs_onset", "nerve_onset", "stay_near", "driving", "label_revision"),
}


def _options(model, fields, **extra):
    attrs = {"fields": fields, "required_languages": ("en",), **extra}
    register(model)(type(f"{model.__name__}TranslationOptions", (TranslationOptions,), attrs))


for _model, _fields in FIELDS.items():
    # A glossary term is unique in each language: an untranslated one is NULL, not "", so two
    # untranslated terms do not collide.
    _options(_model, _fields, **({"empty_values": {"term": None}} if _model is GlossaryTerm else {}))
