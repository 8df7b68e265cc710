"""The working data of the position finder: a document's shared context, and the predicates,
condition clauses and holders found in a sentence.

Kept apart from :mod:`communique.annotate.positions` so the holder and party resolution
(:mod:`communique.annotate.positions_holders`) can read the same records without importing
the finder itself. None of these leave the finder: callers see only
:class:`~communique.annotate.positions.Position`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from communique.annotate.codebook import Codebook, Stance
from communique.annotate.entities import Gazetteer, Mention
from communique.annotate.positions_grammar import REAL_MARKERS
from communique.annotate.quotes import Quote

__all__ = ["Condition", "Context", "Holder", "Predicate"]


@dataclass(slots=True)
class Condition:
    marker: list[Token]
    tokens: list[Token]
    strong: bool
    attached: Predicate | None = None

    @property
    def text(self) -> str:
        last = max(t.i for t in [*self.marker, *self.tokens])
        return self.marker[0].doc[self.marker[0].i : last + 1].text.strip(" ,;.")

    @property
    def exchange(self) -> bool:
        return self.marker[-1].lower_ == "for"

    @property
    def denied(self) -> bool:
        """ "No deal without X": the outcome is denied unless X comes with it."""
        return self.marker[-1].lower_ == "without"

    @property
    def hypothetical(self) -> bool:
        """ "If Ostria agrees ...": what the clause says has not happened."""
        return self.marker[-1].lower_ not in REAL_MARKERS


@dataclass(slots=True)
class Predicate:
    """A word that states a stance; ``kind`` (verb, noun, adj, verdict, must, refusal, pledge)
    decides where its holder and its object are."""

    token: Token
    stance: Stance
    kind: str
    negated: bool = False
    scope: list[Token] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    tokens: tuple[int, ...] = ()
    mention: Mention | None = None


@dataclass(slots=True)
class Context:
    """One document's shared state: entities, quotes, dates and the caller's options."""

    doc: Doc
    doc_id: str
    published: date | None
    codebook: Codebook
    party_of: Callable[[str], str | None]
    gazetteer: Gazetteer
    quotes: Sequence[Quote]
    mentions: list[Mention | None]  # the mention each token belongs to
    places: list[str]
    chunks: list[Span | None]
    day_of: dict[int, str]  # the root token of a day-precise date -> its ISO value
    named: dict[str, int]  # a mention's text -> a token inside it
    quote_of: list[Quote | None]  # the first of ``quotes`` whose content holds each token
    fallbacks: frozenset[str] = frozenset()  # issues that count only where no other is named
    _lowercase: frozenset[str] | None = None  # every word the document writes in lowercase

    def writes_lowercase(self, word: str) -> bool:
        """Whether the document writes ``word`` (lowercase) anywhere: one pass over its
        tokens, kept for the document, not one per question (long texts ask it often)."""
        if self._lowercase is None:
            self._lowercase = frozenset(t.text for t in self.doc if t.text.islower())
        return word in self._lowercase
