"""Full-text search of the published pages, in patients' words, in English and in Spanish.

One search document per published page of the current release and language (title, and body: its
text plus the lists it shows), rebuilt when a new release is first searched. English: PostgreSQL
uses its own full-text search (weighted title over body, websearch queries, ts_rank); SQLite uses
an FTS5 table (porter stemming, bm25 with the same weights). A reader's query is reduced to words
before either sees it, and editor-managed synonyms add the site's words for the patient's
("steroids" also finds "corticosteroids"), so any query is safe and both databases find the same
pages.

Spanish (/es/search/, only the pages shown in Spanish): neither database's own Spanish stemmer is
the other's, so the words are stemmed here, once, with Snowball's Spanish stemmer, after folding
(lower case, no accents: "Respiración" and "respiracion" are both "respir"). The documents keep
those stems (``title_terms``, ``body_terms``), the query is stemmed the same way, and the databases
only match stems: SQLite in a second FTS5 table without porter, PostgreSQL with the "simple"
configuration. So both find the same Spanish pages.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType

import snowballstemmer
from django.db import connection, transaction
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..i18n import SPANISH
from ..models import Article, SearchDocument
from ..publishing.current import current_site
from ..text.markdown import order_temperatures, plain

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
FTS_TABLE = "crsinfo_search_fts"
FTS_TABLE_ES = "crsinfo_search_fts_es"  # folded, stemmed Spanish words (migration 0013)
# Spanish words: letters and digits only, so "IL-6" is "il 6" in the index, in the query and
# to both databases' tokenizers alike.
TERM = re.compile(r"[^\W_]+")
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
# The commonest Spanish function words (and question words), as ``fold`` leaves them: dropped
# from queries as STOP_WORDS are from English ones, unless part of a synonym's phrase.
# fmt: off
SPANISH_STOP_WORDS = frozenset([
    "a", "al", "algo", "algun", "alguna", "algunas", "alguno", "algunos", "ante", "antes", "aqui",
    "asi", "aun", "cada", "como", "con", "contra", "cual", "cuales", "cuando", "cuanto", "cuantos",
    "de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre",
    "era", "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estan", "estar", "estas",
    "este", "esto", "estos", "estoy", "fue", "fueron", "ha", "han", "has", "hay", "he", "hasta",
    "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "mucho", "muy", "nada", "ni", "no",
    "nos", "nosotros", "o", "os", "otra", "otro", "para", "pero", "poco", "por", "porque", "puede",
    "pueden", "puedo", "que", "quien", "quienes", "se", "ser", "si", "sin", "sobre", "son", "soy",
    "su", "sus", "tambien", "te", "tener", "tengo", "ti", "tiene", "tienen", "todo", "todos", "tu",
    "tus", "u", "un", "una", "uno", "unos", "unas", "usted", "ustedes", "y", "ya", "yo",
])
# fmt: on
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


def fold(text: str) -> str:
    """Lower case without accents or other marks: "Respiración" -> "respiracion", "Niño" -> "nino"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def spanish_words(text: str) -> list[str]:
    """The words of Spanish text, folded: "¿Cómo respiro?" -> ["como", "respiro"]."""
    return TERM.findall(fold(text))


_stemmers = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball Spanish stem of one folded word: "sintomas" and "sintoma" -> "sintom"."""
    stemmer = getattr(_stemmers, "spanish", None)
    if stemmer is None:
        stemmer = _stemmers.spanish = snowballstemmer.stemmer("spanish")
    return stemmer.stemWord(word) or word


def spanish_terms(text: str) -> str:
    """Spanish text as the index keeps it and the databases match it: folded stems, one space apart."""
    return " ".join(stem(w) for w in spanish_words(text))


def _language_words(language: str):
    """How ``language``'s queries are cut into words, which words are dropped, and how a run of
    words is looked up among the synonyms' phrases."""
    if language == SPANISH:
        return spanish_words, SPANISH_STOP_WORDS, lambda ws: tuple(stem(w) for w in ws)
    return words, STOP_WORDS, tuple


def phrase_table(synonyms: dict[str, str], language: str = "en") -> dict[tuple, list[str]]:
    """The synonyms' phrases as ``query_groups`` looks them up: the same for every query of a
    release, so ``search`` makes it once per release and language."""
    split, _stop_words, key_of = _language_words(language)
    return {key_of(split(phrase)): split(means) for phrase, means in synonyms.items() if split(phrase)}


