"""Pair quotation marks in raw text into quoted spans, without ever raising.

News text mixes straight and curly marks, guillemets, the typewriter ``''`` pair, apostrophes
that look like closing single quotes, and multi-paragraph quotes whose earlier paragraphs are
left open by convention. So a mark's role is read from its context (what stands either side),
with its glyph only as a tie-breaker, and pairing is done one paragraph at a time: a quote still
open at a paragraph's end is closed there (``closed=False``), which is both the newsroom
convention for a quote running on and the graceful answer to a stray mark.

Single marks are only paired outside double quotes; inside, they are part of the quoted text.

Example::

    >>> [s.text for s in find_quoted_spans('He said: “We will win.” Then he left.')]
    ['We will win.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["QuotedSpan", "find_quoted_spans"]

_SOFT_END: Final = frozenset(",;: \t\n\xa0")

Role = Literal["open", "close", "either", "none"]

# ``''`` and ````...''`` are typewriter doubles; match them before the single marks.
_MARK: Final = re.compile(r"``|''|[\"“”„‟«»″]|[‘’‚‛']")
_DOUBLE_OPENERS: Final = frozenset({"“", "„", "‟", "«", "``"})
_DOUBLE_CLOSERS: Final = frozenset({"”", "»"})
_SINGLE: Final = frozenset({"‘", "’", "‚", "‛", "'"})
_OPEN_BEFORE: Final = frozenset("([{—–-/:")
_CLOSE_AFTER: Final = frozenset(" \t\n)]}.,;:!?—–-/…")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A passage between quotation marks: ``open``/``close`` include the marks, ``start``/``end``
    are the inner text trimmed of spaces. ``closed`` is False when the paragraph ended first."""

    open: int
    close: int
    start: int
    end: int
    text: str
    closed: bool
    double: bool

    @property
    def content(self) -> tuple[int, int]:
        """The passage as a quote's content: without the comma that stands in for its full
        stop ("“We will not sign,” she said" quotes "We will not sign")."""
        end = self.end
        while end > self.start + 1 and self.text[end - self.start - 1] in _SOFT_END:
            end -= 1
        return self.start, end

    @property
    def words(self) -> int:
        """Number of words inside, the test that tells speech from a scare quote."""
        return len(re.findall(r"\w+(?:[’'-]\w+)*", self.text))


def _role(text: str, pos: int, mark: str, *, inside: bool) -> Role:
    """Read whether a mark opens or closes from the characters either side of it, the glyph
    (curly marks have a direction) and whether a quote is already open."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    opens = prev.isspace() or prev in _OPEN_BEFORE or prev in "\"“”'‘’«"
    closes = nxt.isspace() or nxt in _CLOSE_AFTER or nxt in "\"“”'‘’»"
    if mark in _SINGLE:
        if prev.isalnum() and nxt.isalnum():
            return "none"  # an apostrophe inside a word: don't, O’Brien
        if opens and not nxt.isspace():
            return "open"
        if closes and not prev.isspace():
            return "close"
        return "none"
    if mark in _DOUBLE_OPENERS:  # “ closes only when it is plainly at a word's end
        return "close" if (inside and nxt.isspace() and not prev.isspace()) else "open"
    if mark in _DOUBLE_CLOSERS:  # ” opens only when it is plainly at a word's start
        return "open" if (not inside and prev.isspace() and not nxt.isspace()) else "close"
    if inside and not prev.isspace():
        return "close"  # '…,"Doe said' — a missing space, not a new quote
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _make(
    text: str,
    open_at: int,
    open_len: int,
    close_at: int,
    close_len: int,
    *,
    closed: bool,
    double: bool,
) -> QuotedSpan | None:
    start, end = open_at + open_len, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return QuotedSpan(open_at, close_at + close_len, start, end, text[start:end], closed, double)


def _pair_paragraph(text: str, lo: int, hi: int) -> list[QuotedSpan]:
    """Pair the marks of one paragraph ``text[lo:hi]``; an open quote closes at ``hi``."""
    spans: list[QuotedSpan] = []
    # (position, length, is_double) of the mark that opened the current quote
    current: tuple[int, int, bool] | None = None
    for m in _MARK.finditer(text, lo, hi):
        mark, pos = m.group(), m.start()
        double = mark not in _SINGLE
        role = _role(text, pos, mark, inside=current is not None and current[2] == double)
        if role == "none":
            continue
        if current is not None and current[2] and not double:
            continue  # a single mark inside a double quote is part of its text
        if current is not None and not current[2] and double:
            current = None  # the "single quote" was an apostrophe after all
        if current is None:
            if role in ("open", "either"):
                current = (pos, len(mark), double)
            continue
        if role in ("close", "either"):
            made = _make(
                text, current[0], current[1], pos, len(mark), closed=True, double=current[2]
            )
            if made is not None:
                spans.append(made)
            current = None
        else:  # a second opener: the first quote never closed (or was an apostrophe)
            made = _make(text, current[0], current[1], pos, 0, closed=False, double=True)
            if made is not None and current[2]:
                spans.append(made)
            current = (pos, len(mark), double)
    if current is not None and current[2]:
        made = _make(text, current[0], current[1], hi, 0, closed=False, double=True)
        if made is not None:
            spans.append(made)
    return spans


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Return the top-level quoted passages of ``text`` in order; unbalanced marks never raise."""
    spans: list[QuotedSpan] = []
    lo = 0
    for para in re.finditer(r"[^\n]+", text):
        lo = para.start()
        spans.extend(_pair_paragraph(text, lo, para.end()))
    return spans
