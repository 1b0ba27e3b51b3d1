"""Markdown written by editors, rendered to HTML and sanitised."""

import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote", "code", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
    ["replacements", "smartquotes"]
)


def _demote_headings(state) -> None:
    # A page has one <h1> and its sections are <h2>: Markdown headings start at <h3>.
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag in ("h1", "h2"):
            token.tag = "h3"


_md.core.ruler.push("demote_headings", _demote_headings)


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> SafeString:
    html = _md.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 -- sanitised by nh3 just above


_TEMPERATURE_PAIR = re.compile(r"(\d{2,3}(?:\.\d)?) ?°([CF]) \((\d{2,3}(?:\.\d)?) ?°([CF])\)")


def order_temperatures(text: str, first: str) -> str:
    """Write each "38.0 °C (100.4 °F)" pair with the site's unit first (the setting
    ``temperature_unit``), whichever order the editor wrote it in. Safe for HTML: it only
    swaps two numbers with their units."""

    def swap(match: re.Match) -> str:
        value1, unit1, value2, unit2 = match.groups()
        if unit2 != first or unit1 == first:
            return match.group(0)
        return f"{value2} °{unit2} ({value1} °{unit1})"

    result = _TEMPERATURE_PAIR.sub(swap, text)
    return mark_safe(result) if isinstance(text, SafeString) else result  # noqa: S308 -- only digits moved
