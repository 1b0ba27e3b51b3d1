"""The search page, with a frame made once per release (README, "Speed").

A results page is the site's frame (head, header, menus, footer: the same for every search of a
release, in one language, at one address, on one day) around two things that depend on the
query: the title, the header's search box, and the content (the search box, the count, the
results). Rendering the frame
cost most of a search, so it is rendered once from ``search.html`` with markers in those two
places, kept, and each search renders only ``includes/search_title.html`` and
``includes/search_content.html`` into it: the same templates the page includes, so the page is
byte for byte what rendering all of it would give (tests/pages/test_search_page.py).

Nothing a reader sends is kept: the frame is made with no query. Staff (a session cookie) get
the page rendered whole, and it keeps nothing.
"""

from __future__ import annotations

import threading

from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.html import conditional_escape

from ..access import is_reader_request

# Characters from Unicode's private use area, which no template or content writes.
TITLE = "\ue000search-title\ue000"
CONTENT = "\ue000search-content\ue000"
QUERY = "\ue000search-query\ue000"  # the header's search box shows the query too
SLOTS = {"title": TITLE, "content": CONTENT}  # plain text: escaping leaves them as they are
MAX_FRAMES = 64  # releases x languages x the hosts the site answers to, for a day


class _Kept:
    lock = threading.Lock()
    frames: dict = {}  # key (see _key) -> ((text, slot), ..., (text, None))
    main_pages: dict = {}  # key -> the "Main pages" list a search without results shows


def forget() -> None:
    with _Kept.lock:
        _Kept.frames.clear()
        _Kept.main_pages.clear()


def _key(request, site) -> tuple:
    return (
        site.digest,
        translation.get_language(),  # English on a Spanish address whose page is not translated
        getattr(request, "LANGUAGE_CODE", ""),
        request.scheme,
        request.META.get("HTTP_HOST", ""),
        request.path,
        timezone.localdate(),  # printouts carry the date
        getattr(request, "shown_in_english", False),
        tuple(getattr(request, "english_items", ())),
        getattr(request, "spanish_available", False),
    )


def _frame(request, site, key):
    """The page cut at its slots: ((text, slot), ..., (text, None)), in the page's order."""
    frame = _Kept.frames.get(key)
    if frame is None:
        page = render_to_string("search.html", {"slots": SLOTS, "query": QUERY}, request)
        slots = (TITLE, QUERY, CONTENT)
        if any(page.count(slot) != 1 for slot in slots):
            return None  # a template shows one of them twice, or not at all: render each page whole
        parts, rest = [], page
        for slot in sorted(slots, key=page.index):
            text, rest = rest.split(slot)
            parts.append((text, slot))
        frame = (*parts, (rest, None))
        main_pages = get_template("includes/search_main_pages.html").render(
            {"articles": site.listed(translation.get_language())}
        )
        with _Kept.lock:
            if len(_Kept.frames) >= MAX_FRAMES:
                _Kept.frames.clear()  # a new day or many hosts: start again
                _Kept.main_pages.clear()
            _Kept.main_pages.setdefault(key, main_pages)
            frame = _Kept.frames.setdefault(key, frame)
    return frame


def render_search(request, site, context: dict, kept_only: bool = False) -> str | None:
    """The search page for ``context`` (query, results, articles, busy), as ``search.html``
    renders it. With ``kept_only``, None unless the frame is already kept (a quick search has
    not been through the middleware that a frame's first rendering needs)."""
    key = _key(request, site)
    if kept_only:
        frame = _Kept.frames.get(key)
        if frame is None:
            return None
    else:
        frame = _frame(request, site, key) if site.number is not None and is_reader_request(request) else None
    if frame is None:
        return render_to_string("search.html", context, request)
    main_pages = _Kept.main_pages.get(key)
    if main_pages is not None and not context.get("results"):
        context = {**context, "main_pages": main_pages}
    filled = {
        TITLE: get_template("includes/search_title.html").render(context),
        QUERY: conditional_escape(context.get("query") or ""),
        CONTENT: get_template("includes/search_content.html").render(context),
    }
    return "".join(text + (filled[slot] if slot else "") for text, slot in frame)
