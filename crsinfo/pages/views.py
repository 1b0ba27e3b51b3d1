"""Readers' pages: the home page, articles, the glossary, search, the style guide, robots.txt.
Each is built from the release this request shows (crsinfo/publishing/current.py)."""

import datetime
import threading

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ..i18n import SPANISH, in_page_language
from ..models import GlossaryTerm
from ..publishing.current import site_for
from ..publishing.http import never_cache, public_page
from ..search.query import clean_query, search
from ..text.markdown import render_markdown
from .article import article_context
from .search_page import render_search


@public_page
def home(request):
    site = site_for(request)
    return render(request, "home.html", {"articles": site.listed(translation.get_language()), "cards": site.cards})


def _article(site, slug):
    return site.by_slug.get(slug)


@public_page(article_from=_article)
def article_detail(request, slug):
    site = site_for(request)
    article = site.by_slug.get(slug)
    if article is None:
        if slug in site.old_slugs:
            return HttpResponsePermanentRedirect(reverse("article-detail", kwargs={"slug": site.old_slugs[slug]}))
        raise Http404("No such page")
    if article.is_retired:
        return render(request, "410.html", {"retired": article}, status=410)
    # Only a staff preview shows a page that is not published.
    draft = not article.is_published
    if draft and site.number is not None:
        raise Http404("No such page")
    return render(request, "article.html", article_context(request, site, article, draft))


STYLEGUIDE_SECTIONS = [
    ("care-cards", "Care cards"),
    ("warning-callout", "Warning callout"),
    ("inset-text", "Inset text"),
    ("figure", "Diagram"),
    ("action-steps", "Action steps"),
    ("product-table", "Table of treatments"),
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
            "cards": site_for(request).cards,
            "sample_products": site_for(request).products[:3],
            "sample_body": render_markdown("Sample text in **Markdown**, with a list:\n\n- one\n- two"),
            "sample_do": ["wash your hands often", "keep your care team's number with you"],
            "sample_dont": ["do not drive until your care team says you can"],
            "sample_reviewed": today,
            "sample_due": today + datetime.timedelta(days=365),
        },
    )


# Searches answered at once by this process (settings.SEARCH_CONCURRENCY): a guard, shared by the
# threads, that never waits.
_searching = threading.BoundedSemaphore(settings.SEARCH_CONCURRENCY)


@public_page
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    site = site_for(request)
    language = translation.get_language()
    if query and not _searching.acquire(blocking=False):
        page = render_search(request, site, {"query": query, "busy": True, "articles": site.listed(language)})
        response = HttpResponse(page, status=429)
        response["Retry-After"] = "2"
        never_cache(response)
        return response
    try:
        results = search(query, site, language) if query else []
    finally:
        if query:
            _searching.release()
    context = {"query": query, "results": results, "articles": site.listed(language) if not results else []}
    response = HttpResponse(render_search(request, site, context))
    if query:
        # What a reader searched for is theirs: never kept by a browser or a shared cache.
        never_cache(response)
        response.usual_answer = True  # its headers may be kept for quick searches (crsinfo/pages/quick.py)
    return response


def quick_search(request) -> str | None:
    """A reader's search, answered before most of the middleware (crsinfo/pages/quick.py): the
    same search and templates as ``search_view``. None whenever the page is not the usual one
    (no query, search busy, nothing published, a Spanish page not yet in Spanish, no frame kept
    yet): the view answers those."""
    query = clean_query(request.GET.get("q", ""))
    site = site_for(request)
    language = translation.get_language()
    if not query or site.number is None or (language == SPANISH and not site.in_spanish()):
        return None
    if not _searching.acquire(blocking=False):
        return None
    try:
        results = search(query, site, language)
    finally:
        _searching.release()
    context = {"query": query, "results": results, "articles": site.listed(language) if not results else []}
    return in_page_language(
        request, site.in_spanish(), lambda: render_search(request, site, context, kept_only=True), site.english_items
    )


@public_page
def glossary(request):
    letters: dict[str, list[GlossaryTerm]] = {}
    for term in sorted(site_for(request).glossary, key=lambda t: t.term.lower()):
        first = term.term[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(term)
    return render(request, "glossary.html", {"letters": letters})


@csrf_exempt
@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
