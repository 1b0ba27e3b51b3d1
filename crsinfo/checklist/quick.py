"""Readers' checklist answers at about the cost of a page (README, "Speed").

A reader's htmx answer (a POST to /check/ or /es/check/ with no session cookie) is answered near
the top of the stack by the view's own function (``views.quick_answer``: the same checks, form,
decision and kept parts), with the headers the whole stack gave the first usual answer
(crsinfo/publishing/quick.py; tests/checklist/test_quick_answers.py). Anything but a usual answer
(a problem to show, a request to refuse, a staff preview) goes down the whole stack as before.
"""

from __future__ import annotations

from ..publishing.quick import QuickPath
from .views import quick_answer


class QuickAnswers(QuickPath):
    method = "POST"
    paths = frozenset({"/check/", "/es/check/"})

    def wants(self, request) -> bool:
        return request.headers.get("HX-Request") == "true"

    def answer(self, request):
        return quick_answer(request)


forget = QuickAnswers.forget
