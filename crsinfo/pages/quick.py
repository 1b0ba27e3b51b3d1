"""Readers' searches at about the cost of a page (README, "Speed").

A reader's search (a GET to /search/ or /es/search/ with a query and no session cookie) is
answered near the top of the stack by ``views.quick_search`` (the same search and templates as
the view, into the kept frame: crsinfo/pages/search_page.py), with the headers the whole stack
gave the first usual search for that language, scheme and host (crsinfo/publishing/quick.py;
tests/pages/test_quick_search.py). Anything else (no query, search busy, staff, a database error)
goes down the whole stack as before.
"""

from __future__ import annotations

from ..publishing.quick import QuickPath
from .views import quick_search


class QuickSearch(QuickPath):
    method = "GET"
    paths = frozenset({"/search/", "/es/search/"})

    def answer(self, request):
        return quick_search(request)


forget = QuickSearch.forget
