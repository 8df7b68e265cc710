"""Find temporal expressions in English news text and normalise them to TIMEX3 values.

A rule cascade in the manner of HeidelTime: :mod:`timex_rules` holds one compiled pattern per
family (explicit dates, clock times, relative days, weekdays, offsets, parts of years, vague
references, durations, sets), each with its normaliser. This module runs them, keeps the longest
non-overlapping matches, and resolves each in document order against

* the anchor (the publication date) for deictic expressions ("yesterday", "next month");
* the sentence's tense for direction ("met on Friday" is the last Friday, "will meet on
  Friday" the next one); a sentence's tense is its main verb's, unless a future cue stands in
  the clause that holds the expression ("comes as she is expected to speak Tuesday");
* the discourse's reference time, the last calendar point mentioned, for anaphoric ones
  ("the following day", "a year earlier").

Without an anchor a relative expression keeps its span and type but gets ``value=None``: a
wrong date is worse than none in a timeline.

Example::

    >>> import datetime as dt
    >>> [t.value for t in find_timexes("Talks resumed on Friday.", anchor=dt.date(2025, 5, 14))]
    ['2025-05-09']
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from communique.annotate.timex_normalise import Context, Precision, Resolution, Tense, TimexType
from communique.annotate.timex_rules import RULES, Rule

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = [
    "Precision",
    "Tense",
    "Timex",
    "TimexType",
    "find_timexes",
    "sentence_spans",
    "sentence_tense",
]


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression: ``text == source[start:end]``.

    ``value`` is the TIMEX3 value (``2022-04-12``, ``2025-W20-WE``, ``P3Y``, ``PAST_REF`` ...),
    None when the expression is relative and there was no anchor. ``anchored`` says the value
    was computed from the anchor or an earlier expression rather than read off the text.
    ``rule`` names the pattern family that found it.
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str | None
    anchored: bool
    precision: Precision
    rule: str


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    priority: int
    rule: Rule
    match: re.Match[str]


def find_timexes(
    text: str,
    *,
    anchor: dt.date | None,
    tenses: Sequence[tuple[int, int, str]] | None = None,
) -> list[Timex]:
    """Every temporal expression in ``text``, in order, with its normalised value.

    ``anchor`` is the document's publication date. ``tenses`` optionally gives
    ``(start, end, tense)`` sentence spans (``past``/``present``/``future``) computed by a
    parser (see :func:`sentence_tense`); without it the tense is guessed from cue words near
    each expression.
    """
    tense_of = _TenseLookup(text, tenses)
    neutral = Context(anchor=anchor, tense="present")
    candidates = [c for c in _candidates(text) if _resolve(c, neutral) is not None]
    reference: Resolution | None = None
    focus: Resolution | None = None
    found: list[Timex] = []
    for cand in _select(candidates):
        tense, local = tense_of(cand.start, cand.end)
        ctx = Context(anchor, tense, local, reference=reference, focus=focus)
        res = _resolve(cand, ctx)
        if res is None:
            continue
        found.append(
            Timex(
                cand.start,
                cand.end,
                text[cand.start : cand.end],
                res.type,
                res.value,
                res.anchored,
                res.precision,
                cand.rule.name,
            )
        )
        if _sets_reference(cand.rule, res):
            reference = res
            if cand.rule.name in _FOCUS_RULES:
                focus = res
    return found


def _resolve(cand: _Candidate, ctx: Context) -> Resolution | None:
    """The rule's resolution; a date pushed off the calendar (an anchor near year 1 or 9999)
    keeps its span with no value rather than failing the document."""
    try:
        return cand.rule.normalise(cand.match, ctx)
    except (OverflowError, ValueError, KeyError):
        # KeyError: a duration in a unit finer than the normaliser knows ("1.5 seconds").
        return Resolution("DATE", None, False, "none")


# Every rule's regex runs over the whole text, most of the layer's own time; one document's
# text is read three times over (publication date, dates, dated positions), and the matches
# do not depend on the anchor or the tenses. Immutable results, a pure function: safe to keep.
@functools.lru_cache(maxsize=2)
def _candidates(text: str) -> tuple[_Candidate, ...]:
    out: list[_Candidate] = []
    for priority, rule in enumerate(RULES):
        for match in rule.pattern.finditer(text):
            start, end = match.span("span") if "span" in rule.pattern.groupindex else match.span()
            if end > start:
                out.append(_Candidate(start, end, priority, rule, match))
    return tuple(out)


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then earlier rule; keep those that overlap nothing already kept."""
    kept: list[_Candidate] = []
    starts: list[int] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start)):
        i = bisect.bisect_left(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        kept.insert(i, cand)
        starts.insert(i, cand.start)
    return kept


# Offsets ("a year earlier") shift the reference time; letting them also become it would
# make the next "a year earlier" shift twice.
_NOT_REFERENCES = frozenset({"offset", "year_ago_adj"})
# Only a quarter or half named outright ("the third quarter") becomes the reporting period;
# "the 1988 period" compares with it rather than replacing it.
_FOCUS_RULES = frozenset({"quarter", "quarter_code", "half"})
_REFERENCE_PRECISIONS = frozenset({"day", "time", "week", "month", "quarter", "half", "year"})


def _sets_reference(rule: Rule, res: Resolution) -> bool:
    return (
        res.type in ("DATE", "TIME")
        and res.point is not None
        and res.precision in _REFERENCE_PRECISIONS
        and rule.name not in _NOT_REFERENCES
    )


# -- tense -----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets by punctuation, for texts not parsed by spaCy."""
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|wo\s+n't|shall|going\s+to|plans?\s+to"
    r"|planning\s+to|intends?\s+to"
    r"|(?<!been\s)(?<!was\s)(?<!were\s)(?:(?:due|scheduled|set|expected|slated|poised)\s+to"
    r"|(?:planned|scheduled|set|slated|due)\s+(?:for|in|on))"
    r"|(?:is|are)\s+to)\b|'ll\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|ago)\b"
    # A past form, unless it is a participle whose auxiliary carries the tense ("will be
    # paid", "to be completed", "is expected") or a word that merely ends in -ed.
    r"|(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bto\s)(?<!\bbeen\s)(?<!\bbeing\s)\b(?:said"
    r"|told|met|made|took|came|went|began|held|gave|got|left|saw|found|knew|thought|became|fell"
    r"|rose|sold|bought|won|lost|struck|led|ran|spoke|wrote|brought|kept|paid|sent|broke|chose"
    r"|drew|fought|flew|grew|meant|sought|spent|stood|swore|taught|threw|understood"
    r"|(?!(?:need|indeed|speed|proceed|succeed|exceed|seed|feed|breed|bleed|embed|hundred"
    r"|kindred|sacred|naked|wicked|red|bed|shed|united|limited|based|armed|detailed|expected"
    r"|scheduled|planned|supposed|slated|poised)\b)[a-z]{2,}ed)\b"
)


_CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\b(?:and|but|that|which|who|when|while|after|before)\b")
_LOCAL_CHARS = 30
# A deadline ("extended to Nov. 20", "returned by Jan. 14") often lies ahead of a past verb.
_DEADLINE = re.compile(
    r"\b(?:by|until|till|through|to|effective|payable|due)\s+(?:the\s+)?(?:(?:early|mid|late"
    r"|around|about)[-\s]+)?$",
    re.IGNORECASE,
)


class _TenseLookup:
    """Maps an expression's offsets to a tense and whether the cue for it is local.

    Without caller tenses, the tense cue nearest before the expression in its sentence wins;
    failing that, the nearest after. Nearest, because a sentence often holds two clauses ("said
    on Monday that talks will resume on Friday") and the verb governing a time phrase usually
    stands just before it. A cue is local when it is a few words before the expression in the
    same clause, with no deadline preposition between.
    """

    def __init__(self, text: str, tenses: Sequence[tuple[int, int, str]] | None) -> None:
        self._text = text
        self._given = sorted(tenses) if tenses is not None else None
        self._given_starts = [s for s, _, _ in self._given or ()]
        self._bounds: list[int] = []
        cues: list[tuple[int, str]] = []
        if tenses is None:  # the cue scans cost as much as a rule's; given tenses need none
            self._bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
            cues = [(m.end(), "future") for m in _FUTURE_CUE.finditer(text)]
            cues += [(m.end(), "past") for m in _PAST_CUE.finditer(text)]
            cues.sort()
        # Given tenses are a sentence's main verb's; a future cue of the clause that holds the
        # expression ("comes as X is expected to speak ... Tuesday") overrides it.
        self._ahead = [m.end() for m in _FUTURE_CUE.finditer(text)] if tenses is not None else []
        self._cue_ends = [pos for pos, _ in cues]
        self._cue_tenses: list[Tense] = [tense for _, tense in cues]  # type: ignore[misc]

    def __call__(self, start: int, end: int) -> tuple[Tense, bool]:
        if self._given is not None:
            return self._given_tense(start), False
        i = bisect.bisect_right(self._bounds, start) - 1
        lo, hi = self._bounds[i], self._bounds[min(i + 1, len(self._bounds) - 1)]
        before = bisect.bisect_right(self._cue_ends, start) - 1
        if before >= 0 and self._cue_ends[before] >= lo:
            gap = self._text[self._cue_ends[before] : start]
            local = len(gap) <= _LOCAL_CHARS and not _CLAUSE_BREAK.search(gap)
            return self._cue_tenses[before], local and not _DEADLINE.search(gap)
        after = bisect.bisect_right(self._cue_ends, end)
        if after < len(self._cue_ends) and self._cue_ends[after] <= hi:
            return self._cue_tenses[after], False
        return "present", False

    def _given_tense(self, start: int) -> Tense:
        i = bisect.bisect_right(self._given_starts, start) - 1
        if i >= 0 and self._given is not None:
            span_start, span_end, tense = self._given[i]
            if start < span_end and self._future_in_clause(span_start, start):
                return "future"
            if start < span_end and tense in ("past", "present", "future"):
                return tense  # type: ignore[return-value]
        return "present"

    def _future_in_clause(self, sentence_start: int, start: int) -> bool:
        """A future cue ("will", "is expected to") before ``start`` in its sentence, with no
        clause break or past cue between: the expression is what that verb looks ahead to."""
        k = bisect.bisect_right(self._ahead, start) - 1
        if k < 0 or self._ahead[k] < sentence_start:
            return False
        gap = self._text[self._ahead[k] : start]
        return not _CLAUSE_BREAK.search(gap) and not _PAST_CUE.search(gap)


def sentence_tense(sentence: Span | Any) -> Tense:
    """The tense of a spaCy sentence: ``future`` with will/shall/'ll/going to, ``past`` when
    its root (or an auxiliary of it) carries ``Tense=Past``, else ``present``."""
    for token in sentence:
        lower = token.lower_
        if token.tag_ == "MD" and lower in ("will", "wo", "'ll", "shall"):
            return "future"
        if lower == "going" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
            return "future"
    root = sentence.root
    verbs = [root, *(c for c in root.children if c.dep_ in ("aux", "auxpass"))]
    if any("Past" in v.morph.get("Tense", []) for v in verbs):
        return "past"
    return "present"
