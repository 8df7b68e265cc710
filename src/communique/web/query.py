"""What the pages and the JSON API show: the briefing's lists, filtered the way the report is.

Pages and API share these functions, so a page and its ``/api/`` twin always list the same
items. ``since``, ``party`` and ``issue`` are the report's own filters
(:func:`communique.brief.filters.filter_briefing`); on top of them ``status`` narrows claims,
``type`` events and entities, ``outlet`` documents. A list is a query on the briefing rows the
store keeps (:mod:`communique.brief.rows`), counted and paged there; a filter only a pass over
the briefing can apply is worked out once per briefing and kept in a small cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import HTTPException

from communique.brief.filters import filter_briefing, issue_key
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
from communique.brief.row_filters import Selection, recounted_sources, select_rows
from communique.brief.rows import RowList
from communique.store.briefing_rows import EVERY, Where, has_term, in_terms
from communique.web.charts import MIXED, Cell
from communique.web.snapshot import Snapshot

__all__ = [
    "ENTITY_CHOICES",
    "HIDEABLE",
    "UNKNOWN_OUTLET",
    "EntityActivity",
    "Filters",
    "Page",
    "check_choice",
    "claims",
    "documents",
    "entities",
    "entity_activity",
    "entity_choices",
    "entity_type_counts",
    "entity_types",
    "event_types",
    "events",
    "filtered_briefing",
    "known_issues",
    "known_outlets",
    "known_parties",
    "paginate",
    "position_cells",
    "position_changes",
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
    kept = snapshot.counts()
    if kept is not None:
        return list(kept.event_types)
    return snapshot.memo("event-types", lambda: sorted(_values(snapshot, "events", "label")))


def entity_types(snapshot: Snapshot) -> list[str]:
    return snapshot.memo("entity-type-list", lambda: sorted(entity_type_counts(snapshot)))


def _values(snapshot: Snapshot, section: str, column: str) -> list[str]:
    stored = snapshot.stored
    return stored.tables.values(stored.key, section, column)


def entity_type_counts(snapshot: Snapshot) -> Counter[str]:
    """How many entities of each type."""
    stored, kept = snapshot.stored, snapshot.counts()
    if kept is not None:
        return Counter(kept.entity_types)
    return snapshot.memo(
        "entity-type-counts", lambda: Counter(stored.tables.tally(stored.key, "entities", "label"))
    )


def known_parties(snapshot: Snapshot) -> list[str]:
    """The sides the briefing knows (for pick-lists): positions' parties and entities' sides."""

    def pick() -> list[str]:
        found = {*_values(snapshot, "positions", "side"), *_values(snapshot, "entities", "side")}
        return sorted(found - {""}, key=str.casefold)

    kept = snapshot.counts()
    return list(kept.parties) if kept is not None else snapshot.memo("known-parties", pick)


def known_issues(snapshot: Snapshot) -> list[str]:
    kept = snapshot.counts()
    if kept is not None:
        return list(kept.issues)
    return snapshot.memo("known-issues", lambda: sorted(_values(snapshot, "positions", "label")))


def known_outlets(snapshot: Snapshot) -> list[str]:
    return snapshot.memo("known-outlets", lambda: [s.outlet for s in snapshot.briefing.sources])


def paginate(items: Sequence[T], *, limit: int, offset: int) -> Page[T]:
    return Page(list(items[offset : offset + limit]), len(items), limit, offset)


# -- the briefing, filtered ----------------------------------------------------------------
#
# A list under no briefing filter, or under one the briefing's own filter applies item by item
# (a position's side, an event's period), is a query on the store's briefing rows: counted and
# paged there. Filters that depend on the rest of the briefing (the documents a party's items
# cite, the claims naming one of its people) go through :func:`filter_briefing` itself over
# the stored rows, so app and report always select the same items.


def filtered_briefing(snapshot: Snapshot, filters: Filters) -> Briefing:
    """The briefing under ``since``/``party``/``issue``, through the brief stage's own filter,
    so the app and the report always select the same items."""
    key = filters.briefing_part()
    if key == Filters():
        return snapshot.briefing
    return snapshot.memo_large(("briefing", key), lambda: _filter(snapshot, key))


def _filter(snapshot: Snapshot, f: Filters) -> Briefing:
    b = snapshot.briefing
    return filter_briefing(b, since=f.since, until=f.until, party=f.party, issue=f.issue)


def _selection(snapshot: Snapshot, f: Filters) -> Selection | None:
    """Each section's rows under the briefing filters of ``f``, as SQL conditions; None when
    only a pass over the briefing can answer (a party the briefing does not know)."""
    key = f.briefing_part()

    def pick() -> Selection | None:
        return select_rows(
            snapshot.stored, since=key.since, until=key.until, party=key.party, issue=key.issue
        )

    return snapshot.memo(("selection", key), pick)


def _rows(snapshot: Snapshot, section: str, where: Where = EVERY, **how: str) -> RowList[Any]:
    return snapshot.stored.rows(section, where, **how)


def _period(f: Filters, column: str = "r") -> Where:
    """A row's period (its ``date_start``..``date_end``) meets ``since``..``until``."""
    where = Where()
    if f.since is not None:
        where &= Where(f"{column}.date_end >= ?", (f.since.isoformat(),))
    if f.until is not None:
        where &= Where(f"{column}.date_start <= ?", (f.until.isoformat(),))
    return where


