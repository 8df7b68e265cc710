"""What two clauses are about, beyond their vectors: the names and the words they share.

Two outlets telling one fact in their own words name the actors differently ("the
president", "Mr. X", "X") and frame it differently, so a sentence vector puts them only
loosely close (MiniLM cosine 0.5–0.65). What still agrees is the frame: who (the names,
through the gazetteer and the layer's offices), what was done or counted (the content words
the clauses share, a figure of the same thing) and when. :mod:`communique.analyse.claims`
joins such clauses when the frame agrees on at least two counts.

Content words are the clause's own words less general English stop words, less the words
of the names in it (those are compared as names), crudely stemmed so "passed" meets "pass"
and "tariffs" meets "tariff". No word list is drawn from any corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, count
from operator import attrgetter
from typing import Final

import numpy as np
import numpy.typing as npt
from spacy.lang.en.stop_words import STOP_WORDS

from communique.analyse.claims_slots import (
    DateValue,
    Quantity,
    dates_agree,
    is_money,
    name_key,
    name_words,
    places_agree,
    plausibly_one_count,
    quantities_agree,
)
from communique.annotate.entities import default_gazetteer

__all__ = [
    "Coded",
    "Node",
    "SetColumn",
    "agree",
    "agree_many",
    "anchored",
    "content_words",
    "distinctive",
    "distinctive_words",
    "may_anchor",
    "same_figure",
    "topic_words",
]

_WORD_RE: Final = re.compile(r"[a-z]+")
_REPORTING: Final = frozenset(
    {"said", "says", "told", "tell", "tells", "according", "reported", "reports", "added"}
)
"""General English verbs of saying: every outlet attributes, so sharing them says nothing."""
_SUFFIXES: Final = ("ing", "ed", "es", "s", "e")
_MIN_STEM: Final = 3
_MIN_WORD: Final = 3


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    # "passed" -> "pass", "pass" -> "pas": a doubled last letter is folded either way.
    return word[:-1] if len(word) > _MIN_STEM and word[-1] == word[-2] else word


def content_words(text: str, names: Iterable[str] = ()) -> frozenset[str]:
    """The stems of what a clause says, less stop words, verbs of saying and its names.

    >>> sorted(content_words("The Senate passed the bill in June, aides said.", ["Senate"]))
    ['aid', 'bil', 'jun', 'pas']
    """
    named = {w for n in names for w in _WORD_RE.findall(n.lower())}
    return frozenset(
        _stem(w)
        for w in _WORD_RE.findall(text.lower())
        if len(w) >= _MIN_WORD and w not in STOP_WORDS and w not in _REPORTING and w not in named
    )


@lru_cache(maxsize=1 << 16)
def topic_words(name: str) -> frozenset[str]:
    """The distinctive stems of a name; a known place or body whose every word is generic
    ("United States") stands for itself as one key, rather than for nothing. Cached: one
    name is read in every clause that names it. A capital stands for its country's
    government ("Moscow said"): two clauses naming one party, the one by its capital and
    the other by its name, share that party, and only that."""
    entry = default_gazetteer().lookup(name)
    if entry is not None and entry.kind == "capital" and entry.party:
        return topic_words(entry.party)
    key = name_key(name)
    words = name_words(key)
    if words or not key or entry is None:
        return words
    return frozenset({key})


@dataclass(frozen=True, slots=True)
class Node:
    """Mentions with one masked text and one day (wire copies): compared once. Mentions with
    one masked text share its vector (``text`` indexes it) but not, across days, a node: "the
    two sides swapped # prisoners on #" is told of every exchange in every conflict."""

    masked: str
    text: int
    day: int | None
    members: tuple[int, ...]
    topics: frozenset[str]
    predicates: frozenset[str]
    denial: bool
    keys: frozenset[str]
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateValue, ...] = ()
    places: frozenset[str] = frozenset()
    content: frozenset[str] = frozenset()
    names: tuple[frozenset[str], ...] = ()
    """``topics`` grouped by the entity name each word comes from (offices and speakers the
    tagger missed stay out): how many parties two clauses share is counted in names."""
    common: frozenset[str] = frozenset()
    """The names among ``topics`` that many clauses of the corpus name (the parties of the
    talks): sharing only those says no more than that two clauses are about the talks."""


_OPPOSITES: Final = (("agree", "reject"), ("begin", "end"), ("release", "detain"))
_OPPOSED: Final = frozenset(w for pair in _OPPOSITES for w in pair)


