"""The briefing as rows in the store (migration 0007), and read back a page at a time.

:func:`write_briefing_rows` turns every list of a :class:`~communique.brief.model.Briefing`
into rows: each item's JSON (all its fields, so a field added to the model flows through
untouched) beside the columns the web app filters and sorts on (a document's period, an
event's type, a position's side and issue, ...) and terms it is found by (the documents it
cites, the names it gives, the sides it is on). :class:`StoredBriefing` reads them back:
its sections are :class:`RowList` sequences that count and slice with ``LIMIT``/``OFFSET``, so a
server shows a briefing of 100,000 documents without holding it.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, Generic, TypeVar, cast, overload

from communique.brief.filters import issue_key
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
from communique.brief.sections import period_end, period_start, side_lookup
from communique.store.briefing_rows import EVERY, BriefingTables, Row, Where, briefing_tables

__all__ = [
    "ROWS_VERSION",
    "ById",
    "RowList",
    "StoredBriefing",
    "decode",
    "json_parts",
    "list_sections",
    "plain",
    "rows_current",
    "write_briefing_rows",
]

T = TypeVar("T")
_SideOf = Callable[[str | None], str | None]
_Terms = list[tuple[str, str, int]]

ROWS_VERSION = "rows-7"
"""Bump when the columns or terms written for a briefing change: rows kept by another version
are written again (from the kept briefing) before they are served."""


@dataclasses.dataclass(frozen=True)
class _Context:
    """What a row's terms are worked out from beyond the item: whose side a name is on, the
    positions told in a sentence (``pos:<ord>`` terms, for the issue filter) and the names a
    claim's words name (``says:<name>`` terms, for the party filter)."""

    side_of: _SideOf
    told: Callable[[str, int, int], set[int]]
    says: Callable[[Sequence[str]], set[str]]


@cache
def list_sections() -> dict[str, type]:
    """Each list field of :class:`Briefing` and the type of its items."""
    hints = typing.get_type_hints(Briefing)
    return {
        f.name: typing.get_args(hints[f.name])[0]
        for f in dataclasses.fields(Briefing)
        if typing.get_origin(hints[f.name]) is list
    }


# -- writing --------------------------------------------------------------------------------


def write_briefing_rows(
    store: object,
    key: str,
    briefing: Briefing,
    *,
    seconds: float,
    extra: Mapping[str, Sequence[Any]] | None = None,
) -> None:
    """Keep ``briefing`` in ``store``'s briefing tables under ``key`` (and commit); ``extra``
    adds sections of other items (views worked out once, at build time), in the order given."""
    context = _Context(
        side_lookup(briefing.entities),
        _told_with(briefing.positions),
        _name_finder(_names_of(briefing)),
    )
    head: dict[str, Any] = {
        f.name: dataclasses.asdict(getattr(briefing, f.name))
        if dataclasses.is_dataclass(getattr(briefing, f.name))
        else getattr(briefing, f.name)
        for f in dataclasses.fields(Briefing)
        if f.name not in list_sections()
    }
    head["rows_version"] = ROWS_VERSION
    rows: list[Row] = []
    terms: _Terms = []
    sections: dict[str, Sequence[Any]] = {n: getattr(briefing, n) for n in list_sections()}
    for section, items in {**sections, **(extra or {})}.items():
        for ord_, item in enumerate(items):
            row, found = _encode(section, ord_, item, context)
            rows.append(row)
            terms.extend((section, term, ord_) for term in found)
    tables = briefing_tables(store)
    tables.write(key, seconds=seconds, head=json.dumps(head), rows=rows, terms=terms)


def rows_current(store: object, key: str) -> bool:
    """Whether the rows kept under ``key`` were written by this version's writer."""
    found = briefing_tables(store).head(key)
    return found is not None and json.loads(found[1]).get("rows_version") == ROWS_VERSION


def _encode(section: str, ord_: int, item: Any, context: _Context) -> tuple[Row, set[str]]:
    columns: dict[str, Any] = {}
    terms: set[str] = set()
    describe = _COLUMNS.get(section)
    if describe is not None:
        describe(item, columns, terms, context)
    data = json.dumps(dataclasses.asdict(item), ensure_ascii=False, separators=(",", ":"))
    row = (
        section,
        ord_,
        columns.get("item_id"),
        columns.get("doc"),
        columns.get("kind"),
        columns.get("label"),
        columns.get("side"),
        columns.get("party"),
        columns.get("name"),
        columns.get("issue"),
        columns.get("date_start"),
        columns.get("date_end"),
        columns.get("sortkey"),
        columns.get("weight", 0),
        data,
    )
    return row, {t for t in terms if t.partition(":")[2]}


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _fold(value: str | None) -> str | None:
    return value.casefold() if value else None


