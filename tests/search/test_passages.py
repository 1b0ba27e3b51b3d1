"""Search passages are cut up once per page text and looked up by word (crsinfo/search/query.py):
the passage a reader sees is exactly the one that asking every word of every sentence would give."""

import re

from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from crsinfo.search import query
from crsinfo.search.query import WORD, _EnglishMatcher, _SpanishMatcher, passage, spanish_words, stem

# Words that look like the site's, with accents, apostrophes, hyphens and capitals.
VOCABULARY = [
    "fever",
    "Fevers",
    "feverish",
    "breathe",
    "breathing",
    "Breathing",
    "can't",
    "can’t",
    "IL-6",
    "respiración",
    "respiracion",
    "Respirar",
    "fiebre",
    "Fiebres",
    "síntomas",
    "sintoma",
    "call",
    "steroids",
    "corticosteroids",
    "tell",
    "team",
    "equipo",
    "llame",
    "now",
    "ahora",
    "100.4",
    "38.0",
]
SENTENCE_ENDS = [". ", "! ", "? ", "\n", "\n\n", " "]


def reference(body, matches, length=220):
    """The passage as it was made before the page's words were kept: every word of every
    sentence asked in turn."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body)]
    sentences = [s for s in sentences if s]
    if not sentences:
        return ""
    start = max(range(len(sentences)), key=lambda i: sum(map(matches, WORD.findall(sentences[i]))))
    text = sentences[start]
    for extra in sentences[start + 1 :]:
        if len(text) + len(extra) + 1 > length:
            break
        text = f"{text} {extra}"
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + "…"
    out, last = [], 0
    for m in WORD.finditer(text):
        if matches(m.group(0)):
            out += [escape(text[last : m.start()]), f"<mark>{escape(m.group(0))}</mark>"]
            last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


bodies = st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SENTENCE_ENDS)), max_size=80).map(
    lambda pairs: "".join(word + end for word, end in pairs)
)
wanted_words = st.sets(st.sampled_from([*VOCABULARY, "fev", "breath", "xyz"]), max_size=5)


@settings(max_examples=300, deadline=None)
@given(body=bodies, wanted=wanted_words)
def test_english_passages_are_those_every_word_asked_would_give(body, wanted):
    wanted = {w.lower().replace("’", "'") for w in wanted}
    naive = _EnglishMatcher(wanted).matches
    assert passage(body, wanted, matches=_EnglishMatcher(wanted)) == reference(body, naive)


@settings(max_examples=300, deadline=None)
@given(body=bodies, wanted=wanted_words)
def test_spanish_passages_are_those_every_word_asked_would_give(body, wanted):
    stems = {stem(w) for word in wanted for w in spanish_words(word)}
    naive = _SpanishMatcher(stems).matches
    assert passage(body, stems, matches=_SpanishMatcher(stems)) == reference(body, naive)


def test_a_page_is_cut_up_once_for_every_search_of_it():
    body = "Call your team now. A fever is 100.4 °F or higher. Breathing trouble: call 911."
    query._body.cache_clear()
    for wanted in ({"fever"}, {"breathing"}, {"team", "call"}):
        passage(body, wanted, matches=_EnglishMatcher(wanted))
    info = query._body.cache_info()
    assert (info.misses, info.hits) == (1, 2)
