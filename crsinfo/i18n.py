"""Spanish beside the English: the one home of the language rules.

- The language of a request is its address's: /es/... is Spanish, everything else English.
- An item is translated when every field with English has Spanish (``missing``); its
  ``translated_from`` is a digest of the English it was written from, so ``is_out_of_date``
  says when the English changed since.
- The site wording (on every page) and a page's own text are shown in Spanish only when wholly
  translated; otherwise the Spanish address shows the English page with a notice
  (``in_page_language``).
- A shared item (a symptom, a glossary term, a prevention step ...) with no Spanish is shown in
  English on the Spanish pages, that item only, with a short notice in Spanish naming it: one new
  symptom does not turn every Spanish page English (``spanish_coverage``). The English comes from
  django-modeltranslation's fallback (MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.utils import translation

from .models import Article, GlossaryTerm, Section
from .translation import FIELDS

SPANISH = "es"  # the one translation the site has; English is the source.


def language_of(path: str) -> str:
    """The language of an address, from the address alone."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class LanguageFromAddress:
    """The language of a request is its address's: /es/... is Spanish, everything else English.
    Never a cookie and never Accept-Language (so a page is the same for every reader and public
    pages stay cookie-free), unlike Django's LocaleMiddleware. The language is active only while
    the request is answered, so nothing after it (another request on the thread) inherits it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of(request.path_info)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        if not request.path_info.startswith("/admin/"):
            response.headers.setdefault("Content-Language", getattr(response, "content_language", language))
        return response


def in_page_language(request, available: bool, render_page, english_items=()):
    """Render a page in its address's language, unless that is Spanish and the page is not
    (wholly) translated (``available`` False): then it is the English page, with a notice in
    Spanish (base.html). On a Spanish page, ``english_items`` (names) are the shared items shown
    in English, named in a short notice in Spanish (base.html)."""
    request.spanish_available = available
    if translation.get_language() == SPANISH and available:
        request.english_items = list(english_items)
    if translation.get_language() == SPANISH and not available:
        request.shown_in_english = True
        with translation.override("en"):
            response = render_page()
        response.content_language = "en"
        return response
    return render_page()


def english(obj, name: str) -> str:
    return getattr(obj, f"{name}_en", None) or ""


def spanish(obj, name: str) -> str:
    return getattr(obj, f"{name}_{SPANISH}", None) or ""


def one_line_ending(text: str) -> str:
    """Text with every line ending as LF: a browser sends a textarea's lines with CRLF, and how a
    line ends is never a change of the text (nor of a translation)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _lf(part):
    if isinstance(part, str):
        return one_line_ending(part)
    if isinstance(part, list | tuple):
        return [_lf(p) for p in part]
    return part


def digest_texts(parts: list) -> str:
    """The ``translated_from`` digest: 16 hex digits of the English a translation was written
    from, kept on each translated row and in content/es/ (so its encoding cannot change; line
    endings are made LF first, so CRLF and LF give the same digest)."""
    data = json.dumps(_lf(parts), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def english_digest(obj) -> str:
    """A digest of the English text of an item (an article with its sections' text)."""
    parts = [english(obj, name) for name in FIELDS[type(obj)]]
    if isinstance(obj, Article):
        sections = obj.sections.all() if obj.pk else []
        parts.append([[english(s, name) for name in FIELDS[Section]] for s in sections])
    return digest_texts(parts)


def english_digest_of_data(model, data: dict) -> str:
    """The same digest, from an item as the content files hold it (crsinfo/content/)."""
    parts = [data.get(name) or "" for name in FIELDS[model]]
    if model is Article:
        parts.append([[s.get(name) or "" for name in FIELDS[Section]] for s in data["sections"]])
    return digest_texts(parts)


def has_translation(obj) -> bool:
    if any(spanish(obj, name) for name in FIELDS[type(obj)]):
        return True
    return (
        isinstance(obj, Article)
        and obj.pk
        and any(spanish(s, n) for s in obj.sections.all() for n in ("heading", "body"))
    )


def is_out_of_date(obj) -> bool:
    """The English changed after the Spanish was written (or the Spanish was never checked)."""
    return has_translation(obj) and obj.translated_from != english_digest(obj)


# Fields a translation may leave empty even when the English has them: other forms of a word.
OPTIONAL = {GlossaryTerm: {"synonyms"}}


def missing(obj, sections=None) -> list[str]:
    """The fields with English but no Spanish: an item is translated when this is empty."""
    optional = OPTIONAL.get(type(obj), set())
    out = [name for name in FIELDS[type(obj)] if name not in optional and english(obj, name) and not spanish(obj, name)]
    for i, section in enumerate(sections or [], 1):
        out += [
            f"section {i} {name}" for name in FIELDS[Section] if english(section, name) and not spanish(section, name)
        ]
    return out


def spanish_coverage(settings_item, shared, articles) -> tuple[bool, set, list]:
    """What the Spanish site shows (the rules in the module's docstring).

    ``settings_item`` is the site wording, ``shared`` the items any page may show, ``articles``
    (article, its sections) pairs. Returns whether the Spanish pages exist at all (the site
    wording is translated), the slugs of the articles shown in Spanish, and the shared items
    shown in English on them."""
    site = bool(spanish(settings_item, "site_name")) and not missing(settings_item)
    slugs = {article.slug for article, sections in articles if not missing(article, sections)} if site else set()
    return site, slugs, [item for item in shared if missing(item)]


def show_in_english(item) -> None:
    """Make a not wholly translated item (of a release being built) English in every field on
    the Spanish pages, never a mix within the item: its Spanish columns are emptied, so
    modeltranslation's fallback gives the English."""
    for name in FIELDS[type(item)]:
        setattr(item, f"{name}_{SPANISH}", None if type(item) is GlossaryTerm and name == "term" else "")


def item_name(item) -> str:
    """An item's English name (its first translated field, or a treatment's brand name), for
    notices and editors."""
    return getattr(item, "brand_name", None) or english(item, FIELDS[type(item)][0])
