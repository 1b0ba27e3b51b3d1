from django import template

from crsinfo.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    return render_markdown(text)


@register.filter
def absolute_url(path: str, request) -> str:
    """The full address of ``path`` on this site (never the query string of the request)."""
    return request.build_absolute_uri(path)
