import datetime
import functools
from dataclasses import dataclass

import segno
from django.conf import settings as django_settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.csp import CSP
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from . import releases, triage
from .forms import BadChecklistRequest, ChecklistForm, window_words
from .glossary import Linker
from .models import Article, GlossaryTerm, Symptom, tel_href
from .rendering import order_temperatures, render_markdown
from .search import clean_query, search
from .translation import LANGUAGE as SPANISH

PREVIEW_SESSION_KEY = "crsinfo-preview-draft"


def previewing(request) -> bool:
    """A signed-in member of staff who may use admin (two-factor verified where required) and
    turned on the preview sees the draft."""
    if django_settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return False
    if not request.session.get(PREVIEW_SESSION_KEY):
        return False
    from .security import two_factor_satisfied

    user = request.user
    return user.is_active and user.is_staff and two_factor_satisfied(user) and user.has_perm("crsinfo.view_article")


def site_content(request) -> releases.Content:
    """What this request shows: the current release, or the draft for a staff preview."""
    content = getattr(request, "_site_content", None)
    if content is None:
        content = releases.draft_content() if previewing(request) else releases.current_content(empty_if_none=True)
        request._site_content = content
    return content


def cache_for_readers(request, response) -> None:
    """Readers' pages may be kept for a minute by any cache. Staff (a session cookie) always ask
    again, so whoever has just published sees the new release at once; their copy is private."""
    if django_settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=60)


def in_page_language(request, content, render_page, article=None):
    """Render a page in its address's language, unless that is Spanish and the page is not
    (wholly) translated: then it is the English page, with a notice in Spanish (base.html), never
    a page of mixed languages. ``article`` None: a page built from the shared content only."""
    request.spanish_available = content.in_spanish(article)
    if translation.get_language() == SPANISH and not request.spanish_available:
        request.shown_in_english = True
        with translation.override("en"):
            response = render_page()
        response.content_language = "en"
        return response
    return render_page()


