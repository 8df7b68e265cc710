"""The plain data of claim checking: mentions, evidence and claims.

Kept apart from :mod:`communique.analyse.claims` so the conflict rules
(:mod:`communique.analyse.claims_conflicts`) and the clustering can share them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from communique.analyse.claims_slots import DateValue, Quantity, Slot

__all__ = [
    "Claim",
    "ClaimMention",
    "ClaimStatus",
    "Evidence",
    "EvidenceSide",
    "MentionFacts",
    "Quoted",
]

ClaimStatus = Literal["corroborated", "single_source", "disputed", "contradicted"]


@dataclass(frozen=True, slots=True)
class Quoted:
    """Words a document puts in a speaker's mouth (a direct quote's content)."""

    start: int
    end: int
    content: str
    speaker: str


@dataclass(frozen=True, slots=True)
class ClaimMention:
    """One check-worthy clause: ``text == document.text[start:end]``; ``sentence`` is the
    span of the sentence it belongs to and ``gaps`` the clauses nested inside it, which are
    mentions of their own (``said`` is the clause's words without them).

    ``origin`` is the independent origin it counts for: ``wire:<agency>`` for agency copy, the
    original's origin for a duplicate, else ``outlet:<name>`` or ``doc:<id>``. ``entities`` are
    the names in it; ``slots`` the places, titles, delegation leaders and sides gaining ground;
    ``predicates`` the kinds of event it reports ("agree", "release" ...). A denial that points
    back ("X denied that.") has ``refers_to``: the span of the sentence before it. A mention
    with ``quoted`` is a speaker's quoted words, kept only to compare with other tellings of
    the same quote (it is no claim of its own). ``shown`` is the span a reader is shown as
    the claim's headline, ``shown_text`` its words. ``published``
    is the document's date: reports far apart in time are about different moments.
    """

    doc_id: str
    start: int
    end: int
    text: str
    origin: str
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateValue, ...] = ()
    entities: tuple[str, ...] = ()
    denial: bool = False
    attributed_to: str | None = None
    slots: tuple[Slot, ...] = ()
    predicates: tuple[str, ...] = ()
    refers_to: tuple[int, int] | None = None
    published: dt.date | None = None
    sentence: tuple[int, int] | None = None
    gaps: tuple[tuple[int, int], ...] = ()
    said: str = ""
    quoted: Quoted | None = None
    offices: frozenset[str] = frozenset()
    shown: tuple[int, int] | None = None
    shown_text: str = ""

    @property
    def words(self) -> str:
        """The clause's own words (``text`` less the clauses nested in it)."""
        return self.said or self.text

    @property
    def headline(self) -> str:
        """The words a reader is shown for the clause (``shown``: the clause when it reads on
        its own, else its sentence), or its own words when read without the document."""
        return self.shown_text or self.words

    @property
    def cited(self) -> tuple[int, int]:
        """The span a reader is shown: the whole sentence the clause is part of."""
        return self.sentence or (self.start, self.end)


@dataclass(frozen=True, slots=True)
class EvidenceSide:
    """One document's words: ``value`` as written, at ``start:end`` of that document."""

    doc_id: str
    start: int
    end: int
    value: str
    origin: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a claim is contradicted or disputed, side by side.

    ``slot`` is ``number``, ``date``, ``place``, ``title``, ``leader``, ``gaining`` or
    ``denial``; ``about`` names what the values measure (the counted noun, the person and
    role, the delegation) or who denies.
    """

    kind: Literal["contradiction", "denial"]
    slot: str
    about: str
    sides: tuple[EvidenceSide, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing the coverage asserts, with every sentence that asserts (or denies) it.

    ``text`` is the most central asserting sentence; ``origins`` the independent origins that
    assert it (denials excluded).
    """

    id: str
    text: str
    status: ClaimStatus
    mentions: tuple[ClaimMention, ...]
    evidence: tuple[Evidence, ...]
    origins: tuple[str, ...] = ()

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.doc_id for m in self.mentions))


@dataclass(frozen=True, slots=True)
class MentionFacts:
    """What claim clustering derives from one told mention alone: its clause with the slot
    values masked, the earliest day it names (an ordinal) and its content words. Kept with
    its document's reading, so a build works them out only for new documents."""

    masked: str
    day: int | None
    content: str
    """The content words, sorted and joined by spaces: one string reads back from the store
    faster than a set of them, and only one mention of each node needs them as a set."""
