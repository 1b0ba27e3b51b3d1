"""Full-text search of the published pages, in patients' words.

One search document per published page of the current release (title, and body: its text plus
the lists it shows), rebuilt when a new release is first searched. PostgreSQL uses its own
full-text search (weighted title over body, websearch queries, ts_rank); SQLite uses an FTS5
table (porter stemming, bm25 with the same weights). A reader's query is reduced to words before
either sees it, and editor-managed synonyms add the site's words for the patient's ("steroids"
also finds "corticosteroids"), so any query is safe and both databases find the same pages.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
FTS_TABLE = "crsinfo_search_fts"
# Common words neither database should have to match on its own (PostgreSQL's English
# configuration drops them; SQLite's FTS5 would not).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)
TITLE_WEIGHT = 10.0


@dataclass
class Result:
    title: str
    url: str
    summary: str
    passage: SafeString
    rank: float


def clean_query(raw: str) -> str:
    """The reader's query, safe to show and to search: no control characters or lone surrogates."""
    text = raw[: MAX_QUERY_CHARS * 4]
    # Control, format (bidi overrides), surrogate, private and unassigned characters go;
    # the zero-width joiner stays, for emoji sequences.
    dropped = ("Cc", "Cf", "Cs", "Co", "Cn")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in dropped or ch in " \t\u200d")
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in WORD.findall(text.lower())]


def query_groups(query: str, synonyms: dict[str, str]) -> list[list[str]]:
    """The query as groups of alternatives: every group must match, any phrase in a group will do.

    "can't breathe fever" with the synonym can't breathe -> difficulty breathing gives
    [["can't breathe", "difficulty breathing"], ["fever"]].
    """
    tokens = words(query)[:MAX_WORDS]
    phrases = {tuple(words(phrase)): words(means) for phrase, means in synonyms.items() if words(phrase)}
    groups, i = [], 0
    while i < len(tokens):
        for size in range(min(4, len(tokens) - i), 0, -1):
            key = tuple(tokens[i : i + size])
            if key in phrases:
                groups.append([" ".join(key), " ".join(phrases[key])])
                i += size
                break
        else:
            if tokens[i] not in STOP_WORDS:
                groups.append([tokens[i]])
            i += 1
    return groups


# --- the index ---------------------------------------------------------------------


def document_text(article, content) -> str:
    """What a reader sees of an article, as plain text, for the index and for passages."""
    from .models import Article

    parts = [article.summary, article.intro]
    for section in article.section_list:
        parts += [section.heading, section.body]
    if article.kind == Article.Kind.SYMPTOMS:
        for group in content.groups:
            parts.append(group.name)
            parts += [f"{s.label}. {s.description}" for s in group.symptom_list]
    elif article.kind == Article.Kind.RISK_GROUPS:
        parts += [g.text for g in content.risk_groups]
    elif article.kind == Article.Kind.PREVENTION:
        parts += [s.text for s in content.prevention]
    return plain("\n\n".join(p for p in parts if p))


def plain(markdown_text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)  # links -> their text
    text = re.sub(r"^#+\s*|^\s*[-*]\s+|[*_`>]", "", text, flags=re.M)
    return html.unescape(text)


def rebuild_index(content) -> None:
    """Rebuild every search document from the published pages of ``content`` (a release)."""
    from .models import SearchDocument

    with transaction.atomic():
        SearchDocument.objects.all().delete()
        documents = SearchDocument.objects.bulk_create(
            SearchDocument(
                release=content.number or 0,
                slug=article.slug,
                title=article.title,
                summary=article.summary,
                body=document_text(article, content),
            )
            for article in content.published_articles
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 -- constant table name
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                    [(d.pk, d.title, d.body) for d in documents],
                )


_indexed = threading.local()