def query_groups(
    query: str, synonyms: dict[str, str], language: str = "en", phrases: dict | None = None
) -> list[list[str]]:
    """The query as groups of alternatives: every group must match, any phrase in a group will do.

    "can't breathe fever" with the synonym can't breathe -> difficulty breathing gives
    [["can't breathe", "difficulty breathing"], ["fever"]]. In Spanish the words are folded and a
    synonym's phrase is found by its stems too: "No puedo respirar" and "no puedo respiración" both
    find the phrase "no puedo respirar". ``phrases`` is ``phrase_table(synonyms, language)``, if
    already made.
    """
    split, stop_words, key_of = _language_words(language)
    tokens = split(query)[:MAX_WORDS]
    if phrases is None:
        phrases = phrase_table(synonyms, language)
    groups, i = [], 0
    while i < len(tokens):
        for size in range(min(4, len(tokens) - i), 0, -1):
            key = tokens[i : i + size]
            if key_of(key) in phrases:
                groups.append([" ".join(key), " ".join(phrases[key_of(key)])])
                i += size
                break
        else:
            if tokens[i] not in stop_words:
                groups.append([tokens[i]])
            i += 1
    return groups


# --- the index ---------------------------------------------------------------------


def document_text(article, content) -> str:
    """What a reader sees of an article, as plain text, for the index and for passages."""
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


def _documents(content, language: str) -> list:
    """The search documents of the published pages of ``content`` in ``language``: in Spanish,
    only the pages shown in Spanish, with their Spanish text and its stems."""
    documents = []
    with translation.override(language):
        for article in content.published_articles:
            if language == SPANISH and not content.in_spanish(article):
                continue
            document = SearchDocument(
                release=content.number or 0,
                language=language,
                slug=article.slug,
                title=article.title,
                summary=article.summary,
                body=document_text(article, content),
            )
            if language == SPANISH:
                document.title_terms = spanish_terms(document.title)
                document.body_terms = spanish_terms(document.body)
            documents.append(document)
    return documents


def rebuild_index(content, only_if_stale: bool = False) -> None:
    """Rebuild every search document, in both languages, from the published pages of ``content``
    (a release). Two processes that see a new release at once rebuild one after the other, never
    together (on PostgreSQL each would delete only the rows it could see, and both would insert:
    pages listed twice): the table is locked first, and with ``only_if_stale`` the second finds
    the index already built and leaves it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {SearchDocument._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        if only_if_stale and content.number and _built() == content.number:
            return
        SearchDocument.objects.all().delete()
        documents = SearchDocument.objects.bulk_create(_documents(content, "en") + _documents(content, SPANISH))
        if connection.vendor == "sqlite":
            english = [(d.pk, d.title, d.body) for d in documents if d.language != SPANISH]
            spanish = [(d.pk, d.title_terms, d.body_terms) for d in documents if d.language == SPANISH]
            with connection.cursor() as cursor:
                for table, rows in ((FTS_TABLE, english), (FTS_TABLE_ES, spanish)):
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608 -- constant table names
                    cursor.executemany(
                        f"INSERT INTO {table} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                        rows,
                    )


_indexed = threading.local()


def ensure_index(content) -> None:
    """The index follows the current release: rebuilt the first time a search sees a new one
    (so a scheduled release is searchable as soon as it goes live)."""
    number = content.number or 0
    if getattr(_indexed, "number", None) == (number, content.digest):
        return
    if _built() != number or not number:
        rebuild_index(content, only_if_stale=True)
    _indexed.number = (number, content.digest)


def _built() -> int | None:
    """The release the index was built from."""
    return SearchDocument.objects.values_list("release", flat=True).first()


def forget_index() -> None:
    """This thread forgets which index it has seen, and the process the pages it kept."""
    _indexed.number = None
    forget_pages()


# --- searching -----------------------------------------------------------------------


def search(query: str, content, language: str = "en") -> list[Result]:
    """The pages of ``content`` (the current release) that match ``query``, best first, among the
    pages in ``language`` (the address's: "es" searches the Spanish pages, anything else the
    English). A staff preview of the draft searches the current release: the index is built from
    releases only."""
    language = SPANISH if (language or "").split("-")[0].lower() == SPANISH else "en"
    if content.number is None:
        content = current_site()
    kept = _kept(content, language)
    groups = query_groups(query, content.synonyms_for(language), language, kept.phrases)
    if language == SPANISH:
        # The databases match stems: every phrase becomes its stems ("falta de aire" -> "falt de air").
        groups = [g for g in ([spanish_terms(p) for p in group if spanish_words(p)] for group in groups) if g]
    if not groups:
        return []
    ensure_index(content)
    if connection.vendor == "postgresql":
        backend = functools.partial(_search_postgresql, language=language)
    else:
        backend = functools.partial(_search_sqlite, language=language)
    # Pages with every word first; if none has them all, pages with any of them.
    ranked = backend(groups) or (backend([[p for g in groups for p in g]]) if len(groups) > 1 else [])
    highlight_words = {w for group in groups for phrase in group for w in phrase.split()}
    if language == SPANISH:
        # The stems of the words that carry the meaning: not every "de" in the passage.
        highlight_words -= {stem(w) for w in SPANISH_STOP_WORDS}
        matches = _SpanishMatcher(highlight_words)
    else:
        matches = _EnglishMatcher(highlight_words)
    pages = kept.pages
    return [
        Result(
            title=page.title,
            url=page.url,
            summary=page.summary,
            passage=passage(page.text, highlight_words, matches=matches),
            rank=rank,
        )
        for page, rank in ((pages.get(slug), rank) for slug, rank in ranked)
        if page is not None  # a page of another release (the index being rebuilt just now)
    ]


@dataclass(frozen=True)
class _Page:
    """What a result shows of one page: the same for every search of a release."""

    title: str
    url: str
    summary: str
    text: str  # the page's text, with the site's unit first: "100.4 °F (38.0 °C)" on a °F site


@dataclass(frozen=True)
class _Searchable:
    """What every search of one release in one language shares, made once and kept: the pages
    search can find, by slug, and the synonyms' phrases (``phrase_table``)."""

    pages: MappingProxyType
    phrases: MappingProxyType


