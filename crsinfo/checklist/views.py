"""The symptom checklist: the reader's answers in, one care card out. The decision is
crsinfo/triage.py; this module only adapts the request to it and renders the answer."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..i18n import SPANISH, in_page_language
from ..publishing.current import current_site, site_for
from ..publishing.http import cache_for_readers, never_cache
from .answer import parts_for
from .forms import BadChecklistRequest, ChecklistForm

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
    site = site_for(request)
    return in_page_language(
        request,
        site.in_spanish(),
        lambda: answer_checklist(request, site, site.checklist_groups, site.settings),
        site.english_items,
    )


def answer_checklist(request, site, groups, settings, **extra_context):
    language = translation.get_language()
    parts = parts_for(site, language)
    symptoms = site.checklist_symptoms[language]
    advice = None
    if request.method == "POST":
        form = ChecklistForm(request.POST, kept=parts.fields)
        try:
            form.check_raw(request.POST)
        except BadChecklistRequest as error:
            return bad_request(request, str(error))
        advice = form.advice()
        if request.htmx and (content := usual_answer(parts, form, advice)) is not None:
            return usual_answer_response(content)
    else:
        form = ChecklistForm(kept=parts.fields)

    context = {
        "site_settings": settings,
        "form": form,
        "groups": groups,
        "ticked": set(form["symptoms"].value() or []),
        "advice": advice,
        "answer_card": parts.card(advice, form.temperature_note) if advice else "",
        "answer_summary": parts.summary(advice) if advice else "",
        "emergency_note": format_html(
            "<p>{}</p>",
            _(
                "If you have difficulty breathing or are confused, or you think your life is at risk, "
                "call %(number)s now. Do not wait to finish this checklist."
            )
            % {"number": settings.emergency_number},
        ),
        # The first box on the page: the signs of an emergency come first (checklist.html, part 1).
        "first_symptom_id": f"symptom-{first.slug}" if (first := _first_box(symptoms)) else "none",
        **extra_context,
    }
    if not request.htmx:
        # What the page shows if a later answer cannot be fetched (static/js/checklist.js), by
        # what is ticked then: sent as a JSON data block.
        context["failed_answers"] = {case: dict(texts) for case, texts in parts.failed.items()}
    template = "checklist.html#advice" if request.htmx else "checklist.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    if request.method == "POST" or site.number is None:
        # The answer repeats what the reader ticked (or it is a staff preview): no cache may keep it.
        never_cache(response)
    else:
        cache_for_readers(request, response)
    return response


def usual_answer(parts, form, advice) -> str | None:
    """The usual htmx answer (answers we could read, advice to show): its care card and its line
    for the pinned bar, exactly as the template's "advice" partial puts them
    (tests/checklist/test_answer.py), without rendering it. None for anything else."""
    if advice is None or form.errors:
        return None
    return parts.card(advice, form.temperature_note) + parts.summary(advice)


def usual_answer_response(content: str) -> HttpResponse:
    response = HttpResponse(content)
    patch_vary_headers(response, ["HX-Request"])
    never_cache(response)
    response.usual_answer = True  # its headers may be kept for quick answers (crsinfo/checklist/quick.py)
    return response


def quick_answer(request) -> str | None:
    """A reader's htmx answer, answered before most of the middleware (crsinfo/checklist/quick.py):
    the same checks, form, decision and kept parts as ``checklist`` above. None whenever the
    answer is not the usual one (a problem to show, a request to refuse, nothing published, a
    Spanish page not yet in Spanish): the view answers those."""
    request.sensitive_post_parameters = "__ALL__"  # as @sensitive_post_parameters() does
    if int(request.META.get("CONTENT_LENGTH") or 0) > CHECKLIST_MAX_BODY:
        return None
    site = current_site(empty_if_none=True)
    language = translation.get_language()
    if (
        site.number is None
        or not site.checklist_symptoms.get(language)
        or (language == SPANISH and not site.in_spanish())
    ):
        return None
    parts = parts_for(site, language)
    form = ChecklistForm(request.POST, kept=parts.fields)
    try:
        form.check_raw(request.POST)
    except BadChecklistRequest:
        return None
    return usual_answer(parts, form, form.advice())


def _first_box(symptoms):
    emergencies = [s for s in symptoms if s.urgency == "emergency"]
    return (emergencies or list(symptoms) or [None])[0]
