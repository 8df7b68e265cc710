"""What the pages and the JSON API show: the briefing's lists, filtered the way the report is.

Pages and API share these functions, so a page and its ``/api/`` twin always list the same
items. ``since``, ``party`` and ``issue`` are the report's own filters
(:func:`communique.brief.filters.filter_briefing`); on top of them ``status`` narrows claims,
``type`` events and entities, ``outlet`` documents. Each filtered list is worked out once per
briefing (memoised on the snapshot) and then only sliced into pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

from fastapi import HTTPException

from communique.brief.filters import (
    filter_briefing,
    in_period,
    issue_key,
    keeps_change,
    on_or_before,
    on_side_of,
)
from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    Briefing,
    BriefPosition,
    BriefQuote,
    BriefSource,
    PositionChange,
)
from communique.brief.sections import period_end, side_lookup
from communique.web.snapshot import Snapshot

__all__ = [
    "HIDEABLE",
    "UNKNOWN_OUTLET",
    "ActivityIndex",
    "EntityActivity",
    "Filters",
    "Page",
    "PositionIndex",
    "activity_index",
    "check_choice",
    "claims",
    "documents",
    "entities",
    "entity_activity",
    "entity_types",
    "event_types",
    "events",
    "filtered_briefing",
    "known_issues",
    "known_outlets",
    "known_parties",
    "paginate",
    "position_changes",
    "position_index",
    "positions",
    "quotes",
    "sources",
    "undated_documents",
]

T = TypeVar("T")


UNKNOWN_OUTLET = "(unknown outlet)"
"""How the sources table names documents without an outlet; as a filter it selects them."""

HIDEABLE = ("ai_generated", "opinion", "stale", "duplicate")
"""Document flags a reader may hide (``hide=``): their documents, quotes and the claims only
they tell drop out of the lists."""


@dataclass(frozen=True, slots=True)
class Filters:
    since: dt.date | None = None
    party: str | None = None
    issue: str | None = None
    status: str | None = None
    type: str | None = None
    outlet: str | None = None
    until: dt.date | None = None
    hide: tuple[str, ...] = ()
    undated: bool = False

    def briefing_part(self) -> Filters:
        """Only the filters the whole briefing takes (the memo key of a filtered briefing)."""
        return Filters(since=self.since, party=self.party, issue=self.issue, until=self.until)

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def any(self) -> bool:
        return self != Filters()


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None


def check_choice(name: str, value: str | None, choices: Iterable[str]) -> str | None:
    """``value`` as the known choice it names, case ignored; 422 naming the choices when it
    names none (pages and API refuse an unknown type, status or flag alike). An unknown party
    or issue is not refused: it selects nothing, as the report's filter does."""
    if not value:
        return None
    known = {c.casefold(): c for c in choices}
    found = known.get(value.casefold())
    if found is None:
        listed = ", ".join(sorted(known.values())) or "none in this briefing"
        raise HTTPException(422, f"{name}: {value!r} is not one of {listed}")
    return found


def event_types(snapshot: Snapshot) -> list[str]:
    return snapshot.memo("event-types", lambda: sorted({e.type for e in snapshot.briefing.events}))


def entity_types(snapshot: Snapshot) -> list[str]:
    b = snapshot.briefing
    return snapshot.memo("entity-type-list", lambda: sorted({e.type for e in b.entities}))


def known_parties(snapshot: Snapshot) -> list[str]:
    """The sides the briefing knows (for pick-lists): positions' parties and entities' sides."""

    def pick() -> list[str]:
        b = snapshot.briefing
        found = {p.party for p in b.positions if p.party} | {e.party for e in b.entities if e.party}
        return sorted(found, key=str.casefold)

    return snapshot.memo("known-parties", pick)


def known_issues(snapshot: Snapshot) -> list[str]:
    b = snapshot.briefing
    return snapshot.memo("known-issues", lambda: sorted({p.issue for p in b.positions}))


def known_outlets(snapshot: Snapshot) -> list[str]:
    return snapshot.memo("known-outlets", lambda: [s.outlet for s in snapshot.briefing.sources])


def paginate(items: Sequence[T], *, limit: int, offset: int) -> Page[T]:
    return Page(list(items[offset : offset + limit]), len(items), limit, offset)


# -- the briefing, filtered ----------------------------------------------------------------


def filtered_briefing(snapshot: Snapshot, filters: Filters) -> Briefing:
    """The briefing under ``since``/``party``/``issue``, through the brief stage's own filter,
    so the app and the report always select the same items."""
    key = filters.briefing_part()
    if key == Filters():
        return snapshot.briefing
    return snapshot.memo(("briefing", key), lambda: _filter(snapshot, key))


def _filter(snapshot: Snapshot, f: Filters) -> Briefing:
    b = snapshot.briefing
    return filter_briefing(b, since=f.since, until=f.until, party=f.party, issue=f.issue)