def _side(party: str) -> Where:
    return Where(has_term(), (f"side:{party.casefold()}",))


def _hidden_documents(f: Filters) -> str:
    """A subquery: the ids of the documents carrying a flag the reader hides."""
    flags = " OR ".join("t.term = ?" for _ in f.hide)
    return (
        "SELECT d.item_id FROM briefing_rows d JOIN briefing_terms t ON t.key = d.key"
        " AND t.section = d.section AND t.ord = d.ord WHERE d.key = r.key"
        f" AND d.section = 'documents' AND ({flags})"
    )


def _hide_flags(f: Filters) -> tuple[str, ...]:
    return tuple(f"flag:{flag}" for flag in f.hide)


def _hidden(snapshot: Snapshot, f: Filters) -> frozenset[str]:
    """Ids of the documents that carry a flag the reader chose to hide."""
    if not f.hide:
        return frozenset()

    def pick() -> frozenset[str]:
        where = Where(f"r.item_id IN ({_hidden_documents(f)})", _hide_flags(f))
        return frozenset(d.id for d in _rows(snapshot, "documents", where))

    return snapshot.memo(("hidden", f.hide), pick)


def _flag_kind(flag: str) -> str:
    return "duplicate" if flag.startswith("duplicate_of:") else flag


def undated_documents(snapshot: Snapshot, f: Filters) -> Sequence[BriefDocument]:
    """The documents a period cannot place (no publication date), under the other filters."""
    whole = dataclasses.replace(f, since=None, until=None, undated=False)
    found = documents(snapshot, whole)
    if isinstance(found, RowList):
        return found.narrowed(Where("r.weight = 1"))
    return [d for d in found if not d.published]


# -- the lists -----------------------------------------------------------------------------


def _listed(snapshot: Snapshot, kind: str, f: Filters, pick: Callable[[], list[T]]) -> list[T]:
    return snapshot.memo_large((kind, f), pick)


def documents(snapshot: Snapshot, f: Filters) -> Sequence[BriefDocument]:
    """Newest first, undated last; with ``undated`` only those without a date (a period
    cannot place them: they are counted and listed apart)."""
    if f.undated:
        return undated_documents(snapshot, f)
    selection = _selection(snapshot, f)
    if selection is not None:
        where = selection.where["documents"]
        if f.outlet is not None:
            where &= (
                Where("r.kind IS NULL")
                if f.outlet == UNKNOWN_OUTLET
                else Where(
                    "(r.kind = ? OR r.kind IS NULL AND ? = ?)", (f.outlet, f.outlet, UNKNOWN_OUTLET)
                )
            )
        if f.hide:
            where &= Where(f"r.item_id NOT IN ({_hidden_documents(f)})", _hide_flags(f))
        return _memo_rows(snapshot, "documents", f, where, order="r.sortkey DESC, r.ord")

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


def _memo_rows(
    snapshot: Snapshot, section: str, f: Filters, where: Where, *, order: str = "r.ord"
) -> RowList[Any]:
    """A section's rows under ``where``, kept per filter so its count is worked out once;
    under a briefing filter (nested conditions over several sections) its ords are worked
    out once too, so each later page is read by ord."""
    if f.briefing_part() == Filters() and not f.hide:
        return snapshot.memo(
            ("rows", section, f), lambda: _rows(snapshot, section, where, order=order)
        )
    return snapshot.memo_large(
        ("rows", section, f), lambda: _rows(snapshot, section, where, order=order).fixed()
    )


def _outlet_is(d: BriefDocument, outlet: str) -> bool:
    return d.outlet == outlet or (d.outlet is None and outlet == UNKNOWN_OUTLET)


def _type(f: Filters) -> Where:
    return Where("r.kind = ?", (f.type.casefold(),)) if f.type is not None else Where()


