"""The corpus pass: from an annotated store to one :class:`Briefing`.

Stages, each a call: documents and their sources' flags; canonical entities; quotes; events
merged across documents into a timeline; positions given the side their holder speaks for;
claims clustered across documents and checked; the sources table counting claim statuses.
Everything per document was read once by the language layer and kept in the store; this pass
only joins it up, blocked by entities and dates, never comparing every pair.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from communique.analyse.claims import (
    ClaimMention,
    cluster_claims,
    find_check_worthy,
    origin_of,
)
from communique.analyse.claims_types import Claim
from communique.analyse.codebook import UNMAPPED, codebook_gaps
from communique.analyse.embedders import Embedder
from communique.analyse.events import EventMention
from communique.analyse.positions import Position, position_changes
from communique.analyse.resolve import CanonicalEntity
from communique.analyse.timeline import canonical_names, merge_events, timeline
from communique.brief.model import (
    SCHEMA_VERSION,
    BriefClaim,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    Briefing,
    BriefPosition,
    BriefQuote,
    BriefSource,
    ClaimEvidence,
    CodebookGap,
    Corpus,
    Evidence,
    PositionChange,
)
from communique.models import Annotation, Document
from communique.store.base import Store, StoredEntity

__all__ = [
    "STALE_DAYS",
    "DocumentReading",
    "Readings",
    "build_briefing",
    "read_document",
    "stale_documents",
]

STALE_DAYS = 365
"""A document published this far outside the period the rest of the corpus covers is stale."""


@dataclass
class _Gathered:
    """What the corpus passes need from every document's annotations, gathered one document
    at a time so that the annotations themselves never all sit in memory at once."""

    events: list[EventMention] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    quotes: list[BriefQuote] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DocumentReading:
    """What the corpus passes take from one document: its events, its positions (before a
    side is given to a holder the corpus knows), its quotes and its check-worthy sentences.
    It depends on that document alone (and its origin), so it can be kept and read back."""

    doc_id: str
    events: tuple[EventMention, ...]
    positions: tuple[Position, ...]
    quotes: tuple[BriefQuote, ...]
    claims: tuple[ClaimMention, ...]


Readings = Callable[[Sequence[Document], Mapping[str, Document]], Iterable[DocumentReading]]
"""Gives the readings of ``documents`` in their order (``by_id`` holds them all)."""


def read_document(
    doc: Document, annotations: Iterable[Annotation], *, by_id: Mapping[str, Document]
) -> DocumentReading:
    """One document's reading, from its stored annotations."""
    layers = _layers(annotations)
    return DocumentReading(
        doc_id=doc.id,
        events=tuple(_event_mention(a) for a in layers.get("event", ())),
        positions=tuple(_position_mention(a) for a in layers.get("position", ())),
        quotes=tuple(_quotes(layers.get("quote", ()))),
        claims=tuple(_check_worthy(doc, layers, by_id=by_id)),
    )


def _read_annotations(store: Store) -> Readings:
    def read(
        documents: Sequence[Document], by_id: Mapping[str, Document]
    ) -> Iterator[DocumentReading]:
        for doc in documents:  # one document's annotations in memory at a time
            yield read_document(doc, store.annotations(doc.id), by_id=by_id)

    return read


def build_briefing(
    *, store: Store, embedder: Embedder, readings: Readings | None = None
) -> Briefing:
    """The briefing of every document in ``store``. ``readings`` replaces reading each
    document's annotations (:mod:`communique.brief.cache` reads back kept readings)."""
    documents = list(store.documents())
    by_id = {doc.id: doc for doc in documents}
    stale = stale_documents(documents)
    outlets = frozenset(d.outlet.casefold() for d in documents if d.outlet)
    entities = [_canonical(e) for e in store.entities()]
    names = canonical_names(entities)
    sides = canonical_names(entities, by_party=True)
    # A person whose side is unknown is a holder, not a party of the negotiation.
    sideless = frozenset(e.name for e in entities if e.type == "PERSON" and not e.party)
    read = _Gathered()
    for reading in (readings or _read_annotations(store))(documents, by_id):
        read.events += reading.events
        read.positions += _with_parties(
            reading.positions, party_of=sides, names=names, sideless=sideless
        )
        read.quotes += reading.quotes
        read.claims += reading.claims
    events = _events(read.events, documents=by_id, canonical=names, side=sides)
    positions = [p for p in read.positions if p.issue != UNMAPPED]
    gaps = codebook_gaps((p.issue, p.object) for p in read.positions)
    claims = cluster_claims(read.claims, embedder=embedder)
    dated = sorted(d.published for d in documents if d.published)
    return Briefing(
        schema_version=SCHEMA_VERSION,
        corpus=Corpus(
            documents=len(documents),
            first_published=dated[0].isoformat() if dated else None,
            last_published=dated[-1].isoformat() if dated else None,
        ),
        documents=[_document(doc, stale=doc.id in stale) for doc in documents],
        entities=[_entity(e, texts=by_id, outlets=outlets) for e in entities],
        events=events,
        quotes=read.quotes,
        positions=[_position(p, texts=by_id) for p in positions],
        position_changes=[
            PositionChange(
                party=c.party,
                issue=c.issue,
                before=_position(c.before, texts=by_id),
                after=_position(c.after, texts=by_id),
            )
            for c in position_changes(positions)
        ],
        claims=[_claim(c, texts=by_id) for c in claims],
        sources=_sources(documents, claims=claims, stale=stale),
        codebook_gaps=[CodebookGap(object=obj, count=count) for obj, count in gaps],
    )


