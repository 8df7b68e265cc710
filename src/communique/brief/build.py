"""The corpus pass: from an annotated store to one :class:`Briefing`.

Stages, each a call: documents and their sources' flags; canonical entities (with the user's
corrections, :mod:`communique.brief.corrections`, applied at each stage); quotes; events
merged across documents into a timeline; positions given the side their holder speaks for;
claims clustered across documents and checked; the sources table counting claim statuses.
Everything per document was read once by the language layer and kept in the store; this pass
only joins it up, blocked by entities and dates, never comparing every pair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import Any, Final, TypeVar

from communique.analyse.claims import (
    ClaimMention,
    ConflictsWithin,
    DocumentLayers,
    claim_texts,
    cluster_claims,
    conflicts_each,
    find_check_worthy,
    mention_facts,
    origin_of,
    weigh_flagged,
)
from communique.analyse.claims_types import Claim, MentionFacts
from communique.analyse.embed_cache import CachedEmbedder
from communique.analyse.embedders import Embedder
from communique.analyse.issues_meaning import (
    DealCounts,
    counted_deals,
    gaps_by_meaning,
    issues_by_meaning,
    subjects_of,
)
from communique.analyse.resolve import CanonicalEntity
from communique.analyse.run import pass_failure
from communique.analyse.sides import domestic_country, executive_of, with_user_sides
from communique.analyse.sides_government import with_government_joined
from communique.analyse.sides_groups import with_advocacy_groups
from communique.analyse.sides_orgs import with_acting_organisations
from communique.analyse.sides_people import is_executive_role
from communique.analyse.slotted import making
from communique.analyse.timeline import canonical_names, merge_events, timeline
from communique.annotate.codebook import UNMAPPED, Codebook, cue_words, default_codebook
from communique.annotate.events import EventMention
from communique.annotate.gazetteer import default_gazetteer
from communique.annotate.isolate import PassFailure, run_isolated
from communique.annotate.isolation import ANNOTATE_STAGE
from communique.annotate.positions import Position, position_changes
from communique.brief.corrections import CorrectionLayer
from communique.brief.model import (
    SCHEMA_VERSION,
    BriefEntity,
    BriefEvent,
    BriefFailure,
    Briefing,
    BriefPosition,
    BriefQuote,
    BriefSource,
    CodebookGap,
    Corpus,
    Coverage,
    Evidence,
    PositionChange,
)
from communique.brief.publication import (
    STALE_DAYS,
    brief_document,
    dated_by,
    publication_span,
    range_value,
    report_day,
    stale_documents,
)
from communique.brief.sections import with_speaker_sides
from communique.brief.spans import SpanTexts, brief_claim
from communique.models import Annotation, Document, Failure, weak_flags
from communique.store.base import Store, StoredEntity

__all__ = [
    "BRIEF_STAGES",
    "STALE_DAYS",
    "DealCounter",
    "DocumentReading",
    "Readings",
    "build_briefing",
    "canonical_entity",
    "dated_by",
    "publication_span",
    "read_document",
    "reading_order",
    "stale_documents",
]

T = TypeVar("T")
A = TypeVar("A")


@dataclass
class _Gathered:
    """What the corpus passes need from every document's annotations, gathered one document
    at a time so that the annotations themselves never all sit in memory at once."""

    events: list[EventMention] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    quotes: list[BriefQuote] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)
    claim_facts: list[MentionFacts | None] = field(default_factory=list)


@dataclass
class _Failures:
    """The failures of this build's corpus passes, each a document left out of one pass."""

    sources: Mapping[str, str]
    found: list[BriefFailure] = field(default_factory=list)

    def add(self, stage: str, failed: Iterable[PassFailure]) -> None:
        for f in failed:
            record = pass_failure(f, stage=stage, source=self.sources.get(f.doc_id, ""))
            self.found.append(_brief_failure(record))

    def guard(self, stage: str, doc_id: str, read: Callable[[A], Iterable[T]], given: A) -> list[T]:
        """``read(given)``, or nothing (and a failure) when it raises for this document."""
        try:
            return list(read(given))
        except Exception as exc:
            self.add(stage, [PassFailure(doc_id, exc)])
            return []

    def kept(self, reading: DocumentReading) -> None:
        """The failures met while one document's reading was made (kept with it)."""
        for stage, code, reason in reading.failures:
            record = Failure(
                source=self.sources.get(reading.doc_id, "") or "(corpus)",
                reason=reason,
                code=code,
                stage=stage,
                doc_id=reading.doc_id,
            )
            self.found.append(_brief_failure(record))


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
    failures: tuple[tuple[str, str, str], ...] = ()
    """(stage, code, reason) of each layer of this document a pass could not read."""
    claim_facts: tuple[MentionFacts | None, ...] = ()
    """Each told claim mention's :func:`communique.analyse.claims.mention_facts` (None for a
    quoted one, or where working them out failed: clustering tries again), in ``claims``'s
    order: worked out once, as the reading is, instead of for every document in every build."""