def public_page(view):
    """GET and HEAD only; shared caches may keep the page for a minute, then revalidate (ETag).
    A staff preview of the draft is never cached anywhere."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = in_page_language(request, site_content(request), lambda: view(request, *args, **kwargs))
        if site_content(request).number is None and previewing(request):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        elif not response.has_header("Cache-Control"):
            cache_for_readers(request, response)
        return response

    return require_safe(wrapper)


def listed_articles(content: releases.Content) -> list[Article]:
    """The pages to list and link to: in Spanish, only those shown in Spanish."""
    if translation.get_language() == SPANISH:
        return [a for a in content.published_articles if content.in_spanish(a)]
    return content.published_articles


def card_key(symptom) -> str:
    return triage.card_level(triage.Symptom(symptom.slug, symptom.label, symptom.urgency)).css


def care_cards(content: releases.Content) -> dict[str, list[Symptom]]:
    """The symptoms the checklist asks about, on the care card the checklist's own decision puts
    each one on (triage.card_level), in page order: one truth for every page and printable."""
    cards: dict[str, list[Symptom]] = {"immediate": [], "urgent": [], "non_urgent": []}
    for group in content.groups:
        for symptom in group.checklist_symptoms:
            level = triage.card_level(triage.Symptom(symptom.slug, symptom.label, symptom.urgency))
            cards[level.css.replace("-", "_")].append(symptom)
    return cards


@public_page
def home(request):
    content = site_content(request)
    return render(request, "home.html", {"articles": listed_articles(content), "cards": care_cards(content)})


@public_page
def article_detail(request, slug):
    content = site_content(request)
    article = content.by_slug.get(slug)
    if article is None:
        if slug in content.old_slugs:
            return HttpResponsePermanentRedirect(reverse("article-detail", kwargs={"slug": content.old_slugs[slug]}))
        raise Http404("No such page")
    if article.is_retired:
        return render(request, "410.html", {"retired": article}, status=410)
    # Only a staff preview shows a page that is not published.
    draft = not article.is_published
    if draft and content.number is not None:
        raise Http404("No such page")
    if translation.get_language() == SPANISH:
        return in_page_language(request, content, lambda: render_article(request, content, article, draft), article)
    request.spanish_available = content.in_spanish(article)
    return render_article(request, content, article, draft)


@dataclass(frozen=True)
class SectionView:
    """One section of an article as this request shows it: the release's sections are shared by
    every request (both languages, many threads), so the HTML rendered for this request lives here,
    never on them."""

    heading: str
    anchor: str
    kind: str
    figure: str
    html: str


def render_article(request, content, article, draft):
    linker = Linker(content.glossary)
    site_settings = content.settings

    def html(markdown: str):
        return order_temperatures(linker.link(render_markdown(markdown)), site_settings.temperature_unit)

    context = {
        "article": article,
        "intro_html": html(article.intro),
        "sections": [SectionView(s.heading, s.anchor, s.kind, s.figure, html(s.body)) for s in article.section_list],
        "structured_data": structured_data(request, article, content),
        "draft": draft,
    }
    match article.kind:
        case Article.Kind.SYMPTOMS:
            context["symptom_groups"] = [
                (group, [(symptom, card_key(symptom)) for symptom in group.symptom_list]) for group in content.groups
            ]
        case Article.Kind.RISK_GROUPS:
            context["risk_groups"] = content.risk_groups
        case Article.Kind.PREVENTION:
            context["do_items"] = [s.text for s in content.prevention if s.kind == "do"]
            context["dont_items"] = [s.text for s in content.prevention if s.kind == "dont"]
        case Article.Kind.GET_HELP:
            context["cards"] = care_cards(content)
    return render(request, "article.html", context)


STYLEGUIDE_SECTIONS = [
    ("care-cards", "Care cards"),
    ("warning-callout", "Warning callout"),
    ("inset-text", "Inset text"),
    ("figure", "Diagram"),
    ("do-dont-list", "Do and don't lists"),
    ("contents-list", "Contents list"),
    ("review-dates", "Review dates"),
    ("tags", "Tags"),
    ("checklist-link", "Checklist link"),
    ("error-summary", "Error summary"),
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
            "cards": care_cards(site_content(request)),
            "sample_body": render_markdown("Sample text in **Markdown**, with a list:\n\n- one\n- two"),
            "sample_do": ["wash your hands often", "keep your care team's number with you"],
            "sample_dont": ["do not drive until your care team says you can"],
            "sample_reviewed": today,
            "sample_due": today + datetime.timedelta(days=365),
        },
    )


# A checklist answer is a few short fields; anything much larger is not from our form.
CHECKLIST_MAX_BODY = 16 * 1024


def bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


# The checklist changes nothing on the server: it reads the answers, works out the advice and
# forgets them (nothing is saved or logged). With no state to change there is nothing for a
# forged request to do, so CSRF protection is not needed -- and leaving it out keeps the page free
# of cookies. The answers are health information: error reports must not show them.
@csrf_exempt
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def checklist(request):
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > CHECKLIST_MAX_BODY:
        return bad_request(request, _("The form sent too much data."))
    content = site_content(request)
    return in_page_language(
        request, content, lambda: answer_checklist(request, content.checklist_groups, content.settings)
    )


def checklist_from_last_good_copy(request):
    """The checklist when the database cannot be reached: the same decision, on the release this
    server last served (kept in memory and on disk). Called by the 500 handler (crsinfo/uptime.py)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > CHECKLIST_MAX_BODY:
        return bad_request(request, _("The form sent too much data."))
    content = releases.last_known_content()
    if content is None:
        raise LookupError("no copy of the checklist's data")
    request._site_content = content
    return in_page_language(
        request, content, lambda: answer_checklist(request, content.checklist_groups, content.settings)
    )


def answer_checklist(request, groups, settings, **extra_context):
    symptoms = [symptom for group in groups for symptom in group.checklist_symptoms]
    options = {
        "symptoms": symptoms,
        "unit_first": settings.temperature_unit,
        "window": window_words(settings.immunotherapy_window_days),
    }
    advice = None
    if request.method == "POST":
        form = ChecklistForm(request.POST, **options)
        try:
            form.check_raw(request.POST)
        except BadChecklistRequest as error:
            return bad_request(request, str(error))
        advice = form.advice()
    else:
        form = ChecklistForm(**options)

    context = {
        "site_settings": settings,
        "form": form,
        "groups": groups,
        "ticked": set(form["symptoms"].value() or []),
        "advice": advice,
        "emergency_note": format_html(
            "<p>{}</p>",
            _(
                "If you have difficulty breathing or are confused, or you think your life is at risk, "
                "call %(number)s now. Do not wait to finish this checklist."
            )
            % {"number": settings.emergency_number},
        ),
        "first_symptom_id": f"symptom-{symptoms[0].slug}" if symptoms else "none",
        **extra_context,
    }
    template = "checklist.html#advice" if request.htmx else "checklist.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    if request.method == "POST" or site_content(request).number is None:
        # The answer repeats what the reader ticked (or it is a staff preview): no cache may keep it.
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
    else:
        cache_for_readers(request, response)
    return response


