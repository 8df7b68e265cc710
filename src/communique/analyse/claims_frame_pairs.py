"""A second candidate pass for claims: paraphrases across outlets that share a frame.

Two outlets telling one fact in their own words often sit below cosine 0.5 between MiniLM
sentence vectors ("the president and the speaker met for the first time in weeks" beside "the
meeting was the first face-to-face negotiation between the two since a session three weeks
ago"), so the neighbour search of :mod:`communique.analyse.claims_neighbours`, which keeps each
clause's closest neighbours above the paraphrase threshold, never returns them. What they
still share is the frame the language layer read: a distinctive name, the same figure of the
same thing, the same day, the same speaker.

:func:`frame_pairs` blocks clauses by those values, compares only clauses of different
documents and origins in a common block, and keeps a pair when its vectors are loosely close
(``threshold``, well below the paraphrase tier) *and* the frame agrees on three counts, two
of them about what happened (:class:`Agreement`): names alone say two clauses speak of the
same people, not of the same fact. :func:`communique.analyse.claims_frames.
anchored` must hold as well, so no day, place or figure disagrees.

Cost: a key is compared within its block only while the block holds at most ``max_block``
clauses; a key that more clauses share (a party of the talks, a weekday every story names) is
not distinctive and blocks nothing. So the pass compares at most ``max_block`` clauses per key
of a clause: linear in the corpus, with one dot product of two 384-wide vectors per pair,
and only for the pairs that pass a screen of set tests (:func:`_may_join`: the same day, a
unit or four words in common, and a name, a unit or the speaker): at 10,000 synthetic
documents 5,500 of the 157,000 pairs close enough are compared in full.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from communique.analyse.claims_frames import (
    Coded,
    Node,
    agree,
    anchored,
    content_words,
    same_figure,
    topic_words,
)
from communique.analyse.claims_neighbours import sorted_unique

Index = npt.NDArray[np.int64]

__all__ = ["Agreement", "FrameClause", "frame_agreement", "frame_keys", "frame_pairs"]

_LARGE_FIGURE: Final = 10.0
"""A count of ten or more of one named thing, given alike by two outlets, is itself a frame;
"two sides" or "three people" is not."""
_CONTENT_WORDS: Final = 2
_MANY_WORDS: Final = 4
_WHAT: Final = 2
_PARTIES: Final = 2
_AGREEMENT: Final = 3


@dataclass(frozen=True, slots=True)
class FrameClause:
    """A node as the frame pass reads it: the documents and origins its mentions come from
    (two tellings must come from different ones) and the speaker the quote layer found."""

    node: Node
    docs: frozenset[str]
    origins: frozenset[str]
    speaker: str = ""


def frame_keys(clause: FrameClause) -> frozenset[str]:
    """The block keys of a clause: each distinctive word of its names and offices (a party of
    the talks, which most clauses name, is not one), each figure with the thing it counts, its
    day, its speaker."""
    node = clause.node
    named = {w for g in node.names for w in g}
    keys = {f"n:{w}" for w in named - node.common}
    # Offices ("the speaker") and the words of a speaker the tagger missed, as names.
    keys |= {f"n:{w}" for w in node.topics - named - node.common}
    keys |= {f"q:{q.unit}:{q.value:g}" for q in node.numbers if q.unit}
    if node.day is not None:
        keys.add(f"d:{node.day}")
    if clause.speaker:
        keys.add(f"s:{clause.speaker.casefold()}")
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Agreement:
    """What two clauses' frames share. ``who``: distinctive names (no word of them one that
    most clauses name; a place is where, not who), distinctive offices ("the speaker") and the
    same distinctive speaker.
    ``what``: the day, a kind of event, a figure of the same thing (two for one of ten or
    more), and distinctive content words (one count for two words, two for four or more)."""

    who: int
    what: int
    large_figure: bool
    specific: bool
    """The day, a figure or four words agree: a kind of event ("met") and two words ("closed
    doors") are what two stories of one negotiation share by chance."""
    many_words: bool = False
    """Four distinctive words or more in common: the same words of one speaker, say."""

    @property
    def joins(self) -> bool:
        """Two counts about what happened and three in all, with two parties in common (or a
        large figure of one thing, or one party's own words): names alone say two clauses
        speak of the same people ("Senate leader X" in two stories), not of the same fact;
        one party, a day and a kind of event are also the same minister meeting someone else
        that day; one shared kind of event or a pair of words, two stories of one
        negotiation share by chance."""
        parties = self.who >= _PARTIES or self.large_figure or (self.who and self.many_words)
        return bool(
            parties and self.specific and self.what >= _WHAT and self.who + self.what >= _AGREEMENT
        )


@dataclass(frozen=True, slots=True)
class _Derived:
    """What :func:`frame_agreement` reads of one clause whatever the other: worked out once
    per clause, since a clause meets many others in its blocks."""

    clause: FrameClause
    places: frozenset[str]
    spoken: frozenset[str]
    named: frozenset[str]
    speaker: str
    dated: frozenset[str]


def _derived(clause: FrameClause) -> _Derived:
    node = clause.node
    return _Derived(
        clause,
        frozenset(w for p in node.places for w in topic_words(p)),
        topic_words(clause.speaker),
        frozenset(w for g in node.names for w in g),
        clause.speaker.casefold(),
        _date_words(tuple(d.text for d in node.dates)),
    )


def frame_agreement(a: FrameClause, b: FrameClause) -> Agreement:
    """How far the frames of two clauses agree (see :class:`Agreement`)."""
    return _agreement(_derived(a), _derived(b))


def _agreement(da: _Derived, db: _Derived) -> Agreement:
    a, b = da.clause, db.clause
    na, nb = a.node, b.node
    common = na.common | nb.common
    places = da.places | db.places
    names = [g for g in na.names if g & nb.topics and not g & (common | places)]
    # The speaker's words are among a clause's topics; they count once, as the speaker.
    spoken = da.spoken | db.spoken
    named = da.named | db.named
    offices = (na.topics & nb.topics) - named - common - spoken - places
    speaker = bool(a.speaker) and da.speaker == db.speaker
    who = len(names) + len(offices) + bool(speaker and not da.spoken & common)
    figure = same_figure(na, nb) or 0.0
    # A kind of event is named by its verb's stem ("reject"): the word counts once, as the kind.
    # and a day's words ("Friday") count once, as the day.
    dated = da.dated | db.dated
    shared = len((na.content & nb.content) - na.predicates - nb.predicates - dated)
    what = sum((na.day is not None and na.day == nb.day, bool(na.predicates & nb.predicates)))
    what += 2 if figure >= _LARGE_FIGURE else int(figure > 0)
    what += 2 if shared >= _MANY_WORDS else int(shared >= _CONTENT_WORDS)
    specific = (na.day is not None and na.day == nb.day) or figure > 0 or shared >= _MANY_WORDS
    return Agreement(who, what, figure >= _LARGE_FIGURE, specific, shared >= _MANY_WORDS)


@lru_cache(maxsize=1 << 14)
def _date_words(texts: tuple[str, ...]) -> frozenset[str]:
    """The content words of a clause's days ("Friday"): cached, a clause meets many others."""
    return content_words(" ".join(texts))


def _joins(a: _Derived, b: _Derived) -> bool:
    if not _agreement(a, b).joins:
        return False
    return agree(a.clause.node, b.clause.node) and anchored(a.clause.node, b.clause.node)


def frame_pairs(
    clauses: Sequence[FrameClause],
    vectors: npt.NDArray[np.float32],
    *,
    threshold: float = 0.4,
    max_block: int = 64,
    coded: Coded | None = None,
) -> list[tuple[int, int, float]]:
    """``(i, j, cosine)`` with ``i < j`` for clauses of different documents and origins that
    share a block key, have cosine >= ``threshold`` between their nodes' vectors
    (``vectors[clause.node.text]``) and whose frames agree; best first. ``coded`` is
    :meth:`Coded.of` the clauses' nodes, when the caller has it."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, clause in enumerate(clauses):
        for key in frame_keys(clause):
            blocks[key].append(i)
    first, second = _candidates(blocks.values(), max_block=max_block, rows=len(clauses))
    screen = _Screen.of(clauses, coded)
    keep = _may_join(screen, first, second)
    derived: dict[int, _Derived] = {}
    out = []
    for i, j in zip(first[keep].tolist(), second[keep].tolist(), strict=True):
        a, b = clauses[i], clauses[j]
        if a.docs & b.docs or a.origins & b.origins:
            continue
        sim = float(vectors[a.node.text] @ vectors[b.node.text])
        if sim < threshold:
            continue
        da = derived.get(i) or derived.setdefault(i, _derived(a))
        db = derived.get(j) or derived.setdefault(j, _derived(b))
        if _joins(da, db):
            out.append((i, j, sim))
    out.sort(key=lambda p: (-p[2], p[0], p[1]))
    return out


@dataclass(frozen=True, slots=True)
class _Screen:
    """What :func:`_may_join` reads of the clauses, coded to test many pairs at once."""

    nodes: Coded
    speakers: npt.NDArray[np.int64]
    """A code for each clause's speaker (casefolded), -1 for none."""

    @classmethod
    def of(cls, clauses: Sequence[FrameClause], coded: Coded | None = None) -> _Screen:
        known: dict[str, int] = {}
        speakers = [
            known.setdefault(c.speaker.casefold(), len(known)) if c.speaker else -1 for c in clauses
        ]
        return cls(coded or Coded.of([c.node for c in clauses]), np.asarray(speakers, np.int64))


def _may_join(screen: _Screen, a: Index, b: Index) -> npt.NDArray[np.bool_]:
    """False where :attr:`Agreement.joins` of clauses ``a[n]`` and ``b[n]`` is surely false,
    by tests far cheaper than :func:`_agreement` (which most candidate pairs of a large corpus
    fail), made in numpy: without the same day, a figure of one thing (a unit both count)
    or four content words in common, nothing is ``specific``; without a name or office in
    common (each is among both clauses' topics), the same speaker or a figure of one thing,
    there are no parties. Only a pair that passes both is compared in full, and it joins
    exactly when it would have."""
    nodes = screen.nodes
    units = nodes.units.shared(a, b) > 0
    same_day = nodes.dated[a] & nodes.dated[b] & (nodes.days[a] == nodes.days[b])
    specific = same_day | units | (nodes.content.shared(a, b, at_least=_MANY_WORDS) >= _MANY_WORDS)
    a, b = a[specific], b[specific]
    speaker = (screen.speakers[a] >= 0) & (screen.speakers[a] == screen.speakers[b])
    parties = units[specific] | (nodes.topics.shared(a, b) > 0) | speaker
    specific[specific] = parties
    out: npt.NDArray[np.bool_] = specific
    return out


def _candidates(blocks: Iterable[list[int]], *, max_block: int, rows: int) -> tuple[Index, Index]:
    """Pairs ``i < j`` within each block of two to ``max_block`` of the ``rows`` clauses,
    each pair once: blocks of one size are paired at once, as the rows of one array."""
    by_size: dict[int, list[list[int]]] = defaultdict(list)
    for block in blocks:
        if 2 <= len(block) <= max_block:
            by_size[len(block)].append(block)
    found = [np.zeros(0, np.int64)]
    width = max(rows, 1)
    for size, of_size in by_size.items():
        members = np.asarray(of_size, np.int64)
        left, right = np.triu_indices(size, 1)
        x, y = members[:, left].ravel(), members[:, right].ravel()
        found.append(np.minimum(x, y) * width + np.maximum(x, y))
    keys = sorted_unique(np.concatenate(found))
    return keys // width, keys % width