class _Kept:
    lock = threading.Lock()
    releases: dict = {}  # (release digest, language) -> _Searchable
    KEEP = 8  # the newest releases, per language: a publication adds one


def _kept(content, language: str) -> _Searchable:
    """``content`` (a release) as searches in ``language`` share it; the pages are made from the
    same documents the index is built from."""
    key = (content.digest, language)
    kept = _Kept.releases.get(key)
    if kept is None:
        unit = content.settings.temperature_unit
        pages = {
            d.slug: _Page(d.title, d.get_absolute_url(), d.summary, order_temperatures(d.body, unit))
            for d in _documents(content, language)
        }
        kept = _Searchable(
            MappingProxyType(pages), MappingProxyType(phrase_table(content.synonyms_for(language), language))
        )
        with _Kept.lock:
            while len(_Kept.releases) >= _Kept.KEEP:
                del _Kept.releases[next(iter(_Kept.releases))]
            kept = _Kept.releases.setdefault(key, kept)
    return kept


def forget_pages() -> None:
    with _Kept.lock:
        _Kept.releases.clear()


def _search_sqlite(groups: list[list[str]], language: str = "en"):
    def quote(phrase: str) -> str:
        return '"' + phrase.replace('"', '""') + '"'

    table = FTS_TABLE_ES if language == SPANISH else FTS_TABLE
    match = " AND ".join("(" + " OR ".join(quote(p) for p in group) + ")" for group in groups)
    documents = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.slug, bm25({table}, %s, 1.0) AS score FROM {table} "  # noqa: S608 -- constant table names
            f"JOIN {documents} d ON d.id = {table}.rowid "
            f"WHERE {table} MATCH %s AND d.language = %s ORDER BY score, d.id",
            [TITLE_WEIGHT, match, language],
        )
        # bm25 is lower-is-better; report higher-is-better like PostgreSQL.
        return [(slug, -score) for slug, score in cursor.fetchall()]


def _search_postgresql(groups: list[list[str]], language: str = "en"):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    def phrase_query(phrase: str) -> SearchQuery:
        if language == SPANISH:
            # Stems only, letters and digits: matched as they are, in order, by "simple".
            return SearchQuery(phrase, search_type="phrase", config="simple")
        return SearchQuery(f'"{phrase}"', search_type="websearch", config="english")

    query = None
    for group in groups:
        alternatives = None
        for phrase in group:
            q = phrase_query(phrase)
            alternatives = q if alternatives is None else alternatives | q
        query = alternatives if query is None else query & alternatives
    if language == SPANISH:
        vector = SearchVector("title_terms", weight="A", config="simple") + SearchVector(
            "body_terms", weight="B", config="simple"
        )
    else:
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "body", weight="B", config="english"
        )
    # Title weight 1.0 against body 0.1 mirrors the bm25 weights used on SQLite.
    rank = SearchRank(vector, query, weights=[0.0, 0.0, 1.0 / TITLE_WEIGHT, 1.0])
    rows = (
        SearchDocument.objects.filter(language=language)
        .annotate(search=vector, rank=rank)
        .filter(search=query)
        .order_by("-rank", "pk")
        .values_list("slug", "rank")
    )
    return list(rows)


# --- passages ------------------------------------------------------------------------


class _Matcher:
    """Which words of a page one search wants. ``matches`` asks of one word; ``found_in`` looks
    the wanted words up among a page's own words (what passages use)."""

    def matches(self, word: str) -> bool:
        raise NotImplementedError

    def found_in(self, body: _Body) -> set[str]:
        """The words of ``body``, as written, that this search wants."""
        raise NotImplementedError