# --- printable pages for clinics ------------------------------------------------

# Print views may be shown in a frame on our own clinic pages (the preview); nowhere else.
FRAMEABLE_BY_SELF = {**django_settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
FRAMES_SELF = {**django_settings.SECURE_CSP, "frame-src": [CSP.SELF]}


def qr_data_uri(url: str) -> str:
    """A QR code for ``url``, made here as SVG (no outside service), as a data: URI for an <img>."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def clinic_not_found(request):
    return render(request, "404.html", {"missing_clinic": True}, status=404)


def printable_context(request, clinic):
    content = site_content(request)
    articles = listed_articles(content)
    help_page = content.help_page
    # The path only: nothing from the query string may reach a printout or its QR code.
    live_url = request.build_absolute_uri(request.path)
    return {
        "clinic": clinic,
        "clinic_phones": (
            [
                (_("Daytime"), clinic.phone_daytime, tel_href(clinic.phone_daytime)),
                (_("Out of hours"), clinic.phone_out_of_hours, tel_href(clinic.phone_out_of_hours)),
            ]
            if clinic
            else []
        ),
        "overview": articles[0] if articles else None,
        "review_page": help_page,
        "cards": care_cards(content),
        "live_url": live_url,
        "qr_code": qr_data_uri(live_url),
    }


def printable(view):
    return public_page(xframe_options_sameorigin(csp_override(FRAMEABLE_BY_SELF)(view)))


def render_printable(request, template: str, slug: str | None):
    """A printable, generic (no slug) or for a registered, active clinic."""
    clinic = None
    if slug is not None:
        clinic = site_content(request).active_clinics.get(slug)
        if clinic is None:
            return clinic_not_found(request)
    return render(request, template, printable_context(request, clinic))


@printable
def handout(request, slug=None):
    return render_printable(request, "print/handout.html", slug)


@printable
def wallet_card(request, slug=None):
    return render_printable(request, "print/wallet_card.html", slug)


@public_page
def printables(request):
    """The printables, easy to find: handout, wallet card, questions list, and how clinics get
    their own versions."""
    return render(
        request,
        "printables.html",
        {"questions_page": site_content(request).published("questions-to-ask")},
    )


@public_page
@csp_override(FRAMES_SELF)
def clinic_detail(request, slug):
    clinic = site_content(request).active_clinics.get(slug)
    if clinic is None:
        return clinic_not_found(request)
    printables = [
        (
            "handout",
            _("Handout"),
            _("Two pages: what CRS is, the symptoms to watch for and who to call."),
            reverse("clinic-handout", kwargs={"slug": slug}),
        ),
        (
            "wallet-card",
            _("Wallet card"),
            _("A fold-over card to carry: symptoms, your numbers, and a note for health professionals."),
            reverse("clinic-wallet-card", kwargs={"slug": slug}),
        ),
    ]
    return render(
        request,
        "clinic.html",
        {
            "clinic": clinic,
            "printables": [
                {"id": key, "name": name, "about": about, "path": path, "url": request.build_absolute_uri(path)}
                for key, name, about, path in printables
            ],
        },
    )


# --- finding things ---------------------------------------------------------------


@public_page
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    content = site_content(request)
    results = search(query, content, translation.get_language()) if query else []
    return render(
        request,
        "search.html",
        {"query": query, "results": results, "articles": listed_articles(content) if not results else []},
    )


@public_page
def glossary(request):
    letters: dict[str, list[GlossaryTerm]] = {}
    for term in sorted(site_content(request).glossary, key=lambda t: t.term.lower()):
        first = term.term[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(term)
    return render(request, "glossary.html", {"letters": letters})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def structured_data(request, article, content) -> dict:
    """schema.org MedicalWebPage about the condition, built from the content readers see."""
    condition = {
        "@type": "MedicalCondition",
        "name": _("Cytokine release syndrome"),
        "alternateName": _("CRS"),
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": s.label} for s in content.symptoms],
        "possibleTreatment": [
            {"@type": "MedicalTherapy", "name": t.term}
            for t in content.glossary
            if t.category == GlossaryTerm.Category.TREATMENT
        ],
        "riskFactor": [{"@type": "MedicalRiskFactor", "name": g.text} for g in content.risk_groups],
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
        "publisher": {"@type": "Organization", "name": content.settings.site_name},
    }
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed.isoformat()
        data["reviewedBy"] = {"@type": "Organization", "name": content.settings.site_name}
    return data