def _layers(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    layers: dict[str, list[Annotation]] = defaultdict(list)
    for a in annotations:
        layers[a.layer].append(a)
    return layers


def stale_documents(documents: Sequence[Document], *, days: int = STALE_DAYS) -> set[str]:
    """Documents published far outside the period the rest of the corpus covers.

    Distance is measured from the median date, allowing ``days`` plus three median absolute
    deviations, so one old article cannot stretch the period it is judged against, and a
    corpus that really spans years flags nothing.
    """
    dated = [(d.published, d.id) for d in documents if d.published]
    if len(dated) < 3:
        return set()
    ordinals = sorted(day.toordinal() for day, _ in dated)
    middle = statistics.median(ordinals)
    spread = statistics.median(abs(o - middle) for o in ordinals)
    limit = days + 3 * spread
    return {doc_id for day, doc_id in dated if abs(day.toordinal() - middle) > limit}


def _document(doc: Document, *, stale: bool) -> BriefDocument:
    return BriefDocument(
        id=doc.id,
        source=doc.source,
        title=doc.title,
        outlet=doc.outlet,
        author=doc.author,
        published=doc.published.isoformat() if doc.published else None,
        published_basis=doc.published_basis,
        language=doc.language,
        flags=[*doc.flags, *(["stale"] if stale else [])],
        url=doc.url,
    )


def _canonical(e: StoredEntity) -> CanonicalEntity:
    return CanonicalEntity(
        id=e.id,
        name=e.name,
        type=e.type,
        aliases=tuple(e.data.get("aliases", ())),
        roles=tuple((r["role"], r["document"]) for r in e.data.get("roles", ())),
        party=e.party,
        party_evidence=tuple(
            (p["cue"], p["document"], p["start"], p["end"])
            for p in e.data.get("party_evidence", ())
        ),
        mentions=e.mentions,
    )


def _entity(
    e: CanonicalEntity, *, texts: Mapping[str, Document], outlets: frozenset[str]
) -> BriefEntity:
    # The corpus's own outlets are organisations whatever NER made of their names.
    is_outlet = e.name.casefold() in outlets
    return BriefEntity(
        id=e.id,
        name=e.name,
        type="ORG" if is_outlet else e.type,
        aliases=list(e.aliases),
        roles=[{"role": role, "document": doc} for role, doc in e.roles],
        party=e.party,
        party_evidence=[
            Evidence(doc, start, end, texts[doc].text[start:end])
            for _cue, doc, start, end in e.party_evidence
        ],
        documents=sorted({doc for doc, _s, _e in e.mentions}),
    )


def _quotes(annotations: Iterable[Annotation]) -> Iterable[BriefQuote]:
    for a in annotations:
        attrs = a.attrs
        yield BriefQuote(
            speaker=_opt(attrs.get("speaker")),
            source=_opt(attrs.get("source")),
            cue=str(attrs.get("cue", "")),
            content=a.text,
            kind=str(attrs.get("kind", "")),
            document=a.doc_id,
            start=a.start,
            end=a.end,
        )


def _events(
    mentions: Sequence[EventMention],
    *,
    documents: Mapping[str, Document],
    canonical: Any,
    side: Any,
) -> list[BriefEvent]:
    published = {i: d.published for i, d in documents.items() if d.published}
    merged = merge_events(mentions, canonical=canonical, side=side, published=published)
    out = []
    for event in timeline(merged, undated=True, published=published):
        out.append(
            BriefEvent(
                id=event.id,
                date=event.date,
                date_precision=event.date_precision,
                type=event.type,
                summary=event.summary,
                actors=list(event.actors),
                targets=list(event.targets),
                place=event.place,
                mode=event.mode,
                documents=list(event.documents),
                evidence=[
                    Evidence(
                        m.doc_id,
                        m.sentence_start,
                        m.sentence_end,
                        documents[m.doc_id].text[m.sentence_start : m.sentence_end],
                    )
                    for m in event.mentions
                ],
            )
        )
    return out


def _event_mention(a: Annotation) -> EventMention:
    attrs: dict[str, Any] = dict(a.attrs)
    attrs["actor_parts"] = tuple(attrs.get("actor_parts", ()))
    attrs["target_parts"] = tuple(attrs.get("target_parts", ()))
    return EventMention(doc_id=a.doc_id, **attrs)


def _position_mention(a: Annotation) -> Position:
    attrs: dict[str, Any] = dict(a.attrs)
    return Position(doc_id=a.doc_id, **attrs)


def _with_parties(
    positions: Iterable[Position], *, party_of: Any, names: Any, sideless: frozenset[str]
) -> list[Position]:
    out = []
    for position in positions:
        if position.party is None:
            side = party_of(position.holder)
            # canonical_names returns its input when it knows nothing of it.
            known = side != position.holder or names(position.holder) != position.holder
            if known and side not in sideless:
                position = _with_party(position, side)
        out.append(position)
    return out


def _with_party(position: Position, party: str) -> Position:
    return replace(position, party=party)


def _position(p: Position, *, texts: Mapping[str, Document]) -> BriefPosition:
    text = texts[p.doc_id].text
    return BriefPosition(
        party=p.party,
        holder=p.holder,
        issue=p.issue,
        stance=p.stance,
        evidence=Evidence(
            p.doc_id, p.sentence_start, p.sentence_end, text[p.sentence_start : p.sentence_end]
        ),
        speaker=p.speaker,
        document=p.doc_id,
        date=p.date,
        negated=p.negated,
        condition=p.condition,
    )


def _check_worthy(
    doc: Document, layers: Mapping[str, list[Annotation]], *, by_id: Mapping[str, Document]
) -> list[ClaimMention]:
    return find_check_worthy(
        doc.id,
        doc.text,
        [(a.start, a.end) for a in layers.get("sentence", ())],
        entities=[(a.start, a.end, str(a.attrs["label"])) for a in layers.get("entity", ())],
        dates=[(a.start, a.end, _opt(a.attrs.get("value"))) for a in layers.get("date", ())],
        origin=origin_of(doc, documents=by_id),
        published=doc.published,
    )


def _claim(c: Claim, *, texts: Mapping[str, Document]) -> BriefClaim:
    evidence = [
        ClaimEvidence("mention", m.doc_id, m.start, m.end, m.text, origin=m.origin)
        for m in c.mentions
    ]
    for ev in c.evidence:
        for side in ev.sides:
            role: Literal["denial", "slot"] = "denial" if ev.kind == "denial" else "slot"
            text = texts[side.doc_id].text[side.start : side.end]
            evidence.append(
                ClaimEvidence(
                    role, side.doc_id, side.start, side.end, text, side.origin, ev.slot, side.value
                )
            )
    return BriefClaim(
        id=c.id,
        text=c.text,
        status=c.status,
        documents=list(c.documents),
        origins=list(c.origins),
        evidence=evidence,
    )


def _sources(
    documents: Sequence[Document], *, claims: Sequence[Claim], stale: set[str]
) -> list[BriefSource]:
    by_outlet: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        by_outlet[doc.outlet or "(unknown outlet)"].append(doc)
    status_by_doc: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in claims:
        for doc_id in claim.documents:
            status_by_doc[doc_id][claim.status] += 1
    out = []
    for outlet, docs in sorted(by_outlet.items()):
        flags: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for doc in docs:
            flags.update(_flag_kind(f) for f in doc.flags)
            flags.update(["stale"] if doc.id in stale else [])
            counts.update(status_by_doc.get(doc.id, Counter()))
        statuses = ("corroborated", "single_source", "disputed", "contradicted")
        out.append(
            BriefSource(
                outlet=outlet,
                documents=[d.id for d in docs],
                flags=dict(sorted(flags.items())),
                counts={s: counts.get(s, 0) for s in statuses},
            )
        )
    return out


def _flag_kind(flag: str) -> str:
    # duplicate_of:<id> is counted as a kind; wire:<agency> keeps its agency.
    return "duplicate" if flag.startswith("duplicate_of:") else flag


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
