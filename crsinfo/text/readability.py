"""Reading ease of Markdown as a reader reads it: Flesch-Kincaid grade (English) and
Fernández-Huerta ease (Spanish), shown to editors as they write."""

import re
import threading

import textstat

from .markdown import plain

READING_GRADE_TARGET = 8


# textstat keeps its language in a global: English and Spanish scores never run at the same time.
_textstat_language = threading.Lock()


def _as_read(markdown_text: str) -> str:
    """Markdown as a reader reads it, for a readability formula."""
    # List items are separate thoughts: end them as sentences so they are not read as one.
    text = re.sub(r"(?m)^\s*[-*]\s+(.+?)\.?\s*$", r"\1.", markdown_text)
    return plain(text).strip()


def text_grade(markdown_text: str) -> float:
    """Flesch-Kincaid grade of Markdown as a reader reads it."""
    text = _as_read(markdown_text)
    if not text:
        return 0.0
    with _textstat_language:
        return round(textstat.flesch_kincaid_grade(text), 1)


# Fernández-Huerta (Spanish reading ease, 0-100: higher is easier); 70 or more is "bastante fácil".
SPANISH_EASE_TARGET = 70


def spanish_ease(markdown_text: str) -> float:
    """Fernández-Huerta reading ease of Spanish Markdown as a reader reads it."""
    text = _as_read(markdown_text)
    if not text:
        return 0.0
    with _textstat_language:
        textstat.set_lang("es")
        try:
            return round(textstat.fernandez_huerta(text), 1)
        finally:
            textstat.set_lang("en")
