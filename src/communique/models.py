"""Plain data that flows between the stages.

read -> :class:`RawInput` -> clean -> :class:`Document` -> annotate -> :class:`Annotation` ...

Everything here is a frozen dataclass over plain values so a stage can run in this process or
be shipped to a Dask worker unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "CORRECTION_KINDS",
    "EMPTY_META",
    "WEAK_FLAGS",
    "Annotation",
    "Correction",
    "Document",
    "Failure",
    "InputKind",
    "RawInput",
    "RemovedLine",
    "iso_day",
    "weak_flags",
]

InputKind = Literal["text", "html"]
"""What a reader hands to the cleaner: plain text or an HTML page. Structured containers (JSON
Lines, feeds, WARC) are unpacked by the readers into one of these plus ``meta``."""

EMPTY_META: Mapping[str, str] = MappingProxyType({})

WEAK_FLAGS: Final = frozenset({"ai_generated", "opinion"})
"""Document flags whose telling of a claim is no independent corroboration: the claims stage
weighs by them and every renderer says why an origin was set aside, so they live here."""


def weak_flags(flags: Iterable[str]) -> list[str]:
    """The :data:`WEAK_FLAGS` among a document's ``flags``, sorted: empty for a document whose
    telling counts as independent corroboration."""
    return sorted(WEAK_FLAGS.intersection(flags))


@dataclass(frozen=True, slots=True)
class RawInput:
    """One article as a reader found it, before any cleaning.

    ``source`` names where it came from: a path, a URL, or a container plus a locator such as
    ``feed.xml#3`` or ``crawl.warc.gz#https://example.org/a``.
    ``meta`` carries what the container itself says (title, url, outlet, author, published,
    language); the cleaner trusts it over anything it infers from the body.
    """

    source: str
    kind: InputKind
    body: str
    meta: Mapping[str, str] = field(default_factory=dict)
    content_type: str = ""


@dataclass(frozen=True, slots=True)
class Failure:
    """Something that could not be used, which one and why, in words a user can act on.

    An input that could not be read or cleaned has ``stage`` ``ingest`` and no ``doc_id``. A
    stored document that a later stage could not analyse names that stage (``annotate.dates``,
    ``annotate.events``, ``corpus.timeline`` ...), the document's id, and the character offsets
    of the sentence it failed on when they are known; ``reason`` starts with the exception's
    type ("KeyError: 'S'") when it was not one of ours.
    """

    source: str
    reason: str
    code: str = "E000"
    stage: str = "ingest"
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the boilerplate remover took out, kept for inspection.

    ``line`` is its number in the text before cleaning, ``reason`` a short tag such as
    ``share``, ``caption``, ``related``, ``repeated_title`` or ``outlet_repeat``.
    """

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned, dated, flagged article: the unit every later stage reads.

    ``id`` is derived from ``source`` and the raw content, so ingesting the same input twice
    yields the same id. ``published_basis`` says where the date came from (``metadata``,
    ``page``, ``text:<the cue line>``, or the dater's ``inferred:text: ...`` and
    ``inferred:corpus: ...`` naming the words and the other document); ``published`` is
    ``None`` when nothing pins a day. ``published_earliest`` and ``published_latest`` bound it
    when only a range is known (either may be open); both equal ``published`` when it is known.
    """

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    published_basis: str | None = None
    language: str | None = None
    flags: tuple[str, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    content_hash: str = ""
    # Last, so that positional construction elsewhere keeps its meaning.
    published_earliest: dt.date | None = None
    published_latest: dt.date | None = None

    def has_flag(self, prefix: str) -> bool:
        return any(f == prefix or f.startswith(prefix + ":") for f in self.flags)


@dataclass(frozen=True, slots=True)
class Annotation:
    """A typed span of a document's cleaned text.

    ``start``/``end`` are character offsets into :attr:`Document.text`; ``attrs`` holds what
    the annotator adds (a normalised date value, a speaker, a label ...).
    """

    doc_id: str
    layer: str
    start: int
    end: int
    text: str
    attrs: Mapping[str, object] = field(default_factory=dict)


CORRECTION_KINDS = (
    "merge_entities",
    "split_entity",
    "rename_entity",
    "set_side",
    "stance",
    "claim_status",
)
"""What a user can correct: merge two entities (``target`` the one merged away, ``value``
``into``), split an alias off one (``value`` ``alias``), rename one (``name``), set its side
(``party``, "" for none), a statement's stance (``target`` document, start, end, issue, holder;
``value`` ``stance`` or "none" for "not a position", and ``negated``) and a claim's status."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction the user made, kept apart from what the tool derived and applied over
    it on every build. ``id`` and ``created_at`` are set by the store."""

    kind: str
    target: Mapping[str, str]
    value: Mapping[str, str]
    note: str = ""
    id: int | None = None
    created_at: str | None = None


def iso_day(day: dt.date | None) -> str | None:
    """``day`` as ISO 8601 (``2025-03-01``), None for no day: one spelling for every place a
    document's dates are written out (JSON, store rows, API, briefing)."""
    return day.isoformat() if day is not None else None
