"""The briefing as data: the single source for its JSON, its JSON Schema, the report and the
web app.

Every item cites its evidence as (document id, start, end) character offsets into that
document's cleaned text, with the words themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "SCHEMA_VERSION",
    "BriefClaim",
    "BriefCorrection",
    "BriefDocument",
    "BriefEntity",
    "BriefEvent",
    "BriefFailure",
    "BriefPosition",
    "BriefQuote",
    "BriefSource",
    "Briefing",
    "ClaimEvidence",
    "CodebookGap",
    "Corpus",
    "Coverage",
    "Evidence",
    "PositionChange",
]

SCHEMA_VERSION = "1.1.0"
"""Semantic version of the briefing's JSON; the schema file is named after its major part."""

Status = Literal["corroborated", "single_source", "disputed", "contradicted"]
Stance = Literal["demand", "offer", "accept", "reject", "threaten", "condition"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Words in one document: ``text == document.text[start:end]``."""

    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class BriefDocument:
    id: str
    source: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_basis: str | None
    language: str | None
    flags: list[str]
    url: str | None = None
    published_earliest: str | None = None
    published_latest: str | None = None


@dataclass(frozen=True, slots=True)
class BriefEntity:
    id: str
    name: str
    type: str
    aliases: list[str]
    roles: list[dict[str, str]]
    party: str | None
    party_evidence: list[Evidence]
    documents: list[str]


@dataclass(frozen=True, slots=True)
class BriefEvent:
    id: str
    date: str | None
    date_precision: str | None
    type: str
    summary: str
    actors: list[str]
    targets: list[str]
    place: str | None
    mode: str
    documents: list[str]
    evidence: list[Evidence]


@dataclass(frozen=True, slots=True)
class BriefQuote:
    """A quotation; ``speaker_side`` is the side the speaker speaks for, worked out once at
    build time (an entity's side, or a group's by its nationality: "Valdorian officials"), so
    the report, the filters and the web app all give the same answer."""

    speaker: str | None
    source: str | None
    cue: str
    content: str
    kind: str
    document: str
    start: int
    end: int
    speaker_side: str | None = None


@dataclass(frozen=True, slots=True)
class BriefPosition:
    party: str | None
    holder: str
    issue: str
    stance: Stance
    evidence: Evidence
    speaker: str | None
    document: str
    date: str | None
    negated: bool = False
    condition: str = ""


@dataclass(frozen=True, slots=True)
class PositionChange:
    """Where a party's stance on an issue moved between two dated pieces of evidence."""

    party: str
    issue: str
    before: BriefPosition
    after: BriefPosition


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """One side of a claim's evidence: a telling, a denial, or a disputed slot's value.
    ``about`` names what the disagreeing values measure (the counted thing, the person and
    role, the delegation) or who denies."""

    role: Literal["mention", "denial", "slot"]
    document: str
    start: int
    end: int
    text: str
    origin: str = ""
    slot: str = ""
    value: str = ""
    about: str = ""


@dataclass(frozen=True, slots=True)
class BriefClaim:
    id: str
    text: str
    status: Status
    documents: list[str]
    origins: list[str]
    evidence: list[ClaimEvidence]


@dataclass(frozen=True, slots=True)
class BriefSource:
    outlet: str
    documents: list[str]
    flags: dict[str, int]
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class CodebookGap:
    """An object of demands or rejections that no issue of the codebook covers."""

    object: str
    count: int


@dataclass(frozen=True, slots=True)
class BriefCorrection:
    """A correction the user made, as this briefing applied it: ``applied`` is false when its
    item is no longer in the coverage as it was (a claim that grew, an entity gone), and
    ``description`` says in words what was changed from what."""

    id: int
    kind: str
    target: dict[str, str]
    value: dict[str, str]
    note: str
    applied: bool
    description: str


@dataclass(frozen=True, slots=True)
class Corpus:
    documents: int
    first_published: str | None
    last_published: str | None
    # How many documents were dated how: metadata, text, text_range, corpus, corpus_range,
    # unknown (see communique.brief.publication.dated_by).
    dated_by: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which stored documents the briefing read: those annotated when it was built; those
    stored but not annotated yet (an ingest still running), and those that failed, are left
    out and named here."""

    stored: int = 0
    annotated: int = 0
    not_annotated: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BriefFailure:
    """A document (or, with ``document`` null, a whole pass) a stage could not analyse; it is
    left out of what that stage produced. ``start``/``end`` give the sentence when known."""

    stage: str
    document: str | None
    source: str
    code: str
    reason: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Briefing:
    schema_version: str
    corpus: Corpus
    documents: list[BriefDocument]
    entities: list[BriefEntity]
    events: list[BriefEvent]
    quotes: list[BriefQuote]
    positions: list[BriefPosition]
    position_changes: list[PositionChange]
    claims: list[BriefClaim]
    sources: list[BriefSource]
    codebook_gaps: list[CodebookGap] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    failures: list[BriefFailure] = field(default_factory=list)
    corrections: list[BriefCorrection] = field(default_factory=list)