Readings = Callable[[Sequence[Document], Mapping[str, Document]], Iterable[DocumentReading]]
"""Gives the readings of ``documents`` in their order (``by_id`` holds them all)."""


def read_document(
    doc: Document, annotations: Iterable[Annotation], *, by_id: Mapping[str, Document]
) -> DocumentReading:
    """One document's reading, from its stored annotations; a layer that cannot be read is
    left out of it and named in its ``failures``, and the rest of the document still counts."""
    layers = _layers(annotations)
    failed: list[tuple[str, str, str]] = []

    def guard(stage: str, read: Callable[[A], Iterable[T]], given: A) -> tuple[T, ...]:
        try:
            return tuple(read(given))
        except Exception as exc:
            record = pass_failure(PassFailure(doc.id, exc), stage=stage, source=doc.source)
            failed.append((stage, record.code, record.reason))
            return ()

    undated = range_value(doc)
    claims = guard("corpus.claims", partial(_check_worthy, doc, by_id=by_id), layers)
    return DocumentReading(
        doc_id=doc.id,
        events=guard("corpus.events", _event_mentions, layers["event"]),
        positions=guard(
            "corpus.positions", partial(_position_mentions, undated=undated), layers["position"]
        ),
        quotes=guard("corpus.quotes", _quotes, layers["quote"]),
        claims=claims,
        failures=tuple(failed),
        claim_facts=tuple(_facts_of(m) for m in claims),
    )


def _facts_of(m: ClaimMention) -> MentionFacts | None:
    """``m``'s facts, or None: a quoted mention has none, and a mention they cannot be worked
    out for fails in clustering, which leaves its document out of that pass alone."""
    if m.quoted is not None:
        return None
    try:
        return mention_facts(m)
    except Exception:
        return None


def _read_annotations(store: Store) -> Readings:
    def read(
        documents: Sequence[Document], by_id: Mapping[str, Document]
    ) -> Iterator[DocumentReading]:
        for doc in documents:  # one document's annotations in memory at a time
            yield read_document(doc, store.annotations(doc.id), by_id=by_id)

    return read


DealCounter = Callable[[Mapping[str, str], Codebook], Mapping[str, DealCounts]]
"""({doc_id: title and text}, codebook) -> each document's deal counts
(:func:`communique.analyse.issues_meaning.deal_counts`), worked out or read back."""


