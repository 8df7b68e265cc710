"""Spans NER takes for names that are not: headings in title case, and places called organisations.

News pages put subheadings in the body ("Unwanted Delays and Intransigence", "Kyiv Braces for
a Northern Offensive"). Every word is capitalised there, so the tagger sees names everywhere.
A span inside such a heading stays a name only where the gazetteer knows it (then it is cut to
the known part: "Kyiv" of "Kyiv Braces"); the rest are common words in capitals.

A place is not an organisation because the tagger said so: "the Sumy region", "the city of
Sumy" name a place by the noun beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from spacy.tokens import Doc, Span

__all__ = ["is_heading", "known_prefix", "place_by_noun"]

_MAX_HEADING_WORDS: Final = 12
_CLOSING: Final = frozenset('.!?:;"”’)')
_SMALL_WORDS: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "vs",
        "via",
        "into",
        "over",
    ]
)
_PLACE_NOUNS: Final = frozenset(
    [
        "region",
        "city",
        "province",
        "oblast",
        "district",
        "county",
        "town",
        "village",
        "area",
        "state",
        "border",
    ]
)


def is_heading(doc: Doc, sent: Span) -> bool:
    """A line of its own, short, without closing punctuation, every content word capitalised."""
    words = [t for t in sent if t.is_alpha]
    if not 2 <= len(words) <= _MAX_HEADING_WORDS:
        return False
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text[-1] in _CLOSING:
        return False
    if sent.start > 0 and "\n" not in doc[sent.start - 1].text_with_ws:
        return False
    end = sent.end
    if end < len(doc) and "\n" not in doc[end - 1].text_with_ws and not doc[end].is_space:
        return False
    if any(t.like_num for t in sent):
        return False  # a table row or a score line ("Leeds 2 Arsenal 1"), not a heading
    content = [t for t in words if t.lower_ not in _SMALL_WORDS]
    titled = sum(t.is_title for t in content)
    # title case, not shouting: an all-capitals line is a headline NER reads well enough
    return bool(content) and all(t.text[0].isupper() for t in content) and 2 * titled > len(content)


def place_by_noun(doc: Doc, start: int, end: int) -> bool:
    """ "the Sumy region", "the city of Sumy": a place noun right after, or "city of" before."""
    if end < len(doc) and doc[end].lower_ in _PLACE_NOUNS and doc[end].pos_ == "NOUN":
        return True
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _PLACE_NOUNS


def known_prefix(doc: Doc, start: int, end: int, *, known: Callable[[str], bool]) -> int | None:
    """The end of the longest known name that opens the span ("Kyiv" of "Kyiv Braces")."""
    for stop in range(end, start, -1):
        if known(doc[start:stop].text):
            return stop
    return None
