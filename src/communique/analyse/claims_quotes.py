"""Quoted words of one speaker told by two outlets: alike (an echo) or with their sense flipped.

Two outlets quoting one speaker in nearly the same words, one with a negation the other lacks,
cannot both be right about what was said. Tellings are compared within one speaker (by
surname), word sets with negations set aside must be close, and the count of negations must
differ in parity ("not ... never" reads as no negation at all).

The same words of one speaker in two independent outlets, negations alike, are the plainest
corroboration there is: both report that X said Y. The check-worthy step leaves most quotes
out of the told claims (a quote of opinion asserts nothing the writer vouches for), so
:func:`quote_echoes` joins them here, on the same tests as a flip but for the parity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from communique.analyse.claims_conflicts import comparable, components
from communique.analyse.claims_slots import name_key
from communique.analyse.claims_types import ClaimMention, Evidence, EvidenceSide

__all__ = ["negations", "quote_echoes", "quote_flips"]

_NEGATORS: Final = frozenset(
    {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "n't"}
)
"""General English negation words."""
_CONTRACTED: Final = {"wo": "will", "ca": "can", "sha": "shall"}
_WORD_RE: Final = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_MIN_WORDS: Final = 3
_MIN_OVERLAP: Final = 0.7


def negations(content: str) -> tuple[frozenset[str], int]:
    """(the words of a quote less its negations, how many negations it has).

    >>> negations("We won't sign it")
    (frozenset({'we', 'will', 'sign', 'it'}), 1)
    """
    words: set[str] = set()
    count = 0
    for word in _WORD_RE.findall(content.lower().replace("cannot", "can not")):
        word = word.replace("’", "'")
        if word.endswith("n't"):
            count += 1
            stem = word[:-3]
            words.add(_CONTRACTED.get(stem, stem))
        elif word in _NEGATORS:
            count += 1
        else:
            words.add(word)
    return frozenset(words), count


def _flipped(a: ClaimMention, b: ClaimMention) -> bool:
    assert a.quoted is not None and b.quoted is not None
    words_a, neg_a = negations(a.quoted.content)
    words_b, neg_b = negations(b.quoted.content)
    if neg_a % 2 == neg_b % 2 or min(len(words_a), len(words_b)) < _MIN_WORDS:
        return False
    return len(words_a & words_b) >= _MIN_OVERLAP * len(words_a | words_b)


def quote_flips(
    mentions: Sequence[ClaimMention], *, window_days: int
) -> list[tuple[list[int], Evidence]]:
    """Pairs of quoted mentions (indices into ``mentions``) of one speaker whose words agree
    but for a negation, each with its evidence."""
    edges: list[tuple[int, int]] = []
    for rows in _by_speaker(mentions).values():
        for n, i in enumerate(rows):
            for j in rows[n + 1 :]:
                a, b = mentions[i], mentions[j]
                if comparable(a, b, window_days=window_days) and _flipped(a, b):
                    edges.append((i, j))
    # Every telling of the quote joins one claim: two that say "not" and one that does not.
    return [(rows, _evidence([mentions[r] for r in rows])) for rows in components(edges)]


_ECHO_WORDS: Final = 5
"""Fewer words than this ("we will see", "a good deal") two speakers say by chance."""


def quote_echoes(mentions: Sequence[ClaimMention], *, window_days: int) -> list[list[int]]:
    """Groups of quoted mentions (indices into ``mentions``) that give one speaker's words
    alike, negations and all, in two or more independent origins."""
    read = {i: negations(m.quoted.content) for i, m in enumerate(mentions) if m.quoted is not None}
    edges: list[tuple[int, int]] = []
    for rows in _by_speaker(mentions).values():
        # Each quote's words are read once, and tellings are met shortest first: words this
        # close differ in length by less than the overlap allows, so the search stops early.
        long = sorted(
            (i for i in rows if len(read[i][0]) >= _ECHO_WORDS), key=lambda i: len(read[i][0])
        )
        for n, i in enumerate(long):
            words_i, neg_i = read[i]
            for j in long[n + 1 :]:
                a, b = mentions[i], mentions[j]
                words_j, neg_j = read[j]
                if _MIN_OVERLAP * len(words_j) > len(words_i):
                    break
                if a.origin == b.origin or neg_i % 2 != neg_j % 2:
                    continue
                close = len(words_i & words_j) >= _MIN_OVERLAP * len(words_i | words_j)
                if close and comparable(a, b, window_days=window_days):
                    edges.append((i, j))
    return components(edges)


def _by_speaker(mentions: Sequence[ClaimMention]) -> dict[str, list[int]]:
    """The quoted mentions of each speaker, by surname."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.quoted is not None:
            surname = name_key(m.quoted.speaker).split()
            if surname:
                out[surname[-1]].append(i)
    return out


def _evidence(tellings: Sequence[ClaimMention]) -> Evidence:
    sides = []
    for m in tellings:
        assert m.quoted is not None
        q = m.quoted
        sides.append(EvidenceSide(m.doc_id, q.start, q.end, q.content, m.origin))
    assert tellings[0].quoted is not None
    return Evidence("contradiction", "quote", tellings[0].quoted.speaker, tuple(sides))