def _sides(name: str | None, side_of: _SideOf) -> set[str]:
    """The terms ``side:x`` of every party ``x`` a name is, or speaks for."""
    if not name:
        return set()
    return {f"side:{name.casefold()}", f"side:{(side_of(name) or '').casefold()}"}


def _document(d: BriefDocument, c: dict[str, Any], terms: set[str], _x: _Context) -> None:
    c.update(item_id=d.id, kind=d.outlet)
    # The period a document can be in: its day, or the range it was dated to.
    if d.published or not (d.published_earliest or d.published_latest):
        c.update(date_start=_day(period_start(d.published)), date_end=_day(period_end(d.published)))
    else:
        c.update(
            date_start=_day(period_start(d.published_earliest)),
            date_end=_day(period_end(d.published_latest)),
        )
    c["sortkey"] = d.published or d.published_latest or d.published_earliest or ""
    c["weight"] = 0 if d.published else 1
    # Each flag's kind as the sources table counts them, repeats kept (the terms are a set).
    c["label"] = ",".join(_flag_kind(f) for f in d.flags) or None
    terms.update(f"flag:{_flag_kind(f)}" for f in d.flags)


def _flag_kind(flag: str) -> str:
    return "duplicate" if flag.startswith("duplicate_of:") else flag


def _entity(e: BriefEntity, c: dict[str, Any], terms: set[str], x: _Context) -> None:
    c.update(item_id=e.id, kind=e.type.casefold(), party=_fold(e.party), name=e.name.casefold())
    c.update(label=e.type, side=e.party)
    c.update(sortkey=e.name.casefold(), weight=len(e.documents))
    terms.update(f"doc:{d}" for d in e.documents)
    terms.update(f"name:{n.casefold()}" for n in (e.name, *e.aliases))
    terms.update(_sides(e.name, x.side_of))
    terms.add(f"side:{(e.party or '').casefold()}")
    # What a party's or an issue's selection cites of it (filters._cited).
    terms.update(f"cite:{v.document}" for v in e.party_evidence)
    terms.update(f"cite:{r['document']}" for r in e.roles)


def _event(e: BriefEvent, c: dict[str, Any], terms: set[str], x: _Context) -> None:
    c.update(item_id=e.id, kind=e.type.casefold(), label=e.type, sortkey=e.date)
    c.update(date_start=_day(period_start(e.date)), date_end=_day(period_end(e.date)))
    for name in (*e.actors, *e.targets):
        terms.update(_sides(name, x.side_of))
        terms.add(f"name:{name.casefold()}")
    terms.update(f"doc:{v.document}" for v in e.evidence)
    terms.update(f"pos:{n}" for v in e.evidence for n in x.told(v.document, v.start, v.end))


def _quote(q: BriefQuote, c: dict[str, Any], terms: set[str], x: _Context) -> None:
    # The side the build gave the speaker (a group's by its nationality too): the party filter
    # keeps the quote by it as filters._party does.
    c.update(doc=q.document, name=_fold(q.speaker), party=_fold(q.speaker_side))
    terms.update(_sides(q.speaker, x.side_of))
    terms.add(f"name:{(q.speaker or '').casefold()}")
    terms.update(f"pos:{n}" for n in x.told(q.document, q.start, q.end))


def _position(p: BriefPosition, c: dict[str, Any], terms: set[str], _x: _Context) -> None:
    c.update(doc=p.document, party=_fold(p.party), name=p.holder.casefold())
    c.update(issue=issue_key(p.issue), kind=p.stance, label=p.issue, side=p.party)
    c.update(date_start=_day(period_start(p.date)), date_end=_day(period_end(p.date)))
    # The date as given and the negation, for the heatmap's counts (migration 0012's index).
    c.update(sortkey=p.date, weight=1 if p.negated else 0)
    terms.update(f"name:{(n or '').casefold()}" for n in (p.holder, p.speaker, p.party))


def _change(ch: PositionChange, c: dict[str, Any], terms: set[str], _x: _Context) -> None:
    date = ch.after.date
    c.update(party=ch.party.casefold(), issue=issue_key(ch.issue))
    c.update(date_start=_day(period_start(date)), date_end=_day(period_end(date)))
    terms.update(f"cite:{p.document}" for p in (ch.before, ch.after))


