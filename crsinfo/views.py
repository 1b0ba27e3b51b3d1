import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .models import Article, PreventionStep, RiskGroup, Section, Symptom, SymptomGroup, Urgency
from .rendering import render_markdown


def public_page(view):
    """GET and HEAD only; shared caches may keep the page for a minute, then revalidate (ETag)."""
    return require_safe(cache_control(public=True, max_age=60)(view))


def symptoms_by_urgency() -> dict[str, list[Symptom]]:
    """Every symptom, grouped by the urgency editors gave it, in page order."""
    grouped: dict[str, list[Symptom]] = {level: [] for level in Urgency.values}
    for symptom in Symptom.objects.select_related("group"):
        grouped[symptom.urgency].append(symptom)
    return grouped


@public_page
def home(request):
    return render(
        request,
        "home.html",
        {"articles": Article.objects.published(), "emergency_symptoms": symptoms_by_urgency()[Urgency.EMERGENCY]},
    )


@public_page
def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published().prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order", "pk")), "references"
        ),
        slug=slug,
    )
    context = {"article": article, "sections": list(article.sections.all())}
    match article.kind:
        case Article.Kind.SYMPTOMS:
            context["symptom_groups"] = SymptomGroup.objects.prefetch_related("symptoms")
        case Article.Kind.RISK_GROUPS:
            context["risk_groups"] = RiskGroup.objects.all()
        case Article.Kind.PREVENTION:
            steps = list(PreventionStep.objects.all())
            context["do_items"] = [s.text for s in steps if s.kind == PreventionStep.Kind.DO]
            context["dont_items"] = [s.text for s in steps if s.kind == PreventionStep.Kind.DONT]
        case Article.Kind.GET_HELP:
            context["symptoms_by_urgency"] = symptoms_by_urgency()
    return render(request, "article.html", context)


STYLEGUIDE_SECTIONS = [
    ("care-cards", "Care cards"),
    ("warning-callout", "Warning callout"),
    ("inset-text", "Inset text"),
    ("do-dont-list", "Do and don't lists"),
    ("contents-list", "Contents list"),
    ("review-dates", "Review dates"),
    ("tags", "Tags"),
    ("typography", "Text"),
]


@public_page
def styleguide(request):
    today = datetime.date.today()
    return render(
        request,
        "styleguide.html",
        {
            "toc": [{"anchor": anchor, "heading": heading} for anchor, heading in STYLEGUIDE_SECTIONS],
            "symptoms_by_urgency": symptoms_by_urgency(),
            "sample_body": render_markdown("Sample text in **Markdown**, with a list:\n\n- one\n- two"),
            "sample_do": ["wash your hands often", "keep your care team's number with you"],
            "sample_dont": ["do not drive until your care team says you can"],
            "sample_reviewed": today,
            "sample_due": today + datetime.timedelta(days=365),
        },
    )