def build_briefing(
    *,
    store: Store,
    embedder: Embedder,
    version: str | None = None,
    sides: Mapping[str, Sequence[str]] | None = None,
    codebook: Codebook | None = None,
    readings: Readings | None = None,
    deals: DealCounter = counted_deals,
    conflicts: ConflictsWithin = conflicts_each,
    documents: Sequence[Document] | None = None,
    stored_entities: Sequence[StoredEntity] | None = None,
) -> Briefing:
    """The briefing of the documents annotated now (by ``version`` when given).

    ``sides`` (side -> names) is the user's own word on who speaks for whom and wins over every
    cue; ``codebook`` the issues a stance's object is read against by meaning when no cue word
    of it named one; ``readings`` replaces reading each document's annotations
    (:mod:`communique.brief.cache` reads back kept readings), as ``deals`` replaces scanning
    every document for what its deal words are qualified by and ``conflicts`` finding the
    contradictions within each claim again; ``documents`` and ``stored_entities`` are the store's
    when the caller has read them already (the cached build reads them once, for its key too).

    A document stored but not annotated yet, or one the language layer failed on, is left out
    and named in ``coverage``; a document a corpus pass cannot take is left out of that pass
    alone and listed in ``failures``, with those recorded in the store before."""
    stored = list(store.documents()) if documents is None else list(documents)
    covered = set(store.annotated_ids(version=version))
    earlier = [f for f in store.failures() if f.stage != "ingest" and f.stage not in BRIEF_STAGES]
    unreadable = {f.doc_id for f in earlier if f.doc_id and f.stage.startswith(ANNOTATE_STAGE)}
    documents = [d for d in stored if d.id in covered and d.id not in unreadable]
    by_id = {doc.id: doc for doc in documents}
    cut = SpanTexts(by_id)  # one string per cited span (see SpanTexts)
    failures = _Failures(sources={d.id: d.source for d in stored})
    stale = stale_documents(documents)
    outlets = frozenset(d.outlet.casefold() for d in documents if d.outlet)
    layer = CorrectionLayer(store.corrections(), texts=by_id)  # the user's, over the tool's
    entities = [
        e
        for e in (
            canonical_entity(e, keep=by_id)
            for e in (store.entities() if stored_entities is None else stored_entities)
        )
        if e.mentions
    ]
    if sides:
        entities = with_user_sides(entities, sides)
    entities = layer.entities(entities)
    names = canonical_names(entities)
    side_of = canonical_names(entities, by_party=True)
    # A person whose side is unknown is a holder, not a party of the negotiation.
    sideless = frozenset(e.name for e in entities if e.type == "PERSON" and not e.party)
    # "the Taliban" is its own side: its name maps to itself, and it is still a known side.
    sided = frozenset(n for e in entities if e.party for n in (e.name, *e.aliases))
    domestic = domestic_country(entities)
    read = _Gathered()
    holder_side = partial(
        _holder_side, party_of=side_of, names=names, sideless=sideless, sided=sided
    )
    positions_of = partial(_with_parties, side_of=cache(holder_side), domestic=domestic)
    for reading in (readings or _read_annotations(store))(documents, by_id):
        failures.kept(reading)
        read.events += reading.events
        read.positions += failures.guard(
            "corpus.positions", reading.doc_id, positions_of, reading.positions
        )
        read.quotes += reading.quotes
        read.claims += reading.claims
        # A reading kept before facts were kept has none: clustering works them out.
        read.claim_facts += reading.claim_facts or [None] * len(reading.claims)
    if isinstance(embedder, CachedEmbedder):
        # The claims' new sentences are embedded on a thread while the passes before them run.
        embedder.ahead(claim_texts(read.claims, read.claim_facts))
    no_events: list[BriefEvent] = []
    events, failed = run_isolated(
        lambda found: _events(found, documents=by_id, canonical=names, side=side_of, cut=cut),
        read.events,
        doc_of=lambda m: m.doc_id,
        empty=no_events,
    )
    failures.add("corpus.timeline", failed)
    book = codebook or default_codebook()
    read.positions = _deals_filed(
        _by_meaning(read.positions, book, embedder), book, by_id, deals=deals
    )
    positions, entities = with_government_joined(
        [p for p in read.positions if p.issue != UNMAPPED],
        entities,
        country=None if sides else domestic,
    )
    if not sides:
        positions, entities = with_acting_organisations(positions, entities)
        positions, entities = with_advocacy_groups(positions, entities)
    positions = layer.positions(positions)
    gaps = gaps_by_meaning(((p.issue, p.object) for p in read.positions), embedder=embedder)
    brief_positions, changes = _position_passes(positions, cut=cut, failures=failures)
    weak = {d.id for d in documents if weak_flags(d.flags)}
    no_claims: list[Claim] = []
    claims, failed = run_isolated(
        lambda found: layer.claims(
            weigh_flagged(
                cluster_claims(
                    [m for m, _ in found],
                    embedder=embedder,
                    conflicts=conflicts,
                    facts=[f for _, f in found],
                ),
                weak=weak,
            )
        ),
        list(zip(read.claims, read.claim_facts, strict=True)),
        doc_of=lambda pair: pair[0].doc_id,
        empty=no_claims,
    )
    failures.add("corpus.claims", failed)
    no_sources: list[BriefSource] = []
    sources, failed = run_isolated(
        lambda docs: _sources(docs, claims=claims, stale=stale),
        documents,
        doc_of=lambda d: d.id,
        empty=no_sources,
    )
    failures.add("corpus.sources", failed)
    every_failure = sorted(
        [*(_brief_failure(f) for f in earlier), *failures.found], key=_failure_order
    )
    dated = sorted(d.published for d in documents if d.published)
    briefing = Briefing(
        schema_version=SCHEMA_VERSION,
        corpus=Corpus(
            documents=len(documents),
            first_published=dated[0].isoformat() if dated else None,
            last_published=dated[-1].isoformat() if dated else None,
            dated_by=dated_by(documents),
        ),
        documents=[brief_document(doc, stale=doc.id in stale) for doc in documents],
        entities=[_entity(e, texts=by_id, outlets=outlets) for e in entities],
        events=events,
        quotes=read.quotes,
        positions=brief_positions,
        position_changes=changes,
        claims=[brief_claim(c, cut=cut) for c in claims],
        sources=sources,
        codebook_gaps=[CodebookGap(object=obj, count=count) for obj, count in gaps],
        coverage=Coverage(
            stored=len(stored),
            annotated=len(documents),
            not_annotated=[d.id for d in stored if d.id not in covered and d.id not in unreadable],
            failed=sorted({f.document for f in every_failure if f.document}),
        ),
        failures=every_failure,
    )
    # After the user's renames and sides, over every entity: the one answer all readers read.
    return with_speaker_sides(layer.finish(briefing))