def _hidden(snapshot: Snapshot, f: Filters) -> frozenset[str]:
    """Ids of the documents that carry a flag the reader chose to hide."""
    if not f.hide:
        return frozenset()

    def pick() -> frozenset[str]:
        wanted = set(f.hide)
        return frozenset(
            d.id
            for d in snapshot.briefing.documents
            if wanted.intersection(_flag_kind(flag) for flag in d.flags)
        )

    return snapshot.memo(("hidden", f.hide), pick)


def _flag_kind(flag: str) -> str:
    return "duplicate" if flag.startswith("duplicate_of:") else flag


def undated_documents(snapshot: Snapshot, f: Filters) -> list[BriefDocument]:
    """The documents a period cannot place (no publication date), under the other filters."""
    whole = dataclasses.replace(f, since=None, until=None, undated=False)
    return [d for d in documents(snapshot, whole) if not d.published]


# -- the lists -----------------------------------------------------------------------------


def _listed(snapshot: Snapshot, kind: str, f: Filters, pick: Callable[[], list[T]]) -> list[T]:
    return snapshot.memo((kind, f), pick)


def documents(snapshot: Snapshot, f: Filters) -> list[BriefDocument]:
    """Newest first, undated last; with ``undated`` only those without a date (a period
    cannot place them: they are counted and listed apart)."""
    if f.undated:
        return undated_documents(snapshot, f)

    def pick() -> list[BriefDocument]:
        found = filtered_briefing(snapshot, f).documents
        if f.outlet is not None:
            found = [d for d in found if _outlet_is(d, f.outlet)]
        hidden = _hidden(snapshot, f)
        found = [d for d in found if d.id not in hidden]
        # Newest first (a ranged document by its latest possible day); undated at the end.
        return sorted(
            found,
            key=lambda d: d.published or d.published_latest or d.published_earliest or "",
            reverse=True,
        )

    return _listed(snapshot, "documents", f, pick)


def _outlet_is(d: BriefDocument, outlet: str) -> bool:
    return d.outlet == outlet or (d.outlet is None and outlet == UNKNOWN_OUTLET)


def entities(snapshot: Snapshot, f: Filters) -> list[BriefEntity]:
    def pick() -> list[BriefEntity]:
        found = filtered_briefing(snapshot, f).entities
        if f.type is not None:
            kind = f.type.casefold()
            found = [e for e in found if e.type.casefold() == kind]
        return sorted(found, key=lambda e: (-len(e.documents), e.name.casefold()))

    return _listed(snapshot, "entities", f, pick)


def events(snapshot: Snapshot, f: Filters) -> list[BriefEvent]:
    def pick() -> list[BriefEvent]:
        found = _events_alone(snapshot, f.briefing_part())
        kind = (f.type or "").casefold()
        return [e for e in found if f.type is None or e.type.casefold() == kind]

    return _listed(snapshot, "events", f, pick)


def _events_alone(snapshot: Snapshot, key: Filters) -> list[BriefEvent]:
    """The events :func:`filtered_briefing` keeps, without filtering the rest of the briefing
    when one filter alone decides (the timeline under ``since`` or ``party``); filters together
    go through the briefing's own filter, where each narrows what the next one sees."""
    b = snapshot.briefing
    if key.dated and key.party is None and key.issue is None:
        return [e for e in b.events if in_period(e.date, key.since, key.until)]
    if key.party is not None and not key.dated and key.issue is None:
        side_of = snapshot.memo("side-of", lambda: side_lookup(b.entities))
        on_side = on_side_of(key.party, side_of)
        return [e for e in b.events if any(map(on_side, [*e.actors, *e.targets]))]
    return filtered_briefing(snapshot, key).events


def quotes(snapshot: Snapshot, f: Filters) -> list[BriefQuote]:
    found = filtered_briefing(snapshot, f).quotes
    hidden = _hidden(snapshot, f)
    return [q for q in found if q.document not in hidden] if hidden else found


def positions(snapshot: Snapshot, f: Filters) -> list[BriefPosition]:
    """The positions :func:`filtered_briefing` keeps, found through an index: the heatmap and
    its cells ask for them under every filter, and a scan of every position each first time
    would not answer within a page's time on a large store."""
    key = f.briefing_part()
    if key == Filters():
        return snapshot.briefing.positions
    return snapshot.memo(("positions", key), lambda: position_index(snapshot).select(key))