def _claim(cl: BriefClaim, c: dict[str, Any], terms: set[str], x: _Context) -> None:
    c.update(item_id=cl.id, kind=cl.status)
    terms.update(f"doc:{d}" for d in cl.documents)
    terms.update(f"cite:{v.document}" for v in cl.evidence)
    terms.update(f"pos:{n}" for v in cl.evidence for n in x.told(v.document, v.start, v.end))
    terms.update(f"says:{n}" for n in x.says([cl.text, *(v.text for v in cl.evidence)]))


def _source(s: BriefSource, c: dict[str, Any], _t: set[str], _x: _Context) -> None:
    c.update(kind=s.outlet, weight=len(s.documents))


def _claim_view(view: Any, c: dict[str, Any], _t: set[str], _x: _Context) -> None:
    c.update(item_id=view.claim.id, kind=view.claim.status)


def _document_claims(held: Any, c: dict[str, Any], _t: set[str], _x: _Context) -> None:
    c.update(doc=held.document, weight=len(held.claims))


_COLUMNS: dict[str, Callable[[Any, dict[str, Any], set[str], _Context], None]] = {
    "claim_views": _claim_view,
    "claim_pages": _claim_view,
    "document_claims": _document_claims,
    "documents": _document,
    "entities": _entity,
    "events": _event,
    "quotes": _quote,
    "positions": _position,
    "position_changes": _change,
    "claims": _claim,
    "sources": _source,
}


def _told_with(positions: Sequence[BriefPosition]) -> Callable[[str, int, int], set[int]]:
    """The positions (by ord) whose sentence words at ``start``..``end`` of a document overlap,
    as the issue filter tests it (filters._overlap_test)."""
    by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for n, p in enumerate(positions):
        by_doc.setdefault(p.document, []).append((p.evidence.start, p.evidence.end, n))

    def told(doc: str, start: int, end: int) -> set[int]:
        return {n for s, e, n in by_doc.get(doc, ()) if s < end and start < e}

    return told


def _names_of(briefing: Briefing) -> set[str]:
    """Every name a party's selection can look for in a claim's words: each entity's names,
    every position's holder and speaker, and every party the briefing knows (a party asked
    that is none of these is filtered in memory)."""
    names = {n for e in briefing.entities for n in (e.name, *e.aliases)}
    names |= {n for p in briefing.positions for n in (p.holder, p.speaker) if n}
    names |= {e.party for e in briefing.entities if e.party}
    names |= {p.party for p in briefing.positions if p.party}
    names |= {c.party for c in briefing.position_changes}
    return {n for n in names if n.strip()}


_WORD = re.compile(r"\w+")


def _name_finder(names: Iterable[str]) -> Callable[[Sequence[str]], set[str]]:
    """A function giving the names (casefolded) that texts name as whole words, as
    ``filters._names_any`` matches them. A name can only match where each of its runs of
    word characters is a whole word of the text, so names are looked up by their first run
    and only those whose runs the texts hold are tried with the filter's own pattern."""
    index: dict[str, list[tuple[str, frozenset[str], re.Pattern[str]]]] = {}
    for name in sorted(names):
        runs = [w.lower() for w in _WORD.findall(name)]
        if runs:
            pattern = re.compile(r"\b(?:" + re.escape(name) + r")\b", re.IGNORECASE)
            index.setdefault(runs[0], []).append((name.casefold(), frozenset(runs), pattern))

    def says(texts: Sequence[str]) -> set[str]:
        words = {w.lower() for t in texts for w in _WORD.findall(t)}
        found: set[str] = set()
        for word in words:
            for folded, runs, pattern in index.get(word, ()):
                if folded not in found and runs <= words and any(map(pattern.search, texts)):
                    found.add(folded)
        return found

    return says


# -- reading --------------------------------------------------------------------------------


def decode(kind: Any, value: Any) -> Any:
    """``value`` (decoded JSON) as the type ``kind`` names: dataclasses and lists of them are
    rebuilt field by field from their type hints, so new fields need no code here."""
    return _decoder(kind)(value)