BRIEF_STAGES: Final = (
    "corpus.events",
    "corpus.positions",
    "corpus.quotes",
    "corpus.claims",
    "corpus.timeline",
    "corpus.sources",
)
"""The stages a briefing build runs itself: their failures are found again on every build."""


def _position_passes(
    positions: Sequence[Position], *, cut: SpanTexts, failures: _Failures
) -> tuple[list[BriefPosition], list[PositionChange]]:
    no_positions: list[BriefPosition] = []
    shown, failed = run_isolated(
        lambda found: [_position(p, cut=cut) for p in found],
        positions,
        doc_of=lambda p: p.doc_id,
        empty=no_positions,
    )
    failures.add("corpus.positions", failed)
    no_changes: list[PositionChange] = []
    changes, failed = run_isolated(
        lambda found: [
            PositionChange(
                party=c.party,
                issue=c.issue,
                before=_position(c.before, cut=cut),
                after=_position(c.after, cut=cut),
            )
            for c in position_changes(found)
        ],
        positions,
        doc_of=lambda p: p.doc_id,
        empty=no_changes,
    )
    failures.add("corpus.positions", failed)
    return shown, changes


def _brief_failure(f: Failure) -> BriefFailure:
    return BriefFailure(
        stage=f.stage,
        document=f.doc_id,
        source=f.source,
        code=f.code,
        reason=f.reason,
        start=f.start,
        end=f.end,
    )


def _failure_order(f: BriefFailure) -> tuple[str, str, int, str]:
    return (f.stage, f.document or "", f.start if f.start is not None else -1, f.reason)


def _layers(annotations: Iterable[Annotation]) -> defaultdict[str, list[Annotation]]:
    layers: defaultdict[str, list[Annotation]] = defaultdict(list)
    for a in annotations:
        layers[a.layer].append(a)
    return layers


