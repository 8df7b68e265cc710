"""The briefing tables of migration 0007, on either backend: a built briefing written as rows,
and the counted, filtered, paged reads the web app makes of them.

Statements are written once with ``?`` placeholders and run on SQLite as they are, on
PostgreSQL with ``%s``: the tables and indexes are the same on both. A briefing is written in
the store's write transaction under its key; the two newest keys are kept, so a server still
showing the last briefing can read it while the next one goes into service.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = [
    "EVERY",
    "ROW_COLUMNS",
    "BriefingTables",
    "Row",
    "Where",
    "briefing_tables",
    "has_term",
    "in_terms",
]

ROW_COLUMNS = (
    "section",
    "ord",
    "item_id",
    "doc",
    "kind",
    "label",
    "side",
    "party",
    "name",
    "issue",
    "date_start",
    "date_end",
    "sortkey",
    "weight",
    "data",
)
"""The columns of ``briefing_rows`` after ``key``, in the order a :data:`Row` gives them."""

Row = tuple[Any, ...]
"""One item: the values of :data:`ROW_COLUMNS` in order."""


@dataclass(frozen=True, slots=True)
class Where:
    """A condition on ``briefing_rows`` (alias ``r``) with ``?`` placeholders, and its values."""

    sql: str = ""
    params: tuple[object, ...] = ()

    def __and__(self, other: Where) -> Where:
        if not self.sql:
            return other
        if not other.sql:
            return self
        return Where(f"({self.sql}) AND ({other.sql})", self.params + other.params)


EVERY = Where()
"""The condition every row meets."""


class _Writable(Protocol):
    _db: Any

    def _begin(self) -> None: ...

    def commit(self) -> None: ...


def briefing_tables(store: object) -> BriefingTables:
    """The briefing tables of an open store (SQLite or PostgreSQL), on its connection."""
    writable: _Writable = store  # type: ignore[assignment]
    postgres = type(store).__module__.endswith("postgres")
    return BriefingTables(writable, postgres=postgres)


class BriefingTables:
    """Reads and writes of one store's briefing tables; reads are safe across threads."""

    def __init__(self, store: _Writable, *, postgres: bool) -> None:
        self._store = store
        self._postgres = postgres
        self._lock = threading.Lock()

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self._postgres else statement

    def _all(self, statement: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._store._db.execute(self._sql(statement), tuple(params)).fetchall())

    # -- writing ------------------------------------------------------------------------------

    def write(
        self,
        key: str,
        *,
        seconds: float,
        head: str,
        rows: Iterable[Row],
        terms: Iterable[tuple[str, str, int]],
        batch: int = 5000,
    ) -> None:
        """Keep one briefing's rows and terms (section, term, ord) under ``key``, replacing
        what that key held, and drop all but the newest other briefing."""
        store = self._store
        store._begin()
        db = store._db
        at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        db.execute(self._sql("DELETE FROM briefing_heads WHERE key = ?"), (key,))
        self._prune(keep=key)
        db.execute(
            self._sql("INSERT INTO briefing_heads VALUES (?, ?, ?, ?)"), (key, at, seconds, head)
        )
        marks = ", ".join("?" * (len(ROW_COLUMNS) + 1))
        self._many(f"INSERT INTO briefing_rows VALUES ({marks})", ((key, *r) for r in rows), batch)
        self._many(
            "INSERT INTO briefing_terms VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            ((key, section, term, ord_) for section, term, ord_ in terms),
            batch,
        )
        store.commit()

    def _prune(self, *, keep: str) -> None:
        """Drop every briefing but the newest other one (a stale page may still read it)."""
        rows = self._store._db.execute(
            self._sql("SELECT key FROM briefing_heads WHERE key <> ? ORDER BY at DESC"), (keep,)
        ).fetchall()
        for (old,) in rows[1:]:
            for table in ("briefing_terms", "briefing_rows", "briefing_heads"):
                self._store._db.execute(self._sql(f"DELETE FROM {table} WHERE key = ?"), (old,))

    def _many(self, statement: str, values: Iterable[tuple[object, ...]], batch: int) -> None:
        db, sql, chunk = self._store._db, self._sql(statement), []
        for value in values:
            chunk.append(value)
            if len(chunk) >= batch:
                self._executemany(db, sql, chunk)
                chunk = []
        if chunk:
            self._executemany(db, sql, chunk)

    def _executemany(self, db: Any, sql: str, chunk: list[tuple[object, ...]]) -> None:
        if self._postgres:
            with db.cursor() as cur:
                cur.executemany(sql, chunk)
        else:
            db.executemany(sql, chunk)

    # -- reading ------------------------------------------------------------------------------

    def head(self, key: str) -> tuple[float, str] | None:
        """(seconds the build took, the head's JSON) of the briefing kept under ``key``."""
        found = self._all("SELECT seconds, head FROM briefing_heads WHERE key = ?", (key,))
        return (float(found[0][0]), str(found[0][1])) if found else None

    def count(self, key: str, section: str, where: Where = EVERY) -> int:
        cond, params = _condition(key, section, where)
        return int(self._all(f"SELECT count(*) FROM briefing_rows r WHERE {cond}", params)[0][0])

    def data(
        self,
        key: str,
        section: str,
        where: Where = EVERY,
        *,
        order: str = "r.ord",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[str]:
        """The JSON of the rows that match, in ``order`` (an ORDER BY over ``r``'s columns)."""
        cond, params = _condition(key, section, where)
        paging = ""
        if limit is not None:
            paging = " LIMIT ? OFFSET ?"
            params = (*params, limit, offset)
        statement = f"SELECT r.data FROM briefing_rows r WHERE {cond} ORDER BY {order}{paging}"
        return [str(row[0]) for row in self._all(statement, params)]

    def ords(
        self, key: str, section: str, where: Where = EVERY, *, order: str = "r.ord"
    ) -> list[int]:
        """The ords of the rows that match, in ``order``: a whole section's order in one
        query, so reading it in batches costs no sort per batch."""
        cond, params = _condition(key, section, where)
        statement = f"SELECT r.ord FROM briefing_rows r WHERE {cond} ORDER BY {order}"
        return [int(row[0]) for row in self._all(statement, params)]

    def data_of(self, key: str, section: str, ords: Sequence[int]) -> list[str]:
        """The JSON of the rows with these ords, in the order given."""
        if not ords:
            return []
        marks = ", ".join("?" * len(ords))
        statement = (
            "SELECT r.ord, r.data FROM briefing_rows r WHERE r.key = ? AND r.section = ?"
            f" AND r.ord IN ({marks})"
        )
        found = {int(o): str(d) for o, d in self._all(statement, (key, section, *ords))}
        return [found[o] for o in ords if o in found]  # a pruned briefing: none

    def tally(self, key: str, section: str, column: str, where: Where = EVERY) -> dict[str, int]:
        """How many matching rows hold each value of ``column``."""
        cond, params = _condition(key, section, where)
        statement = (
            f"SELECT r.{column}, count(*) FROM briefing_rows r WHERE {cond} GROUP BY r.{column}"
        )
        return {str(v): int(n) for v, n in self._all(statement, params) if v is not None}

    def grouped(
        self, key: str, section: str, columns: Sequence[str], where: Where = EVERY
    ) -> list[tuple[Any, ...]]:
        """Per distinct value of ``columns`` (SQL over ``r``): those values, how many rows
        hold them and the first row's ord."""
        cond, params = _condition(key, section, where)
        listed = ", ".join(columns)
        statement = (
            f"SELECT {listed}, count(*), min(r.ord) FROM briefing_rows r WHERE {cond}"
            f" GROUP BY {listed}"
        )
        return self._all(statement, params)

    def first_per(
        self,
        key: str,
        section: str,
        group: Sequence[str],
        columns: Sequence[str],
        *,
        order: str,
        where: Where = EVERY,
    ) -> list[tuple[Any, ...]]:
        """``group``'s values and ``columns`` of the first row of each group in ``order``
        (a window over the matching rows, one query, on either backend)."""
        cond, params = _condition(key, section, where)
        by = ", ".join(group)
        n = len(group) + len(columns)
        statement = (
            f"SELECT {', '.join(f'c{i}' for i in range(n))} FROM (SELECT "
            + ", ".join(f"{c} AS c{i}" for i, c in enumerate([*group, *columns]))
            + f", row_number() OVER (PARTITION BY {by} ORDER BY {order}) AS rn"
            f" FROM briefing_rows r WHERE {cond}) AS firsts WHERE rn = 1"
        )
        return self._all(statement, params)

    def values(self, key: str, section: str, column: str) -> list[str]:
        """The distinct values of ``column`` in one section."""
        cond, params = _condition(key, section, Where())
        statement = f"SELECT DISTINCT r.{column} FROM briefing_rows r WHERE {cond}"
        return [str(v) for (v,) in self._all(statement, params) if v is not None]


_SAFE = re.compile(r"[A-Za-z0-9_:.-]+")


def _condition(key: str, section: str, where: Where) -> tuple[str, tuple[object, ...]]:
    """The WHERE of a read. Subqueries tied to the row's briefing (``t.key = r.key``,
    ``d.key = r.key``) get the key and section written in, so the database runs each once
    and walks an index, instead of once per row (both are digests or section names, checked
    to be plain words before they are written into the statement)."""
    cond = "r.key = ? AND r.section = ?"
    params: tuple[object, ...] = (key, section)
    if where.sql:
        sql = where.sql
        if _SAFE.fullmatch(key) and _SAFE.fullmatch(section):
            sql = sql.replace("t.section = r.section", f"t.section = '{section}'")
            for alias in ("t", "d"):
                sql = sql.replace(f"{alias}.key = r.key", f"{alias}.key = '{key}'")
        cond += f" AND ({sql})"
        params += where.params
    return cond, params


def has_term(term_sql: str = "?") -> str:
    """A condition: the row ``r`` is found by a term equal to ``term_sql``."""
    return in_terms(f"= {term_sql}")


def in_terms(test: str) -> str:
    """A condition: the row ``r`` is found by a term that passes ``test`` (``= ?``,
    ``IN (?, ?)``)."""
    return (
        "r.ord IN (SELECT t.ord FROM briefing_terms t WHERE t.key = r.key"
        f" AND t.section = r.section AND t.term {test})"
    )
