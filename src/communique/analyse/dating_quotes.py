"""Dating by a shared quote: the corpus step's quote link.

A quote is said once. Two documents that carry the same quoted words (eight words or more)
attributed to the same speaker report one saying, and a report is written after what it
reports. So when a dated document says *when* the words were said ("..., she said on
Tuesday", the Tuesday being a day its own date fixes), an undated document quoting them was
written on or after that day: a lower bound, whatever the gap. When the undated document also
names the day of the saying by a relative weekday ("said Tuesday"), that weekday is the same
day, which places it within the week after (as the text's own weekday rule does) and lets the
weekday pin name the day.

Measured on the benchmarks before it was shipped (``python benchmarks/dating.py``, the
``corpus: shared quote`` rows). The link is not "the same quote, so the same week": a
politician's line is repeated at rally after rally, and on PolNeAR train only 77 % of document
pairs quoting one speaker in the same words were published within three days of each other.
That is why a quote without a day of saying lends nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from communique.annotate.dating import Clue, Dating, Span, quoted_passages, sentence_spans
from communique.annotate.timex import find_timexes
from communique.annotate.timex_vocab import MONTHS, WEEKDAYS

__all__ = [
    "CAPITALISED",
    "Anchors",
    "Quote",
    "QuoteIndex",
    "proper_words",
    "quote_clues",
    "quotes_in",
]

_QUOTE_WORDS = 8
_WORD = re.compile(r"\w+")
CAPITALISED: Final = re.compile(r"\b[A-Z][\w'’-]{2,}")
_NOT_NAMES = frozenset(WEEKDAYS) | frozenset(m for m in MONTHS if len(m) > 3)

Anchors = Callable[[int, str, dt.date], tuple[Span, ...]]
"""The publication days on which the target's expression at an offset would mean a value."""


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: its words (casefolded, the index key), where it stands, the sentence or
    sentences around it, and the names outside the quotation marks there (its attribution)."""

    key: str
    span: Span
    attribution: Span
    names: frozenset[str]
    capitalised: frozenset[str]
    """Every capitalised word of the attribution: a name one text puts first in a sentence is
    still matched when the other text shows it is a name."""

    def same_speaker(self, other: Quote) -> bool:
        """Whether the two attributions share a name (a name in at least one of them)."""
        return bool(self.names & other.capitalised or self.capitalised & other.names)


def quotes_in(text: str) -> list[Quote]:
    """The long quotations of ``text`` with their attribution names. A name is a capitalised
    word the text also capitalises inside a sentence (so "But" or "The" opening a sentence is
    not one), never a weekday or a month."""
    spans = sentence_spans(text)
    proper = proper_words(text, spans)
    out = []
    for passage in quoted_passages(text):
        words = _WORD.findall(passage.text.casefold())
        if len(words) < _QUOTE_WORDS:
            continue
        start = max((a for a, _ in spans if a <= passage.open), default=0)
        end = min((b for _, b in spans if b >= passage.close), default=len(text))
        outside = text[start : passage.open] + " " + text[passage.close : end]
        capitalised = frozenset(CAPITALISED.findall(outside))
        names = frozenset(w for w in capitalised if w in proper)
        where = (passage.open, passage.close)
        out.append(Quote(" ".join(words), where, (start, end), names, capitalised))
    return out


def proper_words(text: str, spans: Sequence[Span]) -> frozenset[str]:
    """The capitalised words ``text`` capitalises somewhere inside a sentence: names."""
    found: set[str] = set()
    for a, b in spans:
        chunk = text[a:b]
        first = re.match(r"\W*\w+", chunk)
        skip = first.end() if first else 0
        found.update(m.group() for m in CAPITALISED.finditer(chunk, skip))
    return frozenset(w for w in found if w.casefold() not in _NOT_NAMES)


@dataclass(frozen=True, slots=True)
class QuoteIndex:
    """Every long quotation by its words: the documents carrying it and where."""

    by_key: Mapping[str, Sequence[tuple[str, Quote]]]

    @classmethod
    def build(cls, texts: Sequence[tuple[str, str]]) -> QuoteIndex:
        """``texts`` are (document id, text) pairs; only quotations two documents share stay."""
        seen: dict[str, list[tuple[str, Quote]]] = defaultdict(list)
        for doc_id, text in texts:
            for quote in quotes_in(text):
                seen[quote.key].append((doc_id, quote))
        return cls({k: v for k, v in seen.items() if len({d for d, _ in v}) > 1})


def quote_clues(
    doc_id: str,
    text: str,
    *,
    index: QuoteIndex,
    known: Mapping[str, Dating],
    text_of: Callable[[str], str],
    anchors_for: Anchors,
    weekday_at: Callable[[Span], list[int]],
) -> list[Clue]:
    """The clues shared quotes give ``doc_id``: for each quotation a day-dated document also
    carries, attributed to a name both give, the earliest day any of them says it was said
    (a lower bound), and the week after it when the text names that day by its weekday."""
    clues: list[Clue] = []
    for mine in quotes_in(text):
        said = _said_days(doc_id, mine, index, known, text_of)
        if not said:
            continue
        day, other = min(said)
        words = text[mine.span[0] : mine.span[1]][:120]
        why = f"corpus: the same quote as document {other}, said {day.isoformat()}"
        for offset in weekday_at(mine.attribution):
            spans = anchors_for(offset, day.isoformat(), day)
            if spans:
                clues.append(Clue(words, mine.span[0], mine.span[1], why, spans, 2.0))
                break
        else:
            o = day.toordinal()
            span = ((o, dt.date.max.toordinal()),)
            clues.append(Clue(words, mine.span[0], mine.span[1], why, span, 1.0))
    return clues


def _said_days(
    doc_id: str,
    mine: Quote,
    index: QuoteIndex,
    known: Mapping[str, Dating],
    text_of: Callable[[str], str],
) -> list[tuple[dt.date, str]]:
    """(day said, document) for each day-dated document quoting the same words by a name the
    attribution shares, whose own attribution dates the saying to a day."""
    out = []
    for other, theirs in index.by_key.get(mine.key, ()):
        dating = known.get(other)
        if other == doc_id or dating is None or dating.published is None:
            continue
        if not mine.same_speaker(theirs):
            continue
        day = _day_of_saying(text_of(other), theirs, dating.published)
        if day is not None:
            out.append((day, other))
    return out


def _day_of_saying(text: str, quote: Quote, published: dt.date) -> dt.date | None:
    """The day the attribution outside the quotation marks names ("she said on Tuesday",
    "said May 3"), resolved on the document's own date; None when it names none or several."""
    start, end = quote.attribution
    days = set()
    for t in find_timexes(text[start:end], anchor=published):
        inside = quote.span[0] - start <= t.start < quote.span[1] - start
        if inside or t.type != "DATE" or t.precision != "day" or not t.value:
            continue
        try:
            day = dt.date.fromisoformat(t.value[:10])
        except ValueError:
            continue
        if day <= published:
            days.add(day)
    return days.pop() if len(days) == 1 else None
