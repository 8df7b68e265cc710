"""What the SQLite and PostgreSQL stores share: the tables, the columns, the row format and
every statement both dialects spell alike.

The shared statements are written once, with ``?`` placeholders, in :class:`SqlStore`; each
backend runs them through its own :meth:`SqlStore._run` (PostgreSQL's turns ``?`` into
``%s``) and keeps only what differs: its connection and transactions, bulk writes (COPY on a
server), round trips saved with ``= ANY`` and pipelines, orderings that depend on a collation,
and full-text search.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any, ClassVar, Protocol, Self

from communique.errors import StoreError
from communique.models import Annotation, Correction, Document, Failure, RemovedLine, iso_day
from communique.store.base import BriefingMethod, StoredDocument, StoredEntity

__all__ = [
    "DOC_COLUMNS",
    "PAGE",
    "STAGE_MATCH",
    "Rows",
    "SqlStore",
    "correction_values",
    "document_values",
    "now",
    "row_to_document",
    "row_to_stored",
    "shipped_migrations",
    "split_sql",
]

DOC_COLUMNS = (
    "id, source, text, content_hash, title, url, outlet, author, published, "
    "published_basis, language, flags, removed, published_earliest, published_latest"
)
PAGE = 500  # rows per query when a long result is read a page at a time
STAGE_MATCH = "(stage = ? OR substr(stage, 1, length(?) + 1) = ? || '.')"
"""SQL matching a stage and its sub-stages ("annotate" and "annotate.events"): three
parameters, the stage each time."""


class Rows(Protocol):
    """What both drivers' cursors offer: the rows of one statement, or how many it changed."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


