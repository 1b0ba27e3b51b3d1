"""Link the first use of each glossary term on a page to its definition."""

import html
import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TAG = re.compile(r"(<[^>]+>)")
# Inside these elements text is left alone: links cannot nest, headings stay plain.
SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code"}


class Linker:
    """Links terms across several HTML fragments of one page, each term once."""

    def __init__(self, terms: Iterable):
        self.by_name = {}
        for term in terms:
            for name in term.names:
                self.by_name.setdefault(name.lower(), term)
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(escape(n)) for n in names) + r")(?![\w-])", re.I)
            if names
            else None
        )
        self.linked: set[str] = set()

    def link(self, fragment: str) -> SafeString:
        if self.pattern is None:
            return mark_safe(fragment)  # noqa: S308 -- already sanitised HTML, unchanged
        out, skipping = [], []
        for part in TAG.split(fragment):
            if part.startswith("<"):
                name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
                tag = name.group(1).lower() if name else ""
                if tag in SKIP:
                    if part.startswith("</"):
                        if tag in skipping:
                            skipping.remove(tag)
                    elif not part.endswith("/>"):
                        skipping.append(tag)
                out.append(part)
            elif skipping:
                out.append(part)
            else:
                out.append(self.pattern.sub(self._replace, part))
        return mark_safe("".join(out))  # noqa: S308 -- sanitised HTML with our own links added

    def _replace(self, match: re.Match) -> str:
        text = match.group(0)
        term = self.by_name.get(text.lower()) or self.by_name.get(html.unescape(text).lower())
        if term is None or term.slug in self.linked:
            return text
        self.linked.add(term.slug)
        return f'<a class="glossary-link" href="{term.get_absolute_url()}">{text}</a>'