def entities(snapshot: Snapshot, f: Filters) -> Sequence[BriefEntity]:
    order = "r.weight DESC, r.sortkey, r.ord"
    selection = _selection(snapshot, f)
    if selection is not None:
        return _memo_rows(
            snapshot, "entities", f, selection.where["entities"] & _type(f), order=order
        )

    def pick() -> list[BriefEntity]:
        found = filtered_briefing(snapshot, f).entities
        if f.type is not None:
            kind = f.type.casefold()
            found = [e for e in found if e.type.casefold() == kind]
        return sorted(found, key=lambda e: (-len(e.documents), e.name.casefold()))

    return _listed(snapshot, "entities", f, pick)


def events(snapshot: Snapshot, f: Filters) -> Sequence[BriefEvent]:
    key = f.briefing_part()
    selection = _selection(snapshot, f)
    if selection is not None:
        return _memo_rows(snapshot, "events", f, selection.where["events"] & _type(f))

    def pick() -> list[BriefEvent]:
        found = filtered_briefing(snapshot, key).events
        kind = (f.type or "").casefold()
        return [e for e in found if f.type is None or e.type.casefold() == kind]

    return _listed(snapshot, "events", f, pick)


def quotes(snapshot: Snapshot, f: Filters) -> Sequence[BriefQuote]:
    selection = _selection(snapshot, f)
    if selection is not None:
        where = selection.where["quotes"]
        if f.hide:
            where &= Where(f"r.doc NOT IN ({_hidden_documents(f)})", _hide_flags(f))
        return _memo_rows(snapshot, "quotes", f, where)
    found = filtered_briefing(snapshot, f).quotes
    hidden = _hidden(snapshot, f)
    return [q for q in found if q.document not in hidden] if hidden else found


def positions(snapshot: Snapshot, f: Filters) -> Sequence[BriefPosition]:
    """The positions :func:`filtered_briefing` keeps: each filter judges a position alone
    (its date, its side or holder, its issue), so this is one query under any of them."""
    where = _period(f)
    if f.party is not None:
        where &= Where("(r.party = ? OR r.name = ?)", (f.party.casefold(), f.party.casefold()))
    if f.issue is not None:
        where &= Where("r.issue = ?", (issue_key(f.issue),))
    return _memo_rows(snapshot, "positions", f.briefing_part(), where)


def position_cells(positions: RowList[BriefPosition]) -> list[Cell]:
    """The heatmap's cells of these positions (what :func:`~communique.web.charts.heatmap`
    reads from each cell's statements), counted in the store: how many statements of each
    stance per side and issue, and each cell's latest dated one. Two grouped reads, however
    many positions a filter keeps (a period keeps hundreds of thousands at 100,000 documents),
    from migration 0012's index alone under a period.
    """
    tables, key, where = positions.tables, positions.key, positions.where
    # The negation is kept in the weight column, the date as given in sortkey (rows._position).
    negated = "r.weight"
    side, issue = "r.side", "r.label"
    counts: dict[tuple[str | None, str], list[tuple[str, bool, int, int]]] = {}
    for party, label, stance, neg, n, first in tables.grouped(
        key, "positions", [side, issue, "r.kind", negated], where
    ):
        cell = counts.setdefault((party, str(label)), [])
        cell.append((str(stance), bool(neg), int(n), int(first)))
    latest = {
        (party, str(label)): (str(stance), bool(neg), date)
        for party, label, stance, neg, date in tables.first_per(
            key,
            "positions",
            [side, issue],
            ["r.kind", negated, "r.sortkey"],
            order="r.date_end DESC, r.ord",
            where=where & Where("r.date_end IS NOT NULL"),
        )
    }
    return [
        _cell_of(party, label, held, latest.get((party, label)))
        for (party, label), held in counts.items()
    ]


def _cell_of(
    party: str | None,
    issue: str,
    held: list[tuple[str, bool, int, int]],
    latest: tuple[str, bool, str | None] | None,
) -> Cell:
    """One cell as :func:`~communique.brief.sections.read_cell` reads it: the latest dated
    statement shows; with none dated, the one stance all statements take, or mixed. Stances
    most said first, ties in the order first said (``Counter.most_common``)."""
    held.sort(key=lambda s: (-s[2], s[3]))
    stances = {("not " if neg else "") + stance: n for stance, neg, n, _ in held}
    if latest is not None:
        stance, negated, date = latest
    elif len(held) == 1:
        (stance, negated, _n, _first), date = held[0], None
    else:
        stance, negated, date = MIXED, False, None
    return Cell(
        party=party,
        issue=issue,
        count=sum(n for _, _, n, _ in held),
        stance=stance,
        negated=negated,
        stances=stances,
        latest_date=date,
    )


