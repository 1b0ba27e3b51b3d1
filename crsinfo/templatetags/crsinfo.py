import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from crsinfo.rendering import render_markdown

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
    from crsinfo.models import Article

    return {
        "overdue": list(Article.objects.review_overdue().order_by("next_review_due")),
        "due_soon": list(Article.objects.review_due_within(30).order_by("next_review_due")),
    }
