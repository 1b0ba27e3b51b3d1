import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from crsinfo import triage
from crsinfo.models import Article, ReviewRequest
from crsinfo.text.markdown import order_temperatures, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter
def absolute_url(path: str, request) -> str:
    """The full address of ``path`` on this site (never the query string of the request)."""
    return request.build_absolute_uri(path)


@register.filter
def ld_json(data) -> str:
    """``data`` as a JSON-LD data block: JSON is not script, so the strict CSP allows it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 -- escaped above


@register.simple_tag
def reviews_needing_attention() -> dict:
    """For the admin index: articles overdue for review, and those due in the next 30 days."""
    return {
        "overdue": list(Article.objects.review_overdue().order_by("next_review_due")),
        "due_soon": list(Article.objects.review_due_within(30).order_by("next_review_due")),
        "waiting": list(ReviewRequest.objects.filter(status=ReviewRequest.Status.WAITING)),
        "sent_back": list(ReviewRequest.objects.still_sent_back()[:5]),
    }


@register.filter
def temperatures(text, unit: str):
    """Temperature pairs in ``text`` with ``unit`` first: ``{{ text|temperatures:site_settings.temperature_unit }}``."""
    return order_temperatures(text, unit or "F")


@register.simple_tag(takes_context=True)
def fever_threshold(context) -> str:
    """The fever threshold in both units, the site's unit first: "100.4 °F (38.0 °C)"."""
    return triage.Temperature(triage.FEVER["C"], "C").both(_unit(context))


def _unit(context) -> str:
    settings = context.get("site_settings")
    return getattr(settings, "temperature_unit", None) or "F"