def position_changes(snapshot: Snapshot, f: Filters) -> Sequence[PositionChange]:
    """What :func:`filtered_briefing` keeps of the changes (:func:`keeps_change` judges each
    alone), as one query."""
    where = _period(f)
    if f.party is not None:
        where &= Where("r.party = ?", (f.party.casefold(),))
    if f.issue is not None:
        where &= Where("r.issue = ?", (issue_key(f.issue),))
    return _memo_rows(snapshot, "position_changes", f.briefing_part(), where)


def claims(snapshot: Snapshot, f: Filters) -> Sequence[BriefClaim]:
    selection = _selection(snapshot, f)
    if selection is not None:
        where = selection.where["claims"]
        if f.status is not None:
            where &= Where("r.kind = ?", (f.status,))
        if f.hide:  # a claim stays while one document the reader keeps tells it
            told = (
                "r.ord IN (SELECT c.ord FROM briefing_terms c WHERE c.key = ?"
                " AND c.section = 'claims' AND c.term >= 'doc:' AND c.term < 'doc;'"
                f" AND substr(c.term, 5) NOT IN ({_hidden_documents(f)}))"
            )
            where &= Where(told, (snapshot.stored.key, *_hide_flags(f)))
        return _memo_rows(snapshot, "claims", f, where)

    def pick() -> list[BriefClaim]:
        found = filtered_briefing(snapshot, f).claims
        hidden = _hidden(snapshot, f)
        if hidden:  # a claim stays while one document the reader keeps tells it
            found = [c for c in found if not hidden.issuperset(c.documents)]
        return [c for c in found if f.status is None or c.status == f.status]

    return _listed(snapshot, "claims", f, pick)


def sources(snapshot: Snapshot, f: Filters) -> Sequence[BriefSource]:
    """The sources table; hiding a flag leaves out its documents and their flags (the claim
    counts stay those of the outlet's kept documents' claims as the briefing counts them)."""
    if f.briefing_part() == Filters() and not f.hide:
        where = Where("r.kind = ?", (f.outlet,)) if f.outlet is not None else Where()
        return _rows(snapshot, "sources", where)
    selection = _selection(snapshot, f)
    found: Sequence[BriefSource]
    if selection is not None:
        found = snapshot.memo_large(
            ("sources", f.briefing_part()), lambda: recounted_sources(snapshot.stored, selection)
        )
    else:
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
            flags: Counter[str] = Counter()
            for doc_id in kept:
                doc = docs.get(doc_id)
                flags.update(_flag_kind(flag) for flag in (doc.flags if doc else ()))
            out.append(
                dataclasses.replace(source, documents=kept, flags=dict(sorted(flags.items())))
            )
    return out


@dataclass(frozen=True, slots=True)
class EntityActivity:
    """What one entity does across the coverage: counted in the store, and read only as far
    as a page shows (a leader's quotes and events run to thousands at 100,000 documents)."""

    quotes: Sequence[BriefQuote]
    events: Sequence[BriefEvent]
    positions: Sequence[BriefPosition]


def entity_activity(snapshot: Snapshot, entity: BriefEntity) -> EntityActivity:
    """Quotes it gives, events it takes part in, positions it holds or its side holds."""

    def pick() -> EntityActivity:
        names = sorted({f"name:{n.casefold()}" for n in (entity.name, *entity.aliases)})
        marks = ", ".join("?" * len(names))
        where = Where(in_terms(f"IN ({marks})"), tuple(names))
        return EntityActivity(
            quotes=_rows(snapshot, "quotes", where),
            events=_rows(snapshot, "events", where),
            positions=_rows(snapshot, "positions", where),
        )

    return snapshot.memo(("entity", entity.id), pick)


ENTITY_CHOICES = 2000
"""How many of the briefing's first entities an entity page offers to merge into."""


def entity_choices(snapshot: Snapshot, entity: BriefEntity) -> list[str]:
    """The names an entity page offers to merge into: the other entities of its type among
    the briefing's first :data:`ENTITY_CHOICES`, read once per briefing (each entity's row
    holds every document naming it, so reading them on every visit costs a second)."""

    def pick() -> list[tuple[str, str, str]]:
        first = snapshot.briefing.entities[:ENTITY_CHOICES]
        return [(e.id, e.name, e.type) for e in first]

    known = snapshot.memo("entity-choices", pick)
    return [name for i, name, kind in known if i != entity.id and kind == entity.type]
