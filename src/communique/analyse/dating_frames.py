"""Dating by an event frame: the same event told with the same weekday in two documents.

Two sentences report one event when they name the same weekday ("on Friday") outside
quotation marks, the same three or more names that few documents of the corpus name (actors
and places: the frame's participants, not the campaign's perennial figures), and four or more
of the same content words (the event's trigger and its setting). The weekday then names the
same day in both, so a day-dated document fixes the undated one's week: it was written on a day
on which its own "Friday" means that Friday.

Why so strict: sharing a weekday word alone, or two names, placed only 44 % (PolNeAR train) to
76 % (TBAQ) of linked documents in the right week; three rare names and four content words put
every linked pair in the right week on the development corpora (PolNeAR train, TBAQ). The
link is rare; that is the price of not guessing. It fixes the week, not the day: the frame's
own weekday is not used again to pin the day (the two PolNeAR train documents it linked were
written two days after the weekday they share, not on it or the day after). Measured per
mechanism by ``python benchmarks/dating.py`` (the ``corpus: event frame`` rows).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from communique.analyse.dating_quotes import CAPITALISED, Anchors, proper_words
from communique.annotate.dating import FRAME_WHY, Clue, Dating, Span, quoted_spans, sentence_spans
from communique.annotate.timex import find_timexes

__all__ = ["Frame", "FrameIndex", "frame_clues", "frames_in"]

_MIN_NAMES = 3
_MIN_WORDS = 4
_RARE_SHARE = 0.01
"""A name is rare when at most this share of the corpus's documents (and at least two) name
it in a sentence with a weekday."""
_CONTENT = re.compile(r"\b[a-z]{5,}\b")
_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


@dataclass(frozen=True, slots=True)
class Frame:
    """A weekday told in a sentence: where the weekday stands, the sentence, the names and the
    content words of the sentence."""

    offset: int
    weekday: str
    sentence: Span
    names: frozenset[str]
    words: frozenset[str]


def frames_in(text: str) -> list[Frame]:
    """The sentences of ``text`` naming a bare weekday outside quotation marks."""
    if _WEEKDAY.search(text) is None:
        return []  # most of the cost is finding the time expressions: skip texts without one
    spans = sentence_spans(text)
    proper = proper_words(text, spans)
    quoted = quoted_spans(text)
    out = []
    for t in find_timexes(text, anchor=None):
        if t.rule != "weekday" or t.value is not None:
            continue
        if any(a <= t.start < b for a, b in quoted):
            continue  # a quoted "Friday" is the speaker's
        sentence = next(((a, b) for a, b in spans if a <= t.start < b), None)
        if sentence is None:
            continue
        chunk = text[sentence[0] : sentence[1]]
        names = frozenset(w for w in CAPITALISED.findall(chunk) if w in proper)
        words = frozenset(_CONTENT.findall(chunk))
        weekday = _WEEKDAY.search(t.text)
        if weekday is not None:
            out.append(Frame(t.start, weekday.group(), sentence, names, words))
    return out


@dataclass(frozen=True, slots=True)
class FrameIndex:
    """Frames by their rare names; ``rare`` is the set of names rare enough to identify."""

    by_name: Mapping[str, Sequence[tuple[str, Frame]]]
    rare: frozenset[str]
    by_doc: Mapping[str, Sequence[Frame]] = field(default_factory=dict)

    @classmethod
    def build(cls, texts: Sequence[tuple[str, str]]) -> FrameIndex:
        frames = [(doc_id, frames_in(text)) for doc_id, text in texts]
        counts: Counter[str] = Counter()
        for _, found in frames:
            counts.update({n for f in found for n in f.names})
        most = max(2, int(_RARE_SHARE * len(texts)))
        rare = frozenset(n for n, k in counts.items() if 2 <= k <= most)
        by_name: dict[str, list[tuple[str, Frame]]] = defaultdict(list)
        for doc_id, found in frames:
            for frame in found:
                for name in frame.names & rare:
                    by_name[name].append((doc_id, frame))
        return cls(by_name, rare, dict(frames))


def frame_clues(
    doc_id: str,
    text: str,
    *,
    index: FrameIndex,
    known: Mapping[str, Dating],
    text_of: Callable[[str], str],
    anchors_for: Anchors,
) -> list[Clue]:
    """For each frame of ``doc_id`` that a day-dated document tells too, the publication days
    on which the text's weekday names the day the other's does."""
    clues: list[Clue] = []
    mine_frames = index.by_doc.get(doc_id)
    for mine in frames_in(text) if mine_frames is None else mine_frames:
        for other, theirs in _matches(doc_id, mine, index, known):
            day = known[other].published
            assert day is not None
            value = _value_at(text_of(other), theirs.offset, day)
            if value is None:
                continue
            spans = anchors_for(mine.offset, value, day)
            if spans:
                words = text[mine.sentence[0] : mine.sentence[1]].strip()[:120]
                shared = ", ".join(sorted(mine.names & theirs.names & index.rare))
                why = f"{FRAME_WHY} {other} ({mine.weekday!r}; {shared})"
                clues.append(Clue(words, mine.sentence[0], mine.sentence[1], why, spans, 2.0))
                break
    return clues


def _matches(
    doc_id: str, mine: Frame, index: FrameIndex, known: Mapping[str, Dating]
) -> list[tuple[str, Frame]]:
    names = mine.names & index.rare
    if len(names) < _MIN_NAMES:
        return []
    seen: dict[tuple[str, int], tuple[str, Frame]] = {}
    for name in sorted(names):
        for other, theirs in index.by_name.get(name, ()):
            dating = known.get(other)
            if other == doc_id or dating is None or dating.published is None:
                continue
            if theirs.weekday != mine.weekday:
                continue
            if len(names & theirs.names) >= _MIN_NAMES and (
                len(mine.words & theirs.words) >= _MIN_WORDS
            ):
                seen[(other, theirs.offset)] = (other, theirs)
    return [seen[k] for k in sorted(seen)]


def _value_at(text: str, offset: int, day: dt.date) -> str | None:
    for t in find_timexes(text, anchor=day):
        if t.start == offset:
            return t.value
    return None