class _EnglishMatcher(_Matcher):
    """An English word matches a wanted word, or starts with its first letters (all but the last
    three, at least four): "fevers" matches "fever", "breathing" matches "breathe"."""

    def __init__(self, wanted: set[str]):
        self.exact = frozenset(wanted)
        self.beginnings = tuple(w[: max(4, len(w) - 3)] for w in wanted if len(w) > 4)

    def matches(self, word: str) -> bool:
        word = _english_key(word)
        return word in self.exact or word.startswith(self.beginnings)

    def found_in(self, body: _Body) -> set[str]:
        # Looked up in the page's own words, not asked of each of them.
        found = {w for key in self.exact for w in body.english.get(key, ())}
        keys = body.english_keys
        for beginning in self.beginnings:
            i = bisect.bisect_left(keys, beginning)
            while i < len(keys) and keys[i].startswith(beginning):
                found.update(body.english[keys[i]])
                i += 1
        return found


class _SpanishMatcher(_Matcher):
    """A Spanish word matches by its folded stems: "respiración" matches "respiracion"'s "respir"."""

    def __init__(self, wanted: set[str]):
        self.wanted = frozenset(wanted)

    def matches(self, word: str) -> bool:
        return any(s in self.wanted for s in _stems(word))

    def found_in(self, body: _Body) -> set[str]:
        return {w for stem_ in self.wanted for w in body.spanish.get(stem_, ())}


def _english_key(word: str) -> str:
    return word.lower().replace("’", "'")


@functools.lru_cache(maxsize=50_000)
def _stems(word: str) -> tuple[str, ...]:
    """A word's folded stems ("IL-6" has two): the same words come back in every search's passages."""
    return tuple(stem(w) for w in spanish_words(word))


@dataclass(frozen=True)
class _Body:
    """A page's text, cut up once for every search of it: its sentences, and for each distinct
    word, the sentences it is in and how often (a release's pages, in both languages, fit in
    ``_body``'s cache many times over)."""

    sentences: tuple[str, ...]
    # word as written -> ((sentence index, times in that sentence), ...)
    postings: MappingProxyType

    @functools.cached_property
    def english(self) -> dict[str, tuple[str, ...]]:
        """English searches look words up in lower case: key -> the words as written."""
        return _grouped((_english_key(w), w) for w in self.postings)

    @functools.cached_property
    def english_keys(self) -> list[str]:
        return sorted(self.english)

    @functools.cached_property
    def spanish(self) -> dict[str, tuple[str, ...]]:
        """Spanish searches look words up by their stems: stem -> the words as written."""
        return _grouped((s, w) for w in self.postings for s in _stems(w))

    def best_sentence(self, wanted: set[str]) -> int:
        """The first of the sentences with the most ``wanted`` words (each time one appears)."""
        scores = [0] * len(self.sentences)
        for word in wanted:
            for index, times in self.postings.get(word, ()):
                scores[index] += times
        return scores.index(max(scores))


def _grouped(pairs) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for key, word in pairs:
        grouped.setdefault(key, []).append(word)
    return {key: tuple(words) for key, words in grouped.items()}


@functools.lru_cache(maxsize=1024)
def _body(body: str) -> _Body:
    sentences = tuple(s for s in (s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body)) if s)
    postings: dict[str, dict[int, int]] = {}
    for index, sentence in enumerate(sentences):
        for word in WORD.findall(sentence):
            places = postings.setdefault(word, {})
            places[index] = places.get(index, 0) + 1
    return _Body(sentences, MappingProxyType({w: tuple(p.items()) for w, p in postings.items()}))


def passage(body: str, wanted: set[str], length: int = 220, matches: _Matcher | None = None) -> SafeString:
    """The sentence or two that best matches, with the matched words in <mark>. ``matches`` finds
    the wanted words of the body (by default: English, ``_EnglishMatcher``)."""
    if matches is None:
        matches = _EnglishMatcher(wanted)
    cut = _body(body)
    if not cut.sentences:
        return mark_safe("")
    found = matches.found_in(cut)
    start = cut.best_sentence(found)
    sentences = cut.sentences
    best = sentences[start]
    text = best
    for extra in sentences[start + 1 :]:
        if len(text) + len(extra) + 1 > length:
            break
        text = f"{text} {extra}"
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + "…"
    out, last = [], 0
    for m in WORD.finditer(text):
        if m.group(0) in found:  # the passage's words are the page's: those found are the wanted ones
            out.append(escape(text[last : m.start()]))
            out.append(f"<mark>{escape(m.group(0))}</mark>")
            last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above
