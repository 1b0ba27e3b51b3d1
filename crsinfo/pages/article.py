"""An article page, built for one request: its Markdown rendered in the request's language, its
structured data, and the lists its kind of page shows. Everything here is the request's own; the
release's objects (crsinfo/publishing/site.py) are only read."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Article, GlossaryTerm
from ..text.glossary import Linker
from ..text.lists import LONGEST as LONGEST_LIST
from ..text.lists import near_equal_runs
from ..text.markdown import order_temperatures, render_markdown

CARD_ORDER = ("immediate", "urgent", "non_urgent")
# Standard pages that also carry the write-in spaces for the team's number and the treatment date
# (includes/symptom_log.html); the Symptoms and When to get help pages carry them with the log.
WRITE_IN_PAGES = {"what-is-crs"}


@dataclass(frozen=True)
class SymptomPart:
    """One list of signs in a symptom group: ``card`` names its sub-heading (None: no sub-heading,
    the group's list is short); ``continued`` when it goes on from the list before it."""

    card: str | None
    continued: bool
    symptoms: list  # (symptom, card) pairs


@dataclass(frozen=True)
class SymptomGroupView:
    """A symptom group on the Symptoms page: the signs a reader can notice, with their badges, in
    one list or in short lists by urgency; and, apart and without badges, what only the care
    team's tests find (``on_checklist`` unticked: e.g. how the kidneys work)."""

    group: object
    parts: list
    tested: list


def _parts(noticed: list) -> list[SymptomPart]:
    if len(noticed) <= LONGEST_LIST:
        return [SymptomPart(None, False, noticed)] if noticed else []
    parts = []
    cards = [*CARD_ORDER, *sorted({card for _, card in noticed if card not in CARD_ORDER})]
    for card in cards:
        items = [pair for pair in noticed if pair[1] == card]
        if items:
            parts += [SymptomPart(card, i > 0, run) for i, run in enumerate(near_equal_runs(items, LONGEST_LIST))]
    return parts


def symptom_group_views(site) -> list[SymptomGroupView]:
    views = []
    for group in site.groups:
        noticed = [(s, site.card_of.get(s.slug)) for s in group.symptom_list if s.on_checklist]
        tested = [s for s in group.symptom_list if not s.on_checklist]
        views.append(SymptomGroupView(group, _parts(noticed), tested))
    return views


@dataclass(frozen=True)
class SectionView:
    """One section as this request shows it, with its HTML."""

    heading: str
    anchor: str
    kind: str
    figure: str
    html: str


def article_context(request, site, article, draft: bool) -> dict:
    linker = Linker(site.glossary)
    unit = site.settings.temperature_unit

    def html(markdown: str):
        return order_temperatures(linker.link(render_markdown(markdown)), unit)

    context = {
        "article": article,
        "intro_html": html(article.intro),
        "sections": [SectionView(s.heading, s.anchor, s.kind, s.figure, html(s.body)) for s in article.section_list],
        "structured_data": structured_data(request, article, site),
        "draft": draft,
        "write_in": article.slug in WRITE_IN_PAGES,
    }
    if any(s.kind == "products" for s in article.section_list):
        context["products"] = site.products
    match article.kind:
        case Article.Kind.SYMPTOMS:
            context["symptom_groups"] = symptom_group_views(site)
            context["group_slugs"] = {group.slug for group in site.groups}
        case Article.Kind.RISK_GROUPS:
            context["risk_groups"] = site.risk_groups
        case Article.Kind.PREVENTION:
            context["do_items"] = [s.text for s in site.prevention if s.kind == "do"]
            context["dont_items"] = [s.text for s in site.prevention if s.kind == "dont"]
        case Article.Kind.GET_HELP:
            context["cards"] = site.cards
    return context


def structured_data(request, article, site) -> dict:
    """schema.org MedicalWebPage about the condition, built from the site readers see."""
    condition = {
        "@type": "MedicalCondition",
        "name": _("Cytokine release syndrome"),
        "alternateName": _("CRS"),
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": s.label} for s in site.symptoms],
        "possibleTreatment": [
            {"@type": "MedicalTherapy", "name": t.term}
            for t in site.glossary
            if t.category == GlossaryTerm.Category.TREATMENT
        ],
        "riskFactor": [{"@type": "MedicalRiskFactor", "name": g.text} for g in site.risk_groups],
    }
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "description": article.summary,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "inLanguage": translation.get_language(),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": condition,
        "publisher": {"@type": "Organization", "name": site.settings.site_name},
    }
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed.isoformat()
        data["reviewedBy"] = {"@type": "Organization", "name": site.settings.site_name}
    return data