def shipped_migrations(folder: str) -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration in ``folder`` of the package, in order."""
    found = []
    for entry in (resources.files("communique.store") / folder).iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class SqlStore(BriefingMethod):
    """The methods of :class:`communique.store.base.Store` that read and write alike on both
    backends. A backend supplies :meth:`_run`, :meth:`_begin` and :meth:`commit`, the
    error its driver raises, and the two orderings that differ."""

    path: str
    _DRIVER_ERROR: ClassVar[type[Exception]]
    _FAILURE_ORDER: ClassVar[str]
    """The ORDER BY of :meth:`failures`: ingest first, then by stage, source and document, in
    code-point order."""
    _ENTITY_ORDER: ClassVar[str]
    """The column that keeps canonical entities in the order they were stored."""

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """Run one statement written with ``?`` placeholders."""
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def _reason(self, exc: Exception) -> str:
        """What a driver's error says, as a store error quotes it."""
        return str(exc)

    @contextmanager
    def _savepoint(self, name: str, failure: str) -> Iterator[None]:
        """The statements of the block as one unit inside the write transaction: undone
        together on a driver error (raised as a :class:`StoreError` saying ``failure``), so a
        batch keeps what it stored before."""
        self._begin()
        self._run(f"SAVEPOINT {name}")
        try:
            yield
        except self._DRIVER_ERROR as exc:
            self._run(f"ROLLBACK TO {name}")
            self._run(f"RELEASE {name}")
            raise StoreError(f"{failure}: {self._reason(exc)}") from exc
        self._run(f"RELEASE {name}")

    def _pages(self, sql: str, params: Sequence[Any], *, seq_column: str) -> Iterator[Any]:
        """Rows of ``sql`` (which selects ``seq_column`` first and ends in a WHERE clause)
        ordered by ``seq_column``, without it, a page per query: no cursor is left open
        between pages, so the caller may query and write while it iterates, and a large
        store is never loaded whole."""
        last = 0
        while True:
            rows = self._run(
                f"{sql} AND {seq_column} > ? ORDER BY {seq_column} LIMIT {PAGE}", (*params, last)
            ).fetchall()
            for row in rows:
                yield row[1:]
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def __enter__(self) -> Self:
        return self

    @property
    def schema_version(self) -> int:
        row = self._run("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0) if row else 0

    # -- documents -------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        return self._run("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def update_document(self, document: Document) -> None:
        self._begin()
        self._run(
            "UPDATE documents SET text=?, content_hash=?, title=?, url=?, outlet=?, author=?,"
            " published=?, published_basis=?, language=?, flags=?, removed=?,"
            " published_earliest=?, published_latest=? WHERE id=?",
            (*document_values(document), document.id),
        )

    def get_document(self, doc_id: str) -> Document | None:
        row = self._run(f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row_to_document(row) if row else None

    def get_stored(self, doc_id: str) -> StoredDocument | None:
        row = self._run(
            f"SELECT {DOC_COLUMNS}, kind, raw, meta FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else row_to_stored(row)

    def stored_documents(self, *, outlet: str, kind: str) -> Iterator[StoredDocument]:
        sql = (
            f"SELECT seq, {DOC_COLUMNS}, kind, raw, meta FROM documents"
            " WHERE outlet = ? AND kind = ?"
        )
        for row in self._pages(sql, (outlet, kind), seq_column="seq"):
            yield row_to_stored(row)

    def document_ids(self, *, outlet: str | None = None) -> list[str]:
        if outlet is None:
            rows = self._run("SELECT id FROM documents ORDER BY seq")
        else:
            rows = self._run("SELECT id FROM documents WHERE outlet = ? ORDER BY seq", (outlet,))
        return [row[0] for row in rows]

    def count_documents(self) -> int:
        row = self._run("SELECT COUNT(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    def find_by_content_hash(self, content_hash: str) -> str | None:
        row = self._run(
            "SELECT id FROM documents WHERE content_hash = ? ORDER BY seq LIMIT 1",
            (content_hash,),
        ).fetchone()
        return str(row[0]) if row else None

    def outlets(self) -> list[str]:
        rows = self._run(
            "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet"
        )
        return [row[0] for row in rows]

    # -- failures --------------------------------------------------------------------------

    def record_failure(self, failure: Failure) -> None:
        self._begin()
        self._run(
            'INSERT INTO failures (stage, source, doc_id, code, reason, start, "end", attempts,'
            " last_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)"
            " ON CONFLICT (stage, source, doc_id) DO UPDATE SET code = excluded.code,"
            ' reason = excluded.reason, start = excluded.start, "end" = excluded."end",'
            " attempts = failures.attempts + 1, last_at = excluded.last_at",
            (
                failure.stage,
                failure.source,
                failure.doc_id or "",
                failure.code,
                failure.reason,
                failure.start,
                failure.end,
                now(),
            ),
        )

    def clear_failure(self, source: str) -> None:
        self._begin()
        self._run("DELETE FROM failures WHERE source = ? AND stage = 'ingest'", (source,))

    def failures(self) -> list[Failure]:
        rows = self._run(
            'SELECT source, reason, code, stage, doc_id, start, "end" FROM failures'
            f" ORDER BY {self._FAILURE_ORDER}"
        )
        return [
            Failure(
                source=source,
                reason=reason,
                code=code,
                stage=stage,
                doc_id=doc_id or None,
                start=start,
                end=end,
            )
            for source, reason, code, stage, doc_id, start, end in rows
        ]

    # -- annotations -----------------------------------------------------------------------

    def annotations(self, doc_id: str, *, layer: str | None = None) -> list[Annotation]:
        sql = 'SELECT layer, start, "end", text, attrs FROM annotations WHERE doc_id = ?'
        params: tuple[Any, ...] = (doc_id,)
        if layer is not None:
            sql += " AND layer = ?"
            params += (layer,)
        rows = self._run(sql + ' ORDER BY start, "end", layer', params)
        return [
            Annotation(doc_id=doc_id, layer=lay, start=st, end=en, text=tx, attrs=json.loads(at))
            for lay, st, en, tx, at in rows
        ]

    def documents_to_annotate(self, *, version: str) -> Iterator[Document]:
        sql = (
            f"SELECT d.seq, {_prefixed('d')} FROM documents d"
            " LEFT JOIN annotated a ON a.doc_id = d.id"
            " WHERE (a.doc_id IS NULL OR a.version != ? OR a.content_hash != d.content_hash)"
            # A document the layer failed on is not tried again on every run: only once its
            # failure is cleared (brief --retry-failed).
            f" AND NOT EXISTS (SELECT 1 FROM failures WHERE doc_id = d.id AND {STAGE_MATCH})"
        )
        stage = "annotate"
        for row in self._pages(sql, (version, stage, stage, stage), seq_column="d.seq"):
            yield row_to_document(row)

    def annotated_ids(self, *, version: str | None = None) -> list[str]:
        sql = (
            "SELECT d.id FROM documents d JOIN annotated a ON a.doc_id = d.id"
            " WHERE a.content_hash = d.content_hash"
        )
        if version is None:
            rows = self._run(sql + " ORDER BY d.seq")
        else:
            rows = self._run(sql + " AND a.version = ? ORDER BY d.seq", (version,))
        return [row[0] for row in rows]

    def forget_document(self, doc_id: str, *, line_keys: Iterable[str]) -> bool:
        row = self._run("SELECT outlet FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return False
        with self._savepoint("forget_document", f"cannot forget document {doc_id}"):
            # Annotations, signatures and bands go with the row (ON DELETE CASCADE); what
            # references the document without a foreign key goes here.
            # Its entities' mentions no longer match what their digest says (migration 0013).
            self._run(
                "UPDATE entities SET mentions_digest = NULL WHERE id IN"
                " (SELECT entity_id FROM entity_mentions WHERE doc_id = ?)",
                (doc_id,),
            )
            self._run("DELETE FROM entity_mentions WHERE doc_id = ?", (doc_id,))
            self._run(
                "DELETE FROM entities WHERE NOT EXISTS"
                " (SELECT 1 FROM entity_mentions m WHERE m.entity_id = entities.id)"
            )
            self._run("DELETE FROM failures WHERE doc_id = ?", (doc_id,))
            if row[0]:
                self._uncount_lines(row[0], sorted(set(line_keys)))
                self._run("DELETE FROM outlet_lines WHERE docs <= 0")
            self._run("DELETE FROM documents WHERE id = ?", (doc_id,))
        return True

    def _uncount_lines(self, outlet: str, keys: Sequence[str]) -> None:
        """Take one document off the counts of ``outlet``'s lines ``keys``."""
        raise NotImplementedError

    # -- canonical entities ----------------------------------------------------------------

    def entities(self) -> list[StoredEntity]:
        mentions: dict[str, list[tuple[str, int, int]]] = {}
        for entity_id, doc, start, end in self._run(
            'SELECT entity_id, doc_id, start, "end" FROM entity_mentions ORDER BY doc_id, start'
        ):
            mentions.setdefault(entity_id, []).append((doc, start, end))
        rows = self._run(
            f"SELECT id, name, type, party, data FROM entities ORDER BY {self._ENTITY_ORDER}"
        )
        return [
            StoredEntity(
                id=i,
                name=n,
                type=t,
                party=p,
                mentions=tuple(mentions.get(i, ())),
                data=json.loads(d),
            )
            for i, n, t, p, d in rows
        ]

    # -- the user's corrections -------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        rows = self._run(
            "SELECT id, kind, target, value, note, created_at FROM corrections ORDER BY id"
        )
        return [
            Correction(kind, json.loads(target), json.loads(value), note, int(i), at)
            for i, kind, target, value, note, at in rows
        ]

    def remove_correction(self, correction_id: int) -> bool:
        self._begin()
        cursor = self._run("DELETE FROM corrections WHERE id = ?", (correction_id,))
        self.commit()
        return cursor.rowcount > 0


def correction_values(correction: Correction) -> tuple[Any, ...]:
    """A correction's kind, target, value, note and creation time, as the columns keep them."""
    return (
        correction.kind,
        json.dumps(dict(correction.target), ensure_ascii=False, sort_keys=True),
        json.dumps(dict(correction.value), ensure_ascii=False, sort_keys=True),
        correction.note,
        now(),
    )


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in DOC_COLUMNS.split(","))


def document_values(doc: Document) -> tuple[Any, ...]:
    return (
        doc.text,
        doc.content_hash,
        doc.title,
        doc.url,
        doc.outlet,
        doc.author,
        iso_day(doc.published),
        doc.published_basis,
        doc.language,
        json.dumps(list(doc.flags)),
        json.dumps([[r.line, r.text, r.reason] for r in doc.removed], ensure_ascii=False),
        iso_day(doc.published_earliest),
        iso_day(doc.published_latest),
    )


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def row_to_document(row: Sequence[Any]) -> Document:
    (doc_id, source, text, content_hash, title, url, outlet, author, published, basis, language,
     flags, removed, earliest, latest) = row  # fmt: skip
    return Document(
        id=doc_id,
        source=source,
        text=text,
        content_hash=content_hash,
        title=title,
        url=url,
        outlet=outlet,
        author=author,
        published=_day(published),
        published_basis=basis,
        published_earliest=_day(earliest),
        published_latest=_day(latest),
        language=language,
        # Most documents have neither: "[]" needs no JSON parser (10,000 documents are read
        # for every briefing's key).
        flags=() if flags == "[]" else tuple(json.loads(flags)),
        removed=()
        if removed == "[]"
        else tuple(RemovedLine(line=n, text=t, reason=r) for n, t, r in json.loads(removed)),
    )


def row_to_stored(row: Sequence[Any]) -> StoredDocument:
    """A row of the document columns followed by kind, raw and meta."""
    return StoredDocument(
        document=row_to_document(row[:15]), kind=row[15], raw=row[16], meta=json.loads(row[17])
    )


def split_sql(sql: str) -> list[str]:
    """Statements of a migration file; our migrations hold no semicolons inside literals. A
    SQLite trigger's body (``BEGIN ...; END``) and a PostgreSQL function's (``$$ ... $$``)
    keep their own semicolons."""
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    statements, pending = [], ""
    for part in body.split(";"):
        pending = f"{pending};{part}" if pending else part
        if not _open_block(pending):
            statements.append(pending.strip())
            pending = ""
    statements.append(pending.strip())
    return [s for s in statements if s]


def _open_block(text: str) -> bool:
    """Whether ``text`` stops inside a trigger's or a function's body."""
    if text.count("$$") % 2:
        return True
    upper = text.upper()
    return (
        "CREATE TRIGGER" in upper
        and re.search(r"\bBEGIN\b", upper) is not None
        and re.search(r"\bEND\s*$", upper) is None
    )
