"""Sorting the app's tables by any column, on the server (no script runs in a page).

Each table names its columns and how each sorts; a header is a link that sorts by it, again
to reverse. Missing values (no date, no outlet) always sort last, whichever the direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import HTTPException

__all__ = ["COLUMNS", "Sorting", "sort_rows", "sorting"]

T = TypeVar("T")
Key = Callable[[Any], Any]


def _text(value: str | None) -> str | None:
    return value.casefold() if value else None


COLUMNS: dict[str, dict[str, Key]] = {
    "documents": {
        "published": lambda d: d.published,
        "title": lambda d: _text(d.title or d.id),
        "outlet": lambda d: _text(d.outlet),
        "flags": lambda d: len(d.flags),
    },
    "entities": {
        "name": lambda e: _text(e.name),
        "type": lambda e: e.type,
        "side": lambda e: _text(e.party),
        "documents": lambda e: len(e.documents),
        "aliases": lambda e: len(e.aliases),
        "roles": lambda e: len(e.roles),
    },
    "events": {
        "date": lambda e: e.date,
        "event": lambda e: _text(e.summary),
        "who": lambda e: _text(", ".join(e.actors)),
        "mode": lambda e: e.mode,
        "sources": lambda e: len(e.documents),
    },
    "quotes": {
        "speaker": lambda q: _text(q.speaker or q.source),
        "said": lambda q: _text(q.content),
        "kind": lambda q: q.kind,
        "where": lambda q: q.document,
    },
    "sources": {
        "outlet": lambda s: _text(s.outlet),
        "documents": lambda s: len(s.documents),
        "flags": lambda s: sum(s.flags.values()),
        "claims": lambda s: sum(s.counts.values()),
    },
}
"""Per table (documents, entities, events, quotes, sources), its sortable columns."""


@dataclass(frozen=True, slots=True)
class Sorting:
    """The column a table is sorted by (None: its own order) and the direction."""

    column: str | None
    descending: bool

    def order_for(self, column: str) -> str:
        """The order a header link asks for: the other direction on the sorted column."""
        if column == self.column:
            return "asc" if self.descending else "desc"
        return "asc"


def sorting(table: str, sort: str | None, order: str | None) -> Sorting:
    """A table's sort from the query string; 422 for a column or order it does not have."""
    if order not in (None, "", "asc", "desc"):
        raise HTTPException(422, f"order: {order!r} is not asc or desc")
    if sort and sort not in COLUMNS[table]:
        raise HTTPException(
            422, f"sort: {sort!r} is not one of {', '.join(COLUMNS[table])} for {table}"
        )
    return Sorting(sort or None, order == "desc")


def sort_rows(table: str, rows: Sequence[T], how: Sorting) -> Sequence[T]:
    """``rows`` sorted by ``how`` (stable: ties keep the table's own order)."""
    if how.column is None:
        return rows
    key = COLUMNS[table][how.column]
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    return [*sorted(present, key=key, reverse=how.descending), *missing]