def _opposed(a: frozenset[str], b: frozenset[str]) -> bool:
    """One reports an acceptance, the other a rejection (and neither reports both)."""
    # Most kinds of event have no opposite: each pair below needs one word of it in each.
    if a.isdisjoint(_OPPOSED) or b.isdisjoint(_OPPOSED):
        return False
    return any(
        (x in a and y in b and x not in b and y not in a)
        or (y in a and x in b and y not in b and x not in a)
        for x, y in _OPPOSITES
    )


def agree(a: Node, b: Node) -> bool:
    """Mostly the same names (one may name none) and no opposite kinds of event ("accepted"
    / "rejected"): a sentence vector puts those side by side. Kinds that merely differ
    ("settled" / "ending the walkout") may be one fact told from two ends."""
    if _opposed(a.predicates, b.predicates):
        return False
    if not a.topics or not b.topics:
        return True
    # At least half the names of the sparser sentence: one shared surname among six names
    # is a coincidence, not the same claim, and union-find would chain such coincidences.
    return 2 * len(a.topics & b.topics) >= min(len(a.topics), len(b.topics))


Index = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SetColumn:
    """Small sets of strings, one a row, coded so that many pairs of rows are compared at once
    in numpy: a Python set test per pair, hundreds of thousands of them in a large corpus,
    cost more than all the vector products of the neighbour search."""

    starts: Index
    """Where each row's codes begin in ``codes`` (one more entry than rows)."""
    codes: Index
    keys: Index
    """``row * width + code`` of each member, sorted: a member is found by binary search."""
    width: int
    vocab: Mapping[str, int]
    """The code of each string."""

    @classmethod
    def of(cls, sets: Sequence[Collection[str]]) -> SetColumn:
        # Codes in order of first sight; map() and chain() keep the loops over members in C.
        vocab = dict(zip(dict.fromkeys(chain.from_iterable(sets)), count()))
        coded = np.fromiter(map(vocab.__getitem__, chain.from_iterable(sets)), np.int64)
        lengths = np.fromiter(map(len, sets), np.int64, len(sets))
        starts = np.zeros(len(sets) + 1, np.int64)
        np.cumsum(lengths, out=starts[1:])
        width = max(len(vocab), 1)
        rows = np.repeat(np.arange(len(sets), dtype=np.int64), lengths)
        return cls(starts, coded, np.sort(rows * width + coded), width, vocab)

    def weighed(self, weights: Mapping[str, int]) -> Index:
        """The sum of each row's members' ``weights`` (0 for a string not weighed)."""
        table = np.zeros(self.width, np.int64)
        for word, weight in weights.items():
            if word in self.vocab:
                table[self.vocab[word]] = weight
        totals = np.zeros(len(self.starts) - 1, np.int64)
        rows = np.repeat(np.arange(len(totals), dtype=np.int64), np.diff(self.starts))
        np.add.at(totals, rows, table[self.codes])
        return totals

    def sizes(self, rows: Index) -> Index:
        return self.starts[rows + 1] - self.starts[rows]

    def shared(self, a: Index, b: Index, *, at_least: int = 1) -> Index:
        """How many members rows ``a[n]`` and ``b[n]`` have in common, for each ``n``; 0
        where either row has fewer than ``at_least`` members (so no pair is looked at that
        could not share that many)."""
        size_a, size_b = self.sizes(a), self.sizes(b)
        counts = np.zeros(len(a), np.int64)
        (some,) = np.nonzero((size_a >= at_least) & (size_b >= at_least))
        # The members of the smaller row are looked up among the other's.
        fewer = size_a[some] <= size_b[some]
        small = np.where(fewer, a[some], b[some])
        large = np.where(fewer, b[some], a[some])
        lengths = self.sizes(small)
        pair = np.repeat(np.arange(len(some), dtype=np.int64), lengths)
        # The positions of a small row's members: its start, then one step per member.
        offsets = np.arange(len(pair), dtype=np.int64) - np.repeat(
            np.cumsum(lengths) - lengths, lengths
        )
        wanted = large[pair] * self.width + self.codes[self.starts[small][pair] + offsets]
        # Looked up in sorted order: numpy's binary search starts each from the last when the
        # needles are sorted (a million lookups took a third of the time, the sort included).
        order = np.argsort(wanted)
        wanted, pair = wanted[order], pair[order]
        at = np.minimum(np.searchsorted(self.keys, wanted), max(len(self.keys) - 1, 0))
        found = self.keys[at] == wanted if len(self.keys) else np.zeros(len(wanted), np.bool_)
        counts[some] = np.bincount(pair[found], minlength=len(some))
        return counts


