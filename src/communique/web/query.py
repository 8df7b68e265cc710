"""What the pages and the JSON API show: the briefing's lists, filtered the way the report is.

Pages and API share these functions, so a page and its ``/api/`` twin always list the same
items. ``since``, ``party`` and ``issue`` are the report's own filters
(:func:`communique.brief.filters.filter_briefing`); on top of them ``status`` narrows claims,
``type`` events and entities, ``outlet`` documents. Each filtered list is worked out once per
briefing (memoised on the snapshot) and then only sliced into pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from communique.brief.filters import filter_briefing
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
from communique.web.snapshot import Snapshot

__all__ = [
    "EntityActivity",
    "Filters",
    "Page",
    "claims",
    "documents",
    "entities",
    "entity_activity",
    "events",
    "filtered_briefing",
    "paginate",
    "position_changes",
    "positions",
    "quotes",
    "sources",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Filters:
    since: dt.date | None = None
    party: str | None = None
    issue: str | None = None
    status: str | None = None
    type: str | None = None
    outlet: str | None = None

    def briefing_part(self) -> Filters:
        """Only the filters the whole briefing takes (the memo key of a filtered briefing)."""
        return Filters(since=self.since, party=self.party, issue=self.issue)


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
    return filter_briefing(snapshot.briefing, since=f.since, party=f.party, issue=f.issue)


# -- the lists -----------------------------------------------------------------------------


def _listed(snapshot: Snapshot, kind: str, f: Filters, pick: Callable[[], list[T]]) -> list[T]:
    return snapshot.memo((kind, f), pick)


def documents(snapshot: Snapshot, f: Filters) -> list[BriefDocument]:
    def pick() -> list[BriefDocument]:
        found = filtered_briefing(snapshot, f).documents
        if f.outlet is not None:
            found = [d for d in found if (d.outlet or "") == f.outlet]
        # Newest first; undated at the end.
        return sorted(found, key=lambda d: d.published or "", reverse=True)

    return _listed(snapshot, "documents", f, pick)


def entities(snapshot: Snapshot, f: Filters) -> list[BriefEntity]:
    def pick() -> list[BriefEntity]:
        found = filtered_briefing(snapshot, f).entities
        if f.type is not None:
            found = [e for e in found if e.type == f.type]
        return sorted(found, key=lambda e: (-len(e.documents), e.name.casefold()))

    return _listed(snapshot, "entities", f, pick)


def events(snapshot: Snapshot, f: Filters) -> list[BriefEvent]:
    def pick() -> list[BriefEvent]:
        found = filtered_briefing(snapshot, f).events
        return [e for e in found if f.type is None or e.type == f.type]

    return _listed(snapshot, "events", f, pick)


def quotes(snapshot: Snapshot, f: Filters) -> list[BriefQuote]:
    return filtered_briefing(snapshot, f).quotes


def positions(snapshot: Snapshot, f: Filters) -> list[BriefPosition]:
    return filtered_briefing(snapshot, f).positions


def position_changes(snapshot: Snapshot, f: Filters) -> list[PositionChange]:
    return filtered_briefing(snapshot, f).position_changes


def claims(snapshot: Snapshot, f: Filters) -> list[BriefClaim]:
    def pick() -> list[BriefClaim]:
        found = filtered_briefing(snapshot, f).claims
        return [c for c in found if f.status is None or c.status == f.status]

    return _listed(snapshot, "claims", f, pick)


def sources(snapshot: Snapshot, f: Filters) -> list[BriefSource]:
    return filtered_briefing(snapshot, f).sources


@dataclass(frozen=True, slots=True)
class EntityActivity:
    """What one entity does across the coverage."""

    quotes: list[BriefQuote]
    events: list[BriefEvent]
    positions: list[BriefPosition]


def entity_activity(snapshot: Snapshot, entity: BriefEntity) -> EntityActivity:
    """Quotes it gives, events it takes part in, positions it holds or its side holds."""

    def pick() -> EntityActivity:
        names = {n.casefold() for n in (entity.name, *entity.aliases)}

        def named(value: str | None) -> bool:
            return value is not None and value.casefold() in names

        b = snapshot.briefing
        return EntityActivity(
            quotes=[q for q in b.quotes if named(q.speaker)],
            events=[e for e in b.events if any(named(n) for n in (*e.actors, *e.targets))],
            positions=[
                p for p in b.positions if named(p.holder) or named(p.speaker) or named(p.party)
            ],
        )

    return snapshot.memo(("entity", entity.id), pick)
