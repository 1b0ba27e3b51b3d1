"""The published site: everything a public page needs, built once from a release's snapshot.

One ``PublishedSite`` per release per process, shared by every request and thread of the process
(and both languages): it is never written after it is built. Its items are unsaved model
instances, so templates keep the models' methods, and translated fields answer in the language
active while a template renders. What a request computes from it (rendered Markdown, a page's
context) is the request's own: see crsinfo/pages/article.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import translation

from .. import triage
from ..i18n import SPANISH, english, item_name, missing, show_in_english, spanish_coverage
from ..models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Product,
    Reference,
    RiskGroup,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)
from ..translation import FIELDS
from .snapshot import (
    CLINIC_FIELDS,
    FORMAT,
    GLOSSARY_FIELDS,
    GROUP_FIELDS,
    PREVENTION_FIELDS,
    PRODUCT_FIELDS,
    RISK_FIELDS,
    SECTION_FIELDS,
    SITE_FIELDS,
    SYMPTOM_FIELDS,
    json_ready,
    site_dict,
)

# The care cards, as templates name them.
CARD_KEYS = {triage.Level.IMMEDIATE: "immediate", triage.Level.URGENT: "urgent", triage.Level.NON_URGENT: "non_urgent"}


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _fields(model, raw: dict, names) -> dict:
    """Constructor arguments for an item of a snapshot: each translated field as its English
    and Spanish columns, so a template shows the language active when it renders."""
    translated = FIELDS.get(model, ())
    es = raw.get("es") or {}
    out = {}
    for name in names:
        if name in translated:
            out[f"{name}_en"] = raw.get(name, "")
            out[f"{name}_{SPANISH}"] = es.get(name) or ""
        else:
            out[name] = raw[name]
    if translated and model is not Section:
        out["translated_from"] = es.get("translated_from", "")
    return out


@dataclass
class PublishedSite:
    """Everything a public page needs, from one snapshot (see the module's docstring)."""

    snapshot: dict
    digest: str
    number: int | None = None  # None: the draft, for a staff preview
    go_live_at: datetime.datetime | None = None
    settings: SiteSettings = field(init=False)
    references: dict = field(init=False)
    articles: list = field(init=False)
    groups: list = field(init=False)
    risk_groups: list = field(init=False)
    prevention: list = field(init=False)
    glossary: list = field(init=False)
    synonyms: dict = field(init=False)
    clinics: dict = field(init=False)
    products: list = field(init=False)
    old_slugs: dict = field(init=False)
    cards: dict = field(init=False)

    def __post_init__(self):
        s = self.snapshot
        self.settings = SiteSettings(
            pk=1, **_fields(SiteSettings, s["site"], [k for k in SITE_FIELDS if k in s["site"]])
        )
        self.references = {r["key"]: Reference(**r) for r in s["references"]}
        self.groups = []
        for i, g in enumerate(s["symptoms"], 1):
            group = SymptomGroup(order=i, **_fields(SymptomGroup, g, GROUP_FIELDS))
            group.symptom_list = []
            for j, raw in enumerate(g["symptoms"], 1):
                symptom = Symptom(order=j, **_fields(Symptom, raw, [k for k in SYMPTOM_FIELDS if k != "reference"]))
                symptom.group = group
                symptom.reference = self.references.get(raw.get("reference") or "")
                group.symptom_list.append(symptom)
            group.checklist_symptoms = [x for x in group.symptom_list if x.on_checklist]
            self.groups.append(group)

        def items(model, rows, fields):
            out = []
            for i, raw in enumerate(rows, 1):
                item = model(order=i, **_fields(model, raw, [k for k in fields if k != "reference"]))
                item.reference = self.references.get(raw.get("reference") or "")
                out.append(item)
            return out

        self.risk_groups = items(RiskGroup, s["risk_groups"], RISK_FIELDS)
        self.prevention = items(PreventionStep, s["prevention"], PREVENTION_FIELDS)
        self.glossary = [GlossaryTerm(**_fields(GlossaryTerm, t, GLOSSARY_FIELDS)) for t in s["glossary"]]
        self.synonyms = {x["phrase"]: x["means"] for x in s["synonyms"]}
        self.synonyms_es = {x["phrase"]: x["means"] for x in s.get("synonyms_es", [])}
        # The table of treatments; releases made before it existed have none.
        self.products = []
        for i, raw in enumerate(s.get("products", []), 1):
            names = [k for k in PRODUCT_FIELDS if k not in ("reference", "other_references", "checked_on")]
            product = Product(order=i, checked_on=_date(raw.get("checked_on")), **_fields(Product, raw, names))
            product.reference = self.references.get(raw.get("reference") or "")
            others = [self.references[k] for k in raw.get("other_references", []) if k in self.references]
            # Its sources as the row shows them: its own reference first.
            product.sources = [r for r in [product.reference, *others] if r is not None]
            self.products.append(product)
        self.clinics = {c["slug"]: Clinic(**_fields(Clinic, c, CLINIC_FIELDS)) for c in s["clinics"]}
        self.articles = []
        self.old_slugs = {}
        for raw in s["articles"]:
            article = Article(
                **_fields(Article, raw, ("slug", "title", "nav_title", "summary", "kind", "order", "intro")),
                is_published=raw["is_published"],
                is_retired=raw["is_retired"],
                reviewed_by=raw.get("reviewed_by") or "",
                last_reviewed=_date(raw.get("last_reviewed")),
                next_review_due=_date(raw.get("next_review_due")),
            )
            es_sections = (raw.get("es") or {}).get("sections") or []
            article.section_list = [
                Section(
                    order=j,
                    **_fields(
                        Section,
                        {
                            **{k: sec.get(k, "") for k in SECTION_FIELDS},
                            "es": es_sections[j - 1] if j <= len(es_sections) else {},
                        },
                        SECTION_FIELDS,
                    ),
                )
                for j, sec in enumerate(raw["sections"], 1)
            ]
            article.reference_list = sorted(
                (self.references[k] for k in raw["references"] if k in self.references), key=lambda r: r.title
            )
            self.articles.append(article)
            for old in raw.get("old_slugs", []):
                self.old_slugs[old] = article.slug
        self.articles.sort(key=lambda a: (a.order, english(a, "title")))
        self.by_slug = {a.slug: a for a in self.articles}
        self._spanish()
        # Each symptom's care card, as the checklist's own decision places it (triage.card_level):
        # one truth for every page and printable.
        self.card_of = {
            s.slug: CARD_KEYS[triage.card_level(triage.Symptom(s.slug, s.slug, s.urgency))] for s in self.symptoms
        }
        # What the checklist's form and decision need, in each language, as immutable values:
        # an answer needs no model field (nor its translation) read per request.
        self.checklist_symptoms = {}
        for language in ("en", SPANISH):
            with translation.override(language):
                self.checklist_symptoms[language] = tuple(
                    triage.Symptom(s.slug, s.label, s.urgency) for g in self.groups for s in g.checklist_symptoms
                )
        self.cards = {key: [] for key in CARD_KEYS.values()}
        for group in self.groups:
            for symptom in group.checklist_symptoms:
                self.cards[self.card_of[symptom.slug]].append(symptom)

    def _spanish(self) -> None:
        """Which pages are shown in Spanish, and which shared items in English on them: the
        rules are crsinfo/i18n.py's (spanish_coverage)."""
        shared = [*self.groups, *self.symptoms, *self.risk_groups, *self.prevention, *self.glossary, *self.products]
        self._spanish_site, self.spanish_slugs, self.untranslated_shared = spanish_coverage(
            self.settings, shared, [(a, a.section_list) for a in self.articles]
        )
        for item in self.untranslated_shared:
            show_in_english(item)  # the whole item, never half of it
        if missing(self.settings):
            self.untranslated_shared.insert(0, self.settings)
        # The names of the shared items a Spanish page shows in English, for its notice.
        self.english_items = tuple(
            f"{item_name(i)}" for i in self.untranslated_shared if not isinstance(i, SiteSettings)
        )

    @property
    def spanish_site(self) -> bool:
        """The Spanish pages that are not articles (home, checklist, glossary, printables)."""
        return self._spanish_site

    def in_spanish(self, article: Article | None = None) -> bool:
        """Whether a page (an article, or None for the other pages) is shown in Spanish."""
        return self.spanish_site and (article is None or article.slug in self.spanish_slugs)

    def listed(self, language: str) -> list[Article]:
        """The pages to list and link to: in Spanish, only those shown in Spanish."""
        if language == SPANISH:
            return [a for a in self.published_articles if self.in_spanish(a)]
        return self.published_articles

    def synonyms_for(self, language: str) -> dict:
        return self.synonyms_es if language == SPANISH else self.synonyms

    @property
    def published_articles(self) -> list[Article]:
        return [a for a in self.articles if a.is_published and not a.is_retired]

    @property
    def help_page(self) -> Article | None:
        return next((a for a in self.published_articles if a.kind == Article.Kind.GET_HELP), None)

    def published(self, slug: str) -> Article | None:
        article = self.by_slug.get(slug)
        return article if article and article.is_published and not article.is_retired else None

    @property
    def symptoms(self) -> list[Symptom]:
        return [s for g in self.groups for s in g.symptom_list]

    @property
    def checklist_groups(self) -> list[SymptomGroup]:
        return [g for g in self.groups if g.checklist_symptoms]

    @property
    def active_clinics(self) -> dict[str, Clinic]:
        return {slug: c for slug, c in self.clinics.items() if c.is_active}


def empty_site() -> PublishedSite:
    """Before anything is published (a new, empty database) readers see an empty site with the
    default settings (the emergency number among them), not an error."""
    lists = (
        "references",
        "symptoms",
        "risk_groups",
        "prevention",
        "glossary",
        "synonyms",
        "synonyms_es",
        "clinics",
        "products",
    )
    snapshot = {"format": FORMAT, "site": site_dict(SiteSettings(pk=1)), "articles": [], **{n: [] for n in lists}}
    return PublishedSite(json_ready(snapshot), digest="", number=0)