def canonical_entity(
    e: StoredEntity, *, keep: Mapping[str, Document] | None = None
) -> CanonicalEntity:
    """A stored entity as the corpus passes read it, told only by the documents in ``keep``
    (the ones the briefing covers) when given."""

    def kept(doc_id: str) -> bool:
        return keep is None or doc_id in keep

    return CanonicalEntity(
        id=e.id,
        name=e.name,
        type=e.type,
        aliases=tuple(e.data.get("aliases", ())),
        roles=tuple(
            (r["role"], r["document"]) for r in e.data.get("roles", ()) if kept(r["document"])
        ),
        party=e.party,
        party_evidence=tuple(
            (p["cue"], p["document"], p["start"], p["end"])
            for p in e.data.get("party_evidence", ())
            if kept(p["document"])
        ),
        mentions=tuple(m for m in e.mentions if kept(m[0])),
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


def reading_order(
    documents: Iterable[Document], *, published: Mapping[str, dt.date]
) -> dict[str, int]:
    """Each document's rank when the corpus is read: by report day, then by a digest of its
    text, so the order (and what greedy folding makes of it) depends on the articles alone,
    not on their ids, which hash where each file was read from."""

    def key(doc: Document) -> tuple[dt.date, str, str]:
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        return published.get(doc.id, dt.date.max), digest, doc.id

    return {doc.id: rank for rank, doc in enumerate(sorted(documents, key=key))}


def _events(
    mentions: Sequence[EventMention],
    *,
    documents: Mapping[str, Document],
    canonical: Any,
    side: Any,
    cut: Callable[[str, int, int], str] | None = None,
) -> list[BriefEvent]:
    cut = cut or SpanTexts(documents)
    published = {i: day for i, d in documents.items() if (day := report_day(d)) is not None}
    merged = merge_events(
        mentions,
        canonical=canonical,
        side=side,
        published=published,
        reading_order=reading_order(documents.values(), published=published),
    )
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
                        cut(m.doc_id, m.sentence_start, m.sentence_end),
                    )
                    for m in event.mentions
                ],
            )
        )
    return out


def _event_mentions(annotations: Iterable[Annotation]) -> list[EventMention]:
    return [_event_mention(a) for a in annotations]


def _event_mention(a: Annotation) -> EventMention:
    attrs: dict[str, Any] = dict(a.attrs)
    attrs["actor_parts"] = tuple(attrs.get("actor_parts", ()))
    attrs["target_parts"] = tuple(attrs.get("target_parts", ()))
    return EventMention(doc_id=a.doc_id, **attrs)


def _position_mentions(
    annotations: Iterable[Annotation], *, undated: str | None = None
) -> list[Position]:
    """A document's positions as stored; ``undated`` (its publication range) dates those the
    text leaves undated, so a ranged document's positions still take their place."""
    out = []
    for a in annotations:
        attrs: dict[str, Any] = dict(a.attrs)
        position = Position(doc_id=a.doc_id, **attrs)
        if position.date is None and undated is not None:
            position = replace(position, date=undated)
        out.append(position)
    return out


def _with_parties(
    positions: Iterable[Position],
    *,
    side_of: Callable[[str], tuple[str | None, bool]],
    domestic: str | None = None,
) -> list[Position]:
    """Positions with the side their holder speaks for (:func:`_holder_side`, the holder's
    ``side_of``); in a domestic negotiation what the sentence gave to the country is its
    government's, and so is what "the president" holds."""
    out = []
    for position in positions:
        side, overrides = side_of(position.holder)
        if side is not None and (overrides or position.party is None):
            position = _with_party(position, side)
        if domestic is not None and _speaks_for_government(position, domestic):
            position = _with_party(position, executive_of(domestic))
        out.append(position)
    return out


def _holder_side(
    holder: str,
    *,
    party_of: Callable[[str], str],
    names: Callable[[str], str],
    sideless: frozenset[str],
    sided: frozenset[str],
) -> tuple[str | None, bool]:
    """(the side ``holder`` speaks for, None when the corpus does not know it; whether that
    side wins over the one its sentence gave): the corpus's entity, when it knows the
    holder's side, wins over the cues of one sentence. It depends on the holder's words
    alone, so a build works it out once for each holder, not for each of its stances."""
    side = party_of(holder)
    # canonical_names returns its input when it knows nothing of it.
    entity = names(holder)
    known = side != holder or entity != holder or entity in sided
    if default_gazetteer().no_side(side):
        known = False  # "House conservatives": the chamber is nobody's side
    if not known or side in sideless:
        return None, False
    return side, side != entity  # the holder's entity has a side


def _speaks_for_government(position: Position, country: str) -> bool:
    if position.party == country:
        return True
    words = position.holder.casefold().split()
    if position.party is not None:
        return False
    if any(w in ("administration", "government") for w in words):
        return True
    # a bare title ("the president", "the treasury secretary"), not a named person
    return position.holder[:1].islower() and is_executive_role(position.holder)


def _by_meaning(
    positions: list[Position], codebook: Codebook, embedder: Embedder
) -> list[Position]:
    unmapped = [i for i, p in enumerate(positions) if p.issue == UNMAPPED and p.object]
    found = issues_by_meaning([positions[i].object for i in unmapped], codebook, embedder)
    out = list(positions)
    for i, issue in zip(unmapped, found, strict=True):
        if issue != UNMAPPED:
            out[i] = replace(out[i], issue=issue)
    return out