def ensure_index(content) -> None:
    """The index follows the current release: rebuilt the first time a search sees a new one
    (so a scheduled release is searchable as soon as it goes live)."""
    from .models import SearchDocument

    number = content.number or 0
    if getattr(_indexed, "number", None) == (number, content.digest):
        return
    built = SearchDocument.objects.values_list("release", flat=True).first()
    if built != number or not number:
        rebuild_index(content)
    _indexed.number = (number, content.digest)


def forget_index() -> None:
    _indexed.number = None


# --- searching -----------------------------------------------------------------------


def search(query: str, content) -> list[Result]:
    """The pages of ``content`` (the current release) that match ``query``, best first. A staff
    preview of the draft searches the current release: the index is built from releases only."""
    from .releases import current_content

    if content.number is None:
        content = current_content()
    groups = query_groups(query, content.synonyms)
    if not groups:
        return []
    ensure_index(content)
    backend = _search_postgresql if connection.vendor == "postgresql" else _search_sqlite
    # Pages with every word first; if none has them all, pages with any of them.
    ranked = backend(groups) or (backend([[p for g in groups for p in g]]) if len(groups) > 1 else [])
    highlight_words = {w for group in groups for phrase in group for w in phrase.split()}
    return [
        Result(
            title=doc.title,
            url=doc.get_absolute_url(),
            summary=doc.summary,
            passage=passage(doc.body, highlight_words),
            rank=rank,
        )
        for doc, rank in ranked
    ]


def _published(ids_and_ranks):
    from .models import SearchDocument

    by_pk = SearchDocument.objects.in_bulk([pk for pk, _ in ids_and_ranks])
    return [(by_pk[pk], rank) for pk, rank in ids_and_ranks if pk in by_pk]


def _search_sqlite(groups: list[list[str]]):
    def quote(phrase: str) -> str:
        return '"' + phrase.replace('"', '""') + '"'

    match = " AND ".join("(" + " OR ".join(quote(p) for p in group) + ")" for group in groups)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({FTS_TABLE}, %s, 1.0) AS score FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY score, rowid",
            [TITLE_WEIGHT, match],
        )
        # bm25 is lower-is-better; report higher-is-better like PostgreSQL.
        return _published([(pk, -score) for pk, score in cursor.fetchall()])


def _search_postgresql(groups: list[list[str]]):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    from .models import SearchDocument

    query = None
    for group in groups:
        alternatives = None
        for phrase in group:
            q = SearchQuery(f'"{phrase}"', search_type="websearch", config="english")
            alternatives = q if alternatives is None else alternatives | q
        query = alternatives if query is None else query & alternatives
    vector = SearchVector("title", weight="A", config="english") + SearchVector("body", weight="B", config="english")
    # Title weight 1.0 against body 0.1 mirrors the bm25 weights used on SQLite.
    rank = SearchRank(vector, query, weights=[0.0, 0.0, 1.0 / TITLE_WEIGHT, 1.0])
    rows = (
        SearchDocument.objects.annotate(search=vector, rank=rank)
        .filter(search=query)
        .order_by("-rank", "pk")
        .values_list("pk", "rank")
    )
    return _published(list(rows))


# --- passages ------------------------------------------------------------------------


def _matches(word: str, wanted: set[str]) -> bool:
    word = word.lower().replace("’", "'")
    for w in wanted:
        stem = w[: max(4, len(w) - 3)] if len(w) > 4 else w
        if word == w or (len(w) > 4 and word.startswith(stem)):
            return True
    return False


def passage(body: str, wanted: set[str], length: int = 220) -> SafeString:
    """The sentence or two that best matches, with the matched words in <mark>."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body) if s.strip()]
    if not sentences:
        return mark_safe("")
    best = max(sentences, key=lambda s: sum(_matches(w, wanted) for w in WORD.findall(s)))
    start = sentences.index(best)
    text = best
    for extra in sentences[start + 1 :]:
        if len(text) + len(extra) + 1 > length:
            break
        text = f"{text} {extra}"
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + "…"
    out, last = [], 0
    for m in WORD.finditer(text):
        if _matches(m.group(0), wanted):
            out.append(escape(text[last : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above