@dataclass(frozen=True, slots=True)
class Coded:
    """What :func:`agree` and :func:`anchored` read of each node, coded for the tests of many
    pairs at once (:func:`agree_many`, :func:`may_anchor`)."""

    topics: SetColumn
    predicates: SetColumn
    content: SetColumn
    units: SetColumn
    opposed: Index
    """Each node's words of :data:`_OPPOSITES` among its predicates, as bits."""
    days: Index
    dated: npt.NDArray[np.bool_]
    names: Index
    """How many names (:attr:`Node.names`) each node has."""

    @classmethod
    def of(cls, nodes: Sequence[Node]) -> Coded:
        rows = len(nodes)
        predicates = SetColumn.of([n.predicates for n in nodes])
        return cls(
            SetColumn.of([n.topics for n in nodes]),
            predicates,
            SetColumn.of([n.content for n in nodes]),
            SetColumn.of([{q.unit for q in n.numbers if q.unit} for n in nodes]),
            predicates.weighed(_opposite_bits()),  # a set holds a word once: the sum is the or
            np.fromiter((n.day or 0 for n in nodes), np.int64, rows),
            np.fromiter((n.day is not None for n in nodes), np.bool_, rows),
            np.fromiter(map(len, map(attrgetter("names"), nodes)), np.int64, rows),
        )


def _opposite_bits() -> dict[str, int]:
    return {w: 1 << n for n, w in enumerate(sorted(_OPPOSED))}


def agree_many(nodes: Coded, a: Index, b: Index) -> npt.NDArray[np.bool_]:
    """:func:`agree` of nodes ``a[n]`` and ``b[n]``, for each ``n``, in numpy."""
    bits = _opposite_bits()
    ma, mb = nodes.opposed[a], nodes.opposed[b]
    opposed = np.zeros(len(a), np.bool_)
    for x, y in _OPPOSITES:
        bx, by = bits[x], bits[y]
        opposed |= (ma & bx > 0) & (mb & by > 0) & (mb & bx == 0) & (ma & by == 0)
        opposed |= (ma & by > 0) & (mb & bx > 0) & (mb & by == 0) & (ma & bx == 0)
    size_a, size_b = nodes.topics.sizes(a), nodes.topics.sizes(b)
    shared = nodes.topics.shared(a, b)
    named = (size_a == 0) | (size_b == 0) | (2 * shared >= np.minimum(size_a, size_b))
    out: npt.NDArray[np.bool_] = ~opposed & named
    return out


def may_anchor(nodes: Coded, a: Index, b: Index) -> npt.NDArray[np.bool_]:
    """False where :func:`anchored` of nodes ``a[n]`` and ``b[n]`` is surely False, by the
    counts it needs, in numpy: most pairs close in meaning share no day, figure, word or
    second name, and a Python test of each was a tenth of clustering. Where True, anchored
    still decides."""
    shared = nodes.topics.shared(a, b)
    same_day = nodes.dated[a] & nodes.dated[b] & (nodes.days[a] == nodes.days[b])
    kinds = nodes.predicates.shared(a, b)
    # Both name kinds of event and none in common: anchored says no at once.
    apart = (nodes.predicates.sizes(a) > 0) & (nodes.predicates.sizes(b) > 0) & (kinds == 0)
    # A figure of one thing needs a unit both count; two rare names need two names in ``a``
    # (two of its names may share the one word in common), or, naming none, two topics.
    names = nodes.names[a]
    named = (names >= 2) | ((names == 0) & (shared >= 2))
    words = nodes.content.shared(a, b, at_least=_COMMON_WORDS) >= _COMMON_WORDS
    figure = nodes.units.shared(a, b) > 0
    told = figure | (same_day & ((shared > 0) | (kinds > 0))) | ((shared > 0) & (named | words))
    out: npt.NDArray[np.bool_] = ~apart & told
    return out


