"""An article page, built for one request: its Markdown rendered in the request's language, its
structured data, and the lists its kind of page shows. Everything here is the request's own; the
release's objects (crsinfo/publishing/site.py) are only read."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Article, GlossaryTerm
from ..text.glossary import Linker
from ..text.markdown import order_temperatures, render_markdown


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
    }
    if any(s.kind == "products" for s in article.section_list):
        context["products"] = site.products
    match article.kind:
        case Article.Kind.SYMPTOMS:
            context["symptom_groups"] = [
                (group, [(symptom, site.card_of.get(symptom.slug)) for symptom in group.symptom_list])
                for group in site.groups
            ]
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
