"""The briefing as tidy tables: one table per kind, one row per item, citation on every row.

Analysts rebuild this in spreadsheets by hand, so each kind is a flat table of plain cells
(text, whole numbers, true/false, ISO dates as text: a timeline date may be a month, a week or
a season, which no date type holds). Lists inside an item (an event's actors, a claim's
origins) become one cell joined with ``"; "``. Every row ends with the same citation columns,
so any row can be traced back to the words it came from without a join:

=================  ===========================================================================
``cite_document``  the id of the document the row cites
``cite_start``     character offset where the cited words start in that document's clean text
``cite_end``       ... and where they end (``text[cite_start:cite_end] == cite_text``)
``cite_text``      the cited words themselves
``cite_outlet``    the outlet that published that document
``cite_published`` its publication date (YYYY-MM-DD), empty when unknown
=================  ===========================================================================

An item told in several places cites its first piece of evidence (an event's first report, a
claim's first telling) and counts the rest. A document or an outlet cites the document itself,
with no span. Rows are made one item at a time from the briefing's own lists, so a writer can
stream them out without holding a second copy of the briefing as a table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    Briefing,
    BriefPosition,
    BriefQuote,
    BriefSource,
    Evidence,
    PositionChange,
)

__all__ = [
    "CITATION",
    "KINDS",
    "TABLES",
    "Cell",
    "Column",
    "Row",
    "TableSpec",
    "rows_of",
]

Cell = str | int | bool | None
Row = tuple[Cell, ...]
ColumnType = Literal["str", "int", "bool"]
Docs = Mapping[str, BriefDocument]

JOIN = "; "


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType = "str"


_TYPES: Mapping[str, ColumnType] = {"": "str", "int": "int", "bool": "bool"}


def _columns(spec: str) -> tuple[Column, ...]:
    """ "name:int other" -> columns; a bare name is text."""
    out = []
    for word in spec.split():
        name, _, kind = word.partition(":")
        out.append(Column(name, _TYPES[kind]))
    return tuple(out)


CITATION = _columns(
    "cite_document cite_start:int cite_end:int cite_text cite_outlet cite_published"
)
"""The columns every table ends with."""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One kind of item as a table: its columns, where its items are in a briefing, and how
    one item becomes one row (the citation columns included)."""

    kind: str
    columns: tuple[Column, ...]
    items: Callable[[Briefing], Iterable[Any]]
    row: Callable[[Any, Docs], Row]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def rows_of(spec: TableSpec, items: Iterable[Any], documents: Docs) -> Iterator[Row]:
    """One row per item, made as they are asked for."""
    for item in items:
        yield spec.row(item, documents)


# -- the citation ----------------------------------------------------------------------------


def _cite(docs: Docs, doc_id: str | None, start: int | None, end: int | None, text: str) -> Row:
    doc = docs.get(doc_id) if doc_id else None
    outlet = doc.outlet if doc else None
    published = doc.published if doc else None
    return (doc_id, start, end, text, outlet, published)


def _cite_evidence(docs: Docs, ev: Evidence | None) -> Row:
    if ev is None:
        return _cite(docs, None, None, None, "")
    return _cite(docs, ev.document, ev.start, ev.end, ev.text)


def _join(values: Iterable[str | None]) -> str:
    return JOIN.join(v for v in values if v)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# -- one row per item ------------------------------------------------------------------------


def _position(p: BriefPosition, docs: Docs) -> Row:
    head = (p.party, p.holder, p.issue, p.stance, p.negated, p.condition, p.speaker, p.date)
    return head + _cite_evidence(docs, p.evidence)


def _change(c: PositionChange, docs: Docs) -> Row:
    b, a = c.before, c.after
    ev = b.evidence
    before: Row = (b.stance, b.negated, b.date, b.holder, b.document, ev.start, ev.end, ev.text)
    after = (a.stance, a.negated, a.date, a.holder)
    return (c.party, c.issue, *before, *after, *_cite_evidence(docs, a.evidence))