def _same(value: Any) -> Any:
    return value


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """A function rebuilding ``kind`` from JSON, worked out once per type: only the fields
    that hold dataclasses are converted, the rest are taken as they are."""
    origin = typing.get_origin(kind)
    if origin is list:
        (inner,) = typing.get_args(kind)
        item = _decoder(inner)
        return _same if item is _same else lambda v: None if v is None else [item(x) for x in v]
    if origin in (typing.Union, types.UnionType):
        options = [_decoder(o) for o in typing.get_args(kind) if o is not type(None)]
        one = options[0] if len(options) == 1 else _same
        return _same if one is _same else lambda v: None if v is None else one(v)
    if dataclasses.is_dataclass(kind):
        return _dataclass_decoder(cast(type, kind))
    return _same


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    nested = {name: d for name, hint in hints.items() if (d := _decoder(hint)) is not _same}

    def build(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        fields = dict(value)
        for name, convert in nested.items():
            if name in fields:
                fields[name] = convert(fields[name])
        try:
            return cls(**fields)
        except TypeError:  # a field since removed from the model: dropped
            return cls(**{k: v for k, v in fields.items() if k in hints})

    def flat(value: Any) -> Any:
        try:
            return cls(**value)
        except TypeError:
            return build(value)

    return build if nested else flat


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


class RowList(Sequence[T], Generic[T]):
    """One section's rows matching ``where``, in ``order``: counted and sliced in the store,
    read a batch at a time when iterated, never held."""

    def __init__(
        self,
        tables: BriefingTables,
        key: str,
        section: str,
        *,
        where: Where = EVERY,
        order: str = "r.ord",
        batch: int = 500,
        kind: Any = None,
        ords: Sequence[int] | None = None,
    ) -> None:
        """``ords``: the matching rows' ords in order, worked out once (:meth:`fixed`), so a
        page is read by ord however costly ``where`` is to evaluate."""
        self._tables, self._key, self._section = tables, key, section
        self._where, self._order, self._batch = where, order, batch
        self._kind = kind or list_sections()[section]
        self._ords = ords
        self._len: int | None = None if ords is None else len(ords)

    @property
    def tables(self) -> BriefingTables:
        return self._tables

    @property
    def key(self) -> str:
        return self._key

    @property
    def where(self) -> Where:
        """The condition on the section's rows (for a read these lists do not make)."""
        return self._where

    def fixed(self) -> RowList[T]:
        """The same rows with their ords worked out now: every later count and page is a
        look-up by ord (for a ``where`` that takes the database long to evaluate)."""
        ords = self._tables.ords(self._key, self._section, self._where, order=self._order)
        return RowList(
            self._tables,
            self._key,
            self._section,
            where=self._where,
            order=self._order,
            kind=self._kind,
            ords=ords,
        )

    def narrowed(self, where: Where, *, order: str | None = None) -> RowList[T]:
        return RowList(
            self._tables,
            self._key,
            self._section,
            where=self._where & where,
            order=order or self._order,
            kind=self._kind,
        )

    def beside(self, section: str, kind: Any) -> RowList[Any]:
        """The same rows of another section written beside this one (same order, same
        columns, so the same count, taken from this list when it has one): e.g. each claim's
        view instead of the claim."""
        found: RowList[Any] = RowList(
            self._tables,
            self._key,
            section,
            where=self._where,
            order=self._order,
            kind=kind,
            ords=self._ords,
        )
        found._len = self._len if found._len is None else found._len
        return found

    def __len__(self) -> int:
        if self._len is None:
            self._len = self._tables.count(self._key, self._section, self._where)
        return self._len

    def raw(self, limit: int, offset: int) -> list[str]:
        """The JSON of a slice as it is kept (``dataclasses.asdict`` of each item, compact)."""
        if self._ords is not None:
            part = self._ords[offset : offset + limit]
            return self._tables.data_of(self._key, self._section, part)
        return self._tables.data(
            self._key, self._section, self._where, order=self._order, limit=limit, offset=offset
        )

    def _read(self, limit: int, offset: int) -> list[T]:
        return [decode(self._kind, json.loads(d)) for d in self.raw(limit, offset)]

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            return self._read(max(0, stop - start), start) if stop > start else []
        at = index + len(self) if index < 0 else index
        found = self._read(1, at) if 0 <= at < len(self) else []
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Iterator[T]:
        # The matching ords first (one query, one sort), then their rows a batch at a time:
        # paging with OFFSET would sort the section again for every batch.
        ords = self._ords
        if ords is None:
            ords = self._tables.ords(self._key, self._section, self._where, order=self._order)
        for lo in range(0, len(ords), self._batch):
            part = self._tables.data_of(self._key, self._section, ords[lo : lo + self._batch])
            yield from (decode(self._kind, json.loads(d)) for d in part)

    def __bool__(self) -> bool:
        return len(self) > 0

    def first(self) -> T | None:
        found = self._read(1, 0)
        return found[0] if found else None


class StoredBriefing:
    """A briefing kept in the store's briefing tables under ``key``, read on demand."""

    def __init__(self, store: object, key: str) -> None:
        self.key = key
        self.tables = briefing_tables(store)
        found = self.tables.head(key)
        if found is None:
            raise KeyError(key)
        self.seconds, head_json = found
        head = json.loads(head_json)
        hints = _hints(Briefing)
        lists: dict[str, Any] = {name: self.rows(name) for name in list_sections()}
        parts: dict[str, Any] = {
            name: decode(hints[name], value) for name, value in head.items() if name in hints
        }
        # The lists are RowLists, not lists: every reader of a Briefing only iterates, counts
        # and slices them.
        self.briefing = Briefing(**parts, **lists)

    def rows(
        self, section: str, where: Where = EVERY, *, order: str = "r.ord", kind: Any = None
    ) -> RowList[Any]:
        """One section's rows; ``kind`` is the type of the items of a section written beside
        the briefing's own."""
        return RowList(self.tables, self.key, section, where=where, order=order, kind=kind)

    def materialised(self) -> Briefing:
        """The whole briefing in memory (for the report downloads and filters only a full
        pass can answer)."""
        lists: dict[str, Any] = {name: list(self.rows(name)) for name in list_sections()}
        return dataclasses.replace(self.briefing, **lists)


class ById(Mapping[str, T]):
    """Items of one section by id (the last of a repeated id, as a dict built in order), each
    looked up in the store when asked for; the last few thousand asked are kept."""

    def __init__(self, rows: RowList[T], *, keep: int = 4096) -> None:
        self._rows = rows
        self._keep = keep
        self._seen: dict[str, T | None] = {}
        self._lock = threading.Lock()

    def get(self, item_id: str | None, default: T | None = None) -> T | None:  # type: ignore[override]
        if not item_id:
            return default
        with self._lock:
            known = item_id in self._seen
            item = self._seen.get(item_id)
        if not known:
            found = self._rows.narrowed(Where("r.item_id = ?", (item_id,)), order="r.ord DESC")
            item = found.first()
            self._remember({item_id: item})
        return default if item is None else item

    def many(self, item_ids: Iterable[str]) -> dict[str, T]:
        """The items of many ids at once (a few queries, not one per id); they are kept as
        :meth:`get` keeps them, so a page that looks them up one by one afterwards (a
        template's links) asks the store nothing more."""
        asked = set(item_ids)
        with self._lock:
            known = {i: self._seen[i] for i in asked if i in self._seen}
        found: dict[str, T] = {i: item for i, item in known.items() if item is not None}
        wanted = sorted(asked - known.keys())
        for lo in range(0, len(wanted), 500):
            part = wanted[lo : lo + 500]
            marks = ", ".join("?" * len(part))
            rows = self._rows.narrowed(Where(f"r.item_id IN ({marks})", tuple(part)))
            read = {str(cast(Any, item).id): item for item in rows}
            found.update(read)
            self._remember({i: read.get(i) for i in part})
        return found

    def _remember(self, items: Mapping[str, T | None]) -> None:
        with self._lock:
            for item_id, item in items.items():
                if len(self._seen) >= self._keep:
                    self._seen.pop(next(iter(self._seen)))
                self._seen[item_id] = item

    def __getitem__(self, item_id: str) -> T:
        item = self.get(item_id)
        if item is None:
            raise KeyError(item_id)
        return item

    def __contains__(self, item_id: object) -> bool:
        return isinstance(item_id, str) and self.get(item_id) is not None

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[str]:
        return (str(cast(Any, item).id) for item in self._rows)


def plain(briefing: Briefing) -> Briefing:
    """``briefing`` with every list in memory (what ``dataclasses.asdict`` and the report
    renderers take)."""
    lazy: dict[str, Any] = {
        name: list(getattr(briefing, name))
        for name in list_sections()
        if not isinstance(getattr(briefing, name), list)
    }
    return dataclasses.replace(briefing, **lazy) if lazy else briefing


def _empty() -> dict[str, Any]:
    return {name: [] for name in list_sections()}


def json_parts(stored: StoredBriefing) -> Iterator[bytes]:
    """The whole briefing's JSON (``briefing_json``'s, compact), a section's rows at a time
    straight from the store: the largest answer the app gives, never held whole."""
    head = {
        name: value
        for name, value in dataclasses.asdict(
            dataclasses.replace(stored.briefing, **_empty())
        ).items()
    }
    first = True
    for f in dataclasses.fields(Briefing):
        yield (b"{" if first else b",") + json.dumps(f.name).encode() + b":"
        first = False
        if f.name not in list_sections():
            yield json.dumps(head[f.name], ensure_ascii=False, separators=(",", ":")).encode()
            continue
        yield b"["
        offset, batch = 0, 200  # a claim can be a megabyte of evidence
        while True:
            part = stored.tables.data(stored.key, f.name, limit=batch, offset=offset)
            if part:
                yield (b"," if offset else b"") + ",".join(part).encode()
            if len(part) < batch:
                break
            offset += batch
        yield b"]"
    yield b"}"
