"""The symptom checklist: the reader's answers in, one care card out. The decision is
crsinfo/triage.py; this module only adapts the request to it and renders the answer."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..i18n import in_page_language
from ..publishing.current import site_for
from ..publishing.http import cache_for_readers, never_cache
from .forms import BadChecklistRequest, ChecklistForm, window_words

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
    symptoms = site.checklist_symptoms[translation.get_language()]
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
        # The first box on the page: the signs of an emergency come first (checklist.html, part 1).
        "first_symptom_id": f"symptom-{first.slug}" if (first := _first_box(symptoms)) else "none",
        **extra_context,
    }
    if not request.htmx:
        context["failed_answers"] = failed_answers(request, settings)
    template = "checklist.html#advice" if request.htmx else "checklist.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    if request.method == "POST" or site.number is None:
        # The answer repeats what the reader ticked (or it is a staff preview): no cache may keep it.
        never_cache(response)
    else:
        cache_for_readers(request, response)
    return response


def _first_box(symptoms):
    emergencies = [s for s in symptoms if s.urgency == "emergency"]
    return (emergencies or list(symptoms) or [None])[0]


def failed_answers(request, settings) -> dict:
    """What the page shows if a later answer cannot be fetched (static/js/checklist.js), by what is
    ticked then: rendered here, in the page's language, and sent as a JSON data block."""
    return {
        case: {
            part: render_to_string(
                "includes/answer_failed.html", {"site_settings": settings, "case": case, "part": part}, request
            )
            for part in ("advice", "summary")
        }
        for case in ("emergency", "urgent", "unknown")
    }