def _event(e: BriefEvent, docs: Docs) -> Row:
    head: Row = (e.id, e.date, e.date_precision, e.type, e.mode, e.summary)
    who: Row = (_join(e.actors), _join(e.targets), e.place, len(e.documents), _join(e.documents))
    return head + who + _cite_evidence(docs, e.evidence[0] if e.evidence else None)


def _quote(q: BriefQuote, docs: Docs) -> Row:
    who: Row = (q.speaker, q.speaker_side, q.source, q.cue, q.kind)
    return who + _cite(docs, q.document, q.start, q.end, q.content)


def _claim(c: BriefClaim, docs: Docs) -> Row:
    roles = [e.role for e in c.evidence]
    slots = _join(_unique(f"{e.slot}={e.value}" for e in c.evidence if e.role == "slot"))
    head: Row = (c.id, c.text, c.status, len(c.documents), len(c.origins), _join(c.origins))
    head += (roles.count("mention"), roles.count("denial"), roles.count("slot"), slots)
    first = next((e for e in c.evidence if e.role == "mention"), None)
    if first is None:
        return head + _cite(docs, None, None, None, "")
    return head + _cite(docs, first.document, first.start, first.end, first.text)


def _entity(e: BriefEntity, docs: Docs) -> Row:
    roles = _join(_unique(r.get("role", "") for r in e.roles))
    head = (e.id, e.name, e.type, e.party, _join(e.aliases), roles, len(e.documents))
    if e.party_evidence:
        return head + _cite_evidence(docs, e.party_evidence[0])
    first = e.roles[0]["document"] if e.roles else (e.documents[0] if e.documents else None)
    return head + _cite(docs, first, None, None, "")


def _document(d: BriefDocument, docs: Docs) -> Row:
    head = (d.id, d.title, d.author, d.language, d.published_basis, _join(d.flags), d.url)
    return (*head, d.source, *_cite(docs, d.id, None, None, d.title or ""))


def _source(s: BriefSource, docs: Docs) -> Row:
    flags = _join(f"{k}={v}" for k, v in s.flags.items())
    counts = tuple(s.counts.get(k, 0) for k in _STATUSES)
    first = s.documents[0] if s.documents else None
    return (s.outlet, len(s.documents), flags, *counts, *_cite(docs, first, None, None, ""))


_STATUSES = ("corroborated", "single_source", "disputed", "contradicted")


def _spec(
    kind: str, columns: str, items: Callable[[Briefing], Iterable[Any]], row: Any
) -> TableSpec:
    return TableSpec(kind, _columns(columns) + CITATION, items, row)


TABLES: Mapping[str, TableSpec] = {
    spec.kind: spec
    for spec in (
        _spec(
            "positions",
            "party holder issue stance negated:bool condition speaker date",
            lambda b: b.positions,
            _position,
        ),
        _spec(
            "position-changes",
            "party issue before_stance before_negated:bool before_date before_holder "
            "before_document before_start:int before_end:int before_text "
            "after_stance after_negated:bool after_date after_holder",
            lambda b: b.position_changes,
            _change,
        ),
        _spec(
            "events",
            "id date date_precision type mode summary actors targets place "
            "document_count:int documents",
            lambda b: b.events,
            _event,
        ),
        _spec("quotes", "speaker speaker_side source cue kind", lambda b: b.quotes, _quote),
        _spec(
            "claims",
            "id text status document_count:int origin_count:int origins "
            "mentions:int denials:int disputed_slots:int slot_values",
            lambda b: b.claims,
            _claim,
        ),
        _spec(
            "entities",
            "id name type party aliases roles document_count:int",
            lambda b: b.entities,
            _entity,
        ),
        _spec(
            "documents",
            "id title author language published_basis flags url source",
            lambda b: b.documents,
            _document,
        ),
        _spec(
            "sources",
            "outlet document_count:int flags " + " ".join(f"{s}:int" for s in _STATUSES),
            lambda b: b.sources,
            _source,
        ),
    )
}
"""Every kind of table, in the order ``all`` writes them."""

KINDS: tuple[str, ...] = tuple(TABLES)