def _deals_filed(
    positions: list[Position],
    codebook: Codebook,
    documents: Mapping[str, Document],
    *,
    deals: DealCounter = counted_deals,
) -> list[Position]:
    """A stance on "the deal" or "it" filed under what the story's deal is about ("the tax
    deal" named earlier: taxes); it stays on the agreement as a whole where no deal is named."""
    fallback = {i.id for i in codebook.issues if i.fallback}
    process = {i.id for i in codebook.issues if i.process}
    # Each phrase read once: stances on one deal are worded alike across the coverage.
    headed = cache(partial(_deal_headed, codebook=codebook))
    positions = [
        replace(p, issue=next(iter(fallback)))
        if len(fallback) == 1 and p.issue in process and headed(p.object)
        else p
        for p in positions
    ]
    if not any(p.issue in fallback for p in positions):
        return positions
    subjects = subjects_of(
        deals({d: (f"{doc.title or ''}\n{doc.text}") for d, doc in documents.items()}, codebook)
    )
    filed = [
        replace(p, issue=subjects[p.doc_id])
        if p.issue in fallback and subjects.get(p.doc_id, UNMAPPED) != UNMAPPED
        else p
        for p in positions
    ]
    # "rejected the tax deal and the bill": one stance on one issue, said once
    unique: dict[tuple[str, int, str, str, str, bool], Position] = {}
    for p in filed:
        unique.setdefault((p.doc_id, p.sentence_start, p.holder, p.issue, p.stance, p.negated), p)
    return list(unique.values())


def _deal_headed(obj: str, codebook: Codebook) -> bool:
    """ "The president's negotiated deal": a phrase whose last word, its head, is a deal word
    is about the deal, whatever process word qualifies it."""
    words = cue_words(obj)
    hits = codebook.match([(w, w) for w in words])
    return any(h.end == len(words) and (i := codebook.get(h.issue)) and i.fallback for h in hits)


def _with_party(position: Position, party: str) -> Position:
    return replace(position, party=party)


def _position(p: Position, *, cut: SpanTexts) -> BriefPosition:
    """``p`` as the briefing gives it, its sentence cut through ``cut``: one sentence states
    stances on several issues, and a kept briefing pickles each string object once
    (:class:`~communique.brief.spans.SpanTexts`). A briefing shows tens of thousands of
    positions: each is made from its field values, in field order, by their
    :func:`~communique.analyse.slotted.maker`, not through the frozen ``__init__``."""
    start, end = p.sentence_start, p.sentence_end
    evidence = making(Evidence)(p.doc_id, start, end, cut(p.doc_id, start, end))
    return making(BriefPosition)(
        p.party,
        p.holder,
        p.issue,
        p.stance,
        evidence,
        p.speaker,
        p.doc_id,
        p.date,
        p.negated,
        p.condition,
    )


def _check_worthy(
    doc: Document, layers: Mapping[str, list[Annotation]], *, by_id: Mapping[str, Document]
) -> list[ClaimMention]:
    return find_check_worthy(
        doc.id,
        doc.text,
        DocumentLayers.from_annotations(layers),
        origin=origin_of(doc, documents=by_id),
        published=doc.published,
    )


def _sources(
    documents: Sequence[Document], *, claims: Sequence[Claim], stale: set[str]
) -> list[BriefSource]:
    by_outlet: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        by_outlet[doc.outlet or "(unknown outlet)"].append(doc)
    # Counted by outlet as they are met, not by document and then summed for each of them.
    outlet_of = {doc.id: outlet for outlet, docs in by_outlet.items() for doc in docs}
    status_by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in claims:
        for doc_id in claim.documents:
            if (outlet := outlet_of.get(doc_id)) is not None:
                status_by_outlet[outlet][claim.status] += 1
    statuses = ("corroborated", "single_source", "disputed", "contradicted")
    out = []
    for outlet, docs in sorted(by_outlet.items()):
        flags = Counter(_flag_kind(f) for doc in docs for f in doc.flags)
        flags.update(["stale"] * sum(doc.id in stale for doc in docs))
        counts = status_by_outlet.get(outlet, Counter())
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