@dataclass(frozen=True, slots=True)
class PositionIndex:
    """The briefing's positions by issue, by side or holder, and by the end of their date."""

    positions: Sequence[BriefPosition]
    by_issue: dict[str, list[int]]
    by_name: dict[str, list[int]]
    ends: list[dt.date]  # ascending
    by_end: list[int]  # position indices in the order of ``ends``

    @classmethod
    def build(cls, positions: Sequence[BriefPosition]) -> PositionIndex:
        by_issue: dict[str, list[int]] = defaultdict(list)
        by_name: dict[str, list[int]] = defaultdict(list)
        dated: list[tuple[dt.date, int]] = []
        for i, p in enumerate(positions):
            by_issue[issue_key(p.issue)].append(i)
            for name in {(p.party or "").casefold(), p.holder.casefold()} - {""}:
                by_name[name].append(i)
            end = period_end(p.date)
            if end is not None:
                dated.append((end, i))
        dated.sort()
        return cls(
            positions, dict(by_issue), dict(by_name), [e for e, _ in dated], [i for _, i in dated]
        )

    def select(self, f: Filters) -> list[BriefPosition]:
        """What ``filter_briefing`` keeps of the positions, in the briefing's order."""
        chosen: list[Iterable[int]] = []
        if f.issue is not None:
            chosen.append(self.by_issue.get(issue_key(f.issue), []))
        if f.party is not None:
            chosen.append(self.by_name.get(f.party.casefold(), []))
        if f.since is not None:
            chosen.append(self.by_end[bisect_left(self.ends, f.since) :])
        if f.until is not None:  # rarely alone: a scan of the dated ones is enough
            until = f.until
            chosen.append(i for i in self.by_end if on_or_before(self.positions[i].date, until))
        smallest, *others = sorted((set(c) for c in chosen), key=len)
        for other in others:
            smallest &= other
        return [self.positions[i] for i in sorted(smallest)]


def position_index(snapshot: Snapshot) -> PositionIndex:
    return snapshot.memo("position-index", lambda: PositionIndex.build(snapshot.briefing.positions))


def position_changes(snapshot: Snapshot, f: Filters) -> list[PositionChange]:
    """What :func:`filtered_briefing` keeps of the changes, without filtering the rest of the
    briefing: the positions page asks for them beside its heatmap."""
    key = f.briefing_part()
    if key == Filters():
        return snapshot.briefing.position_changes

    def pick() -> list[PositionChange]:
        keep = partial(
            keeps_change, since=key.since, until=key.until, party=key.party, issue=key.issue
        )
        return [c for c in snapshot.briefing.position_changes if keep(c)]

    return snapshot.memo(("changes", key), pick)


def claims(snapshot: Snapshot, f: Filters) -> list[BriefClaim]:
    def pick() -> list[BriefClaim]:
        found = filtered_briefing(snapshot, f).claims
        hidden = _hidden(snapshot, f)
        if hidden:  # a claim stays while one document the reader keeps tells it
            found = [c for c in found if not hidden.issuperset(c.documents)]
        return [c for c in found if f.status is None or c.status == f.status]

    return _listed(snapshot, "claims", f, pick)


def sources(snapshot: Snapshot, f: Filters) -> list[BriefSource]:
    """The sources table; hiding a flag leaves out its documents and their flags (the claim
    counts stay those of the outlet's kept documents' claims as the briefing counts them)."""
    found = filtered_briefing(snapshot, f).sources
    if f.outlet is not None:
        found = [s for s in found if s.outlet == f.outlet]
    hidden = _hidden(snapshot, f)
    if not hidden:
        return found
    docs = snapshot.documents
    out = []
    for source in found:
        kept = [d for d in source.documents if d not in hidden]
        if kept:
            flags = Counter(_flag_kind(flag) for d in kept if d in docs for flag in docs[d].flags)
            out.append(
                dataclasses.replace(source, documents=kept, flags=dict(sorted(flags.items())))
            )
    return out


@dataclass(frozen=True, slots=True)
class EntityActivity:
    """What one entity does across the coverage."""

    quotes: list[BriefQuote]
    events: list[BriefEvent]
    positions: list[BriefPosition]


@dataclass(frozen=True, slots=True)
class ActivityIndex:
    """Quotes, events and positions by every name they give (case folded), in briefing order."""

    quotes: dict[str, list[int]]
    events: dict[str, list[int]]
    positions: dict[str, list[int]]

    @classmethod
    def build(cls, b: Briefing) -> ActivityIndex:
        def index(names_of: Iterable[Iterable[str | None]]) -> dict[str, list[int]]:
            found: dict[str, list[int]] = defaultdict(list)
            for i, names in enumerate(names_of):
                for name in {n.casefold() for n in names if n}:
                    found[name].append(i)
            return dict(found)

        return cls(
            quotes=index((q.speaker,) for q in b.quotes),
            events=index((*e.actors, *e.targets) for e in b.events),
            positions=index((p.holder, p.speaker, p.party) for p in b.positions),
        )


def activity_index(snapshot: Snapshot) -> ActivityIndex:
    return snapshot.memo("activity-index", lambda: ActivityIndex.build(snapshot.briefing))


def entity_activity(snapshot: Snapshot, entity: BriefEntity) -> EntityActivity:
    """Quotes it gives, events it takes part in, positions it holds or its side holds."""

    def pick() -> EntityActivity:
        names = {n.casefold() for n in (entity.name, *entity.aliases)}
        index, b = activity_index(snapshot), snapshot.briefing

        def of(table: dict[str, list[int]], items: Sequence[T]) -> list[T]:
            return [items[i] for i in sorted({i for n in names for i in table.get(n, ())})]

        return EntityActivity(
            quotes=of(index.quotes, b.quotes),
            events=of(index.events, b.events),
            positions=of(index.positions, b.positions),
        )

    return snapshot.memo(("entity", entity.id), pick)