def anchored(a: Node, b: Node) -> bool:
    """Two clauses close in meaning are one claim when their frames agree as well, on two
    counts: they share a name and, besides, a second name, the day, a figure of the same
    thing that both can be right about, or two content words (what was done, to what);
    naming nobody in common, they tell one kind of event on one day, or give the same
    figure of the same thing (not a handful). No day, place or figure of one kind may
    disagree (that is a contradiction between two claims, found apart), and sums of money in
    both must include two that could be one count (else they tell two facts)."""
    shared = a.topics & b.topics
    same_day = a.day is not None and a.day == b.day
    if dates_agree(a.dates, b.dates) is False:
        return False
    if a.predicates and b.predicates and not (a.predicates & b.predicates):
        return False
    if (
        a.places
        and b.places
        and any(places_agree(pa, pb) is False for pa in a.places for pb in b.places)
    ):
        return False
    figure = same_figure(a, b)
    if figure is None or _sums_apart(a, b):
        return False
    common = len(a.content & b.content)
    if not shared:
        # Nobody named in common: one kind of event told of one day, or one count of one
        # thing (not a handful: "two sides", "three people").
        return bool(same_day and a.predicates & b.predicates) or figure >= _NAMELESS_FIGURE
    # Two names, not two words of one name ("Volodymyr" and "Zelensky") nor an office, and
    # not names that most clauses of the coverage name (its parties): those say no more than
    # that both clauses are about the talks. A name is common when any word of it is: most
    # clauses call a party's leader by surname, so the first name alone is never rare.
    common_words = a.common | b.common
    rare = [g for g in a.names if g & b.topics and not g & common_words]
    named = len(rare) >= 2 if a.names else len(shared) >= 2
    return named or same_day or figure > 0 or common >= _COMMON_WORDS


_COMMON_WORDS: Final = 2
_UNREAD_SUM_RE: Final = re.compile(r"[$€£¥]\s?\d")
"""A currency sign before a digit left in a masked clause: a sum no figure was read for."""
_NAMELESS_FIGURE: Final = 10.0


def same_figure(a: Node, b: Node) -> float | None:
    """The largest figure of one counted thing both give and can both be right about (0.0:
    none), or None when a figure of one thing disagrees.

    A clause that lists two rates of one thing ("the 15% tariffs ... and the 25% tariffs")
    beside one that gives one of them agrees with it: figures of one thing disagree only when
    no figure of it in one clause agrees with any in the other."""
    if not (a.numbers and b.numbers):  # most clauses: no figure of anything in common
        return 0.0
    best = 0.0
    units = {q.unit for q in a.numbers if q.unit} & {q.unit for q in b.numbers if q.unit}
    for unit in units:
        agreeing = [
            min(qa.value, qb.value)
            for qa in a.numbers
            if qa.unit == unit
            for qb in b.numbers
            if qb.unit == unit and quantities_agree(qa, qb)
        ]
        if not agreeing:
            return None
        best = max(best, *agreeing)
    return best


def _sums_apart(a: Node, b: Node) -> bool:
    """Both give sums of money and no two of them could be one count: "$420 million of
    duties" and "$30 million of purchases" are two facts, however alike the clauses read."""
    if not (a.numbers or b.numbers):  # no sum in either (most clauses)
        return False
    sums_a = [q for q in a.numbers if is_money(q)]
    sums_b = [q for q in b.numbers if is_money(q)]
    if not (sums_a and sums_b):
        # A sum the tagger did not read ("$40-50 billion") is still a sum: against a read
        # one it cannot be shown to be the same count.
        return bool(
            (sums_a and _UNREAD_SUM_RE.search(b.masked))
            or (sums_b and _UNREAD_SUM_RE.search(a.masked))
        )
    return not any(plausibly_one_count(qa, qb) for qa in sums_a for qb in sums_b)


_COMMON_SHARE: Final = 0.15


def distinctive(nodes: Sequence[Node]) -> list[Node]:
    """The nodes with only their distinctive content words and with their common names
    (:func:`distinctive_words`)."""
    rare, common = distinctive_words([n.content for n in nodes], [n.topics for n in nodes])
    return [replace(n, content=n.content & rare, common=n.topics & common) for n in nodes]


def distinctive_words(
    contents: Sequence[frozenset[str]], topics: Sequence[frozenset[str]]
) -> tuple[frozenset[str], frozenset[str]]:
    """The distinctive content words, those few clauses of the corpus use, and the common
    names, those many name, of the nodes with these ``contents`` and ``topics``: a node keeps
    only the former of its content words and counts the latter as its ``common`` names.
    Every clause of trade talks says "trade" and "deal"; two that both say "amazing
    opportunity" or "passed ... June" share something. Claim clustering makes its nodes
    with them rather than remaking the nodes (a third would be)."""
    counts: Counter[str] = Counter(w for content in contents for w in content)
    most = max(3.0, _COMMON_SHARE * len(contents))
    rare = frozenset(w for w, c in counts.items() if c <= most)
    named: Counter[str] = Counter(t for words in topics for t in words)
    return rare, frozenset(t for t, c in named.items() if c > most)
