"""Markdown written by editors, rendered to HTML and sanitised."""

import html
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


_md_check = MarkdownIt("commonmark", {"html": True})


def _resolve_in_any_language(path: str):
    """The page an address leads to, in whichever language its address is in: /check/ is the
    English checklist and /es/check/ the Spanish one (the /es/ prefix resolves only while Spanish
    is active)."""
    from django.conf import settings
    from django.urls import Resolver404, resolve
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                return resolve(path)
            except Resolver404:
                continue
    raise Resolver404(path)


def check_markdown(text: str, known_slugs) -> list[str]:
    """What is wrong with editors' Markdown, as messages for the field; [] if nothing.

    Raw HTML and images are not shown to readers (the sanitiser drops them), so they are refused
    rather than lost silently; headings must not skip a level; every link needs words and an
    address; a link to this site must lead to a page that exists (``known_slugs``: the articles).
    """
    from django.urls import Resolver404

    problems: list[str] = []
    previous = 2  # the section's own heading is an <h2>; Markdown headings start at ### (h3)
    for token in _md_check.parse(text or ""):
        if token.type in ("html_block",):
            problems.append("Remove the HTML: write plain Markdown. Readers would not see it.")
        elif token.type == "heading_open":
            level = max(int(token.tag[1]), 3)  # # and ## are shown as ### on the page
            if level > previous + 1:
                problems.append(
                    f"A heading jumps from level {previous} to level {level}: use {'#' * (previous + 1)} instead."
                )
            previous = level
        for child in token.children or []:
            if child.type == "html_inline":
                problems.append("Remove the HTML: write plain Markdown. Readers would not see it.")
            elif child.type == "image":
                problems.append("Pictures cannot be added in the text: ask for a diagram section instead.")
            elif child.type == "link_open":
                href = child.attrGet("href") or ""
                index = token.children.index(child)
                following = token.children[index + 1] if index + 1 < len(token.children) else None
                if following is None or following.type == "link_close":
                    problems.append(f"A link to “{href}” has no words: write them between [ and ].")
                if not href.strip():
                    problems.append("A link has no address: put it between ( and ).")
                elif href.startswith("/"):
                    path = href.split("#", 1)[0].split("?", 1)[0]
                    try:
                        match = _resolve_in_any_language(path)
                    except Resolver404:
                        problems.append(f"The link “{href}” leads to no page on this site.")
                        continue
                    if match.url_name == "article-detail" and match.kwargs.get("slug") not in known_slugs:
                        problems.append(f"The link “{href}” leads to no page on this site.")
                elif not href.startswith(("http://", "https://", "mailto:", "tel:", "#")):
                    problems.append(f"The link “{href}” is not a web address: start it with https:// or /.")
    # Links the parser refuses to make (javascript:, data:, vbscript:) would show as raw text.
    for href in _UNSAFE_LINK.findall(text or ""):
        problems.append(f"The link “{href}” is not a web address: start it with https:// or /.")
    return list(dict.fromkeys(problems))


# Editorial choice, not a clinical one: about four minutes' reading at 200 words a minute. Longer
# sections are hard to follow on a phone; split them under their own headings.
LONG_SECTION_WORDS = 800

_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)


def markdown_warnings(text: str) -> list[str]:
    """What is allowed but likely to let readers down, as messages for the editor (the text is
    still saved): a very long section, and a Markdown pipe table (the site shows no tables, so
    readers would see the pipes and dashes)."""
    warnings = []
    words = len(plain(text or "").split())
    if words > LONG_SECTION_WORDS:
        warnings.append(
            f"This text has {words} words (more than {LONG_SECTION_WORDS}): it is hard to follow on a phone. "
            "Split it into shorter sections, each under its own heading."
        )
    if _TABLE_DELIMITER.search(text or ""):
        warnings.append(
            "This looks like a table (lines with | and ---). Tables are not shown as tables: readers would see "
            "the | and - signs. Write it as a list instead."
        )
    return warnings


_UNSAFE_LINK = re.compile(r"\]\(\s*<?((?:javascript|vbscript|data|file):[^)\s>]*)", re.IGNORECASE)


def plain(markdown_text: str) -> str:
    """Markdown as plain text: what a reader reads, for search and reading-ease formulas."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)  # links -> their text
    text = re.sub(r"^#+\s*|^\s*[-*]\s+|[*_`>]", "", text, flags=re.M)
    return html.unescape(text)
