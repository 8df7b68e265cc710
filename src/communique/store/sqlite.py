"""The embedded store: one SQLite file, created on first use, migrated in place.

Writes go through this one connection inside explicit transactions; WAL mode lets readers (the
web app) read while an ingest writes, and a process killed mid-batch leaves the last committed
state behind, so running the same ingest again completes it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from communique.errors import StoreError
from communique.models import Annotation, Correction, Document, Failure, RemovedLine, iso_day
from communique.store.base import BriefingMethod, StoredDocument, StoredEntity
from communique.store.search import SearchIndex
from communique.store.sqlite_caches import CacheTables

__all__ = ["SQLiteStore", "migrations"]

_DOC_COLUMNS = (
    "id, source, text, content_hash, title, url, outlet, author, published, "
    "published_basis, language, flags, removed, published_earliest, published_latest"
)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, in order."""
    folder = resources.files("communique.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class SQLiteStore(CacheTables, BriefingMethod):
    """:class:`communique.store.base.Store` on one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA busy_timeout = 10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        self._in_tx = False

    # -- lifecycle -------------------------------------------------------------------------

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self._db.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migrations():
            if version in done:
                continue
            # One transaction per migration: a failed one leaves the previous version intact.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now())
                )
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError:
                self._db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self._db.execute("COMMIT")
            self._in_tx = False

    def close(self) -> None:
        self.commit()
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._in_tx and exc[0] is not None:
            self._db.execute("ROLLBACK")
            self._in_tx = False
        self.close()

    # -- documents -------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def add_document(
        self,
        stored: StoredDocument,
        *,
        signature: bytes,
        bands: Sequence[str],
        line_keys: Iterable[str],
    ) -> bool:
        doc = stored.document
        self._begin()
        # A savepoint makes the document, its index rows and its line counts one unit.
        self._db.execute("SAVEPOINT add_document")
        try:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO documents (id, source, kind, raw, meta, text, content_hash,"
                " title, url, outlet, author, published, published_basis, language, flags,"
                " removed, published_earliest, published_latest, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.id,
                    doc.source,
                    stored.kind,
                    stored.raw,
                    json.dumps(stored.meta, ensure_ascii=False),
                    *_document_values(doc),
                    _now(),
                ),
            )
            if cursor.rowcount == 0:
                self._db.execute("RELEASE add_document")
                return False
            self._db.execute("INSERT INTO signatures VALUES (?, ?)", (doc.id, signature))
            self._db.executemany(
                "INSERT OR IGNORE INTO bands VALUES (?, ?)", [(b, doc.id) for b in bands]
            )
            if doc.outlet:
                self._db.executemany(
                    "INSERT INTO outlet_lines VALUES (?, ?, 1) ON CONFLICT (outlet, line_key)"
                    " DO UPDATE SET docs = docs + 1",
                    [(doc.outlet, key) for key in set(line_keys)],
                )
            self._db.execute(
                "DELETE FROM failures WHERE source = ? AND stage = 'ingest'", (doc.source,)
            )
            self._db.execute("RELEASE add_document")
        except sqlite3.DatabaseError as exc:
            self._db.execute("ROLLBACK TO add_document")
            self._db.execute("RELEASE add_document")
            raise StoreError(f"cannot store {doc.source}: {exc}") from exc
        return True

    def update_document(self, document: Document) -> None:
        self._begin()
        values = _document_values(document)
        self._db.execute(
            "UPDATE documents SET text=?, content_hash=?, title=?, url=?, outlet=?, author=?,"
            " published=?, published_basis=?, language=?, flags=?, removed=?,"
            " published_earliest=?, published_latest=? WHERE id=?",
            (*values, document.id),
        )

    def get_document(self, doc_id: str) -> Document | None:
        row = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return _row_to_document(row) if row else None

    def get_stored(self, doc_id: str) -> StoredDocument | None:
        row = self._db.execute(
            f"SELECT {_DOC_COLUMNS}, kind, raw, meta FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else _row_to_stored(row)

    def documents(self, *, outlet: str | None = None) -> Iterator[Document]:
        sql = f"SELECT {_DOC_COLUMNS} FROM documents"
        params: tuple[Any, ...] = ()
        if outlet is not None:
            sql += " WHERE outlet = ?"
            params = (outlet,)
        # Streamed: a 100k-document store is never loaded whole.
        for row in self._db.execute(sql + " ORDER BY seq", params):
            yield _row_to_document(row)

    def stored_documents(self, *, outlet: str, kind: str) -> Iterator[StoredDocument]:
        last = 0
        while True:
            # A page at a time, no cursor left open: the caller updates rows as it goes.
            rows = self._db.execute(
                f"SELECT seq, {_DOC_COLUMNS}, kind, raw, meta FROM documents"
                " WHERE outlet = ? AND kind = ? AND seq > ? ORDER BY seq LIMIT 500",
                (outlet, kind, last),
            ).fetchall()
            for row in rows:
                yield _row_to_stored(row[1:])
            if len(rows) < 500:
                return
            last = rows[-1][0]

    def document_ids(self, *, outlet: str | None = None) -> list[str]:
        if outlet is None:
            rows = self._db.execute("SELECT id FROM documents ORDER BY seq")
        else:
            rows = self._db.execute(
                "SELECT id FROM documents WHERE outlet = ? ORDER BY seq", (outlet,)
            )
        return [row[0] for row in rows]

    def count_documents(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    # -- deduplication ---------------------------------------------------------------------

    def find_by_content_hash(self, content_hash: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM documents WHERE content_hash = ? ORDER BY seq LIMIT 1",
            (content_hash,),
        ).fetchone()
        return str(row[0]) if row else None

    def near_duplicate_candidates(self, bands: Sequence[str]) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self._db.execute(
            "SELECT s.doc_id, s.sig FROM signatures s JOIN documents d ON d.id = s.doc_id"
            f" WHERE s.doc_id IN (SELECT DISTINCT doc_id FROM bands WHERE band IN ({marks}))"
            " ORDER BY d.seq",
            tuple(bands),
        )
        return [(str(doc_id), bytes(sig)) for doc_id, sig in rows]

    def existing_ids(self, doc_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for lo in range(0, len(doc_ids), 500):  # the host-parameter limit of old builds
            part = tuple(doc_ids[lo : lo + 500])
            marks = ",".join("?" * len(part))
            rows = self._db.execute(f"SELECT id FROM documents WHERE id IN ({marks})", part)
            found.update(row[0] for row in rows)
        return found

    def original_candidates(
        self, content_hash: str, bands: Sequence[str]
    ) -> tuple[str | None, list[tuple[str, bytes]]]:
        return self.find_by_content_hash(content_hash), self.near_duplicate_candidates(bands)

    # -- outlet furniture ------------------------------------------------------------------

    def repeated_lines(self, outlet: str, *, min_docs: int) -> frozenset[str]:
        rows = self._db.execute(
            "SELECT line_key FROM outlet_lines WHERE outlet = ? AND docs >= ?", (outlet, min_docs)
        )
        return frozenset(row[0] for row in rows)

    def repeated_lines_of(
        self, outlets: Sequence[str], *, min_docs: int
    ) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for lo in range(0, len(outlets), 500):  # the host-parameter limit of old builds
            part = tuple(outlets[lo : lo + 500])
            marks = ",".join("?" * len(part))
            for outlet, key in self._db.execute(
                f"SELECT outlet, line_key FROM outlet_lines WHERE outlet IN ({marks})"
                " AND docs >= ?",
                (*part, min_docs),
            ):
                found.setdefault(outlet, set()).add(key)
        return {outlet: frozenset(keys) for outlet, keys in found.items()}

    def outlets(self) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet"
        )
        return [row[0] for row in rows]

    # -- failures --------------------------------------------------------------------------

    def record_failure(self, failure: Failure) -> None:
        self._begin()
        self._db.execute(
            "INSERT INTO failures (stage, source, doc_id, code, reason, start, end, attempts,"
            " last_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (stage, source, doc_id)"
            " DO UPDATE SET code = excluded.code, reason = excluded.reason,"
            " start = excluded.start, end = excluded.end, attempts = attempts + 1,"
            " last_at = excluded.last_at",
            (
                failure.stage,
                failure.source,
                failure.doc_id or "",
                failure.code,
                failure.reason,
                failure.start,
                failure.end,
                _now(),
            ),
        )

    def clear_failure(self, source: str) -> None:
        self._begin()
        self._db.execute("DELETE FROM failures WHERE source = ? AND stage = 'ingest'", (source,))

    def clear_failures(self, *, stage: str, doc_ids: Sequence[str] | None = None) -> int:
        self._begin()
        sql = f"DELETE FROM failures WHERE {_stage_match('?1')}"
        if doc_ids is None:
            return self._db.execute(sql, (stage,)).rowcount
        return sum(
            self._db.execute(sql + " AND doc_id = ?2", (stage, doc_id)).rowcount
            for doc_id in doc_ids
        )

    def failures(self) -> list[Failure]:
        rows = self._db.execute(
            "SELECT source, reason, code, stage, doc_id, start, end FROM failures"
            " ORDER BY stage != 'ingest', stage, source, doc_id, start"
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

    def replace_annotations(
        self, doc_id: str, annotations: Sequence[Annotation], *, version: str, content_hash: str
    ) -> None:
        self._begin()
        self._db.execute("SAVEPOINT annotations")
        try:
            self._db.execute("DELETE FROM annotations WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM kept_mentions WHERE doc_id = ?", (doc_id,))
            self._db.executemany(
                "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc_id,
                        a.layer,
                        a.start,
                        a.end,
                        a.text,
                        json.dumps(a.attrs, ensure_ascii=False),
                    )
                    for a in annotations
                ],
            )
            self._db.execute(
                "INSERT INTO annotated VALUES (?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET"
                " version = excluded.version, content_hash = excluded.content_hash,"
                " at = excluded.at",
                (doc_id, version, content_hash, _now()),
            )
            self._db.execute("RELEASE annotations")
        except sqlite3.DatabaseError as exc:
            self._db.execute("ROLLBACK TO annotations")
            self._db.execute("RELEASE annotations")
            raise StoreError(f"cannot store the annotations of {doc_id}: {exc}") from exc

    def annotations(self, doc_id: str, *, layer: str | None = None) -> list[Annotation]:
        sql = "SELECT layer, start, end, text, attrs FROM annotations WHERE doc_id = ?"
        params: tuple[Any, ...] = (doc_id,)
        if layer is not None:
            sql += " AND layer = ?"
            params += (layer,)
        rows = self._db.execute(sql + " ORDER BY start, end, layer", params)
        return [
            Annotation(doc_id=doc_id, layer=lay, start=st, end=en, text=tx, attrs=json.loads(at))
            for lay, st, en, tx, at in rows
        ]

    def annotations_of(
        self, doc_ids: Sequence[str], *, layer: str | None = None
    ) -> dict[str, list[Annotation]]:
        # A query per document: in-process SQLite has no round trip to save, and one query
        # over many documents would sort them all again.
        found = {doc_id: self.annotations(doc_id, layer=layer) for doc_id in doc_ids}
        return {doc_id: rows for doc_id, rows in found.items() if rows}

    def documents_to_annotate(self, *, version: str) -> Iterator[Document]:
        rows = self._db.execute(
            f"SELECT {_prefixed('d')} FROM documents d LEFT JOIN annotated a ON a.doc_id = d.id"
            " WHERE (a.doc_id IS NULL OR a.version != ?1 OR a.content_hash != d.content_hash)"
            # A document the layer failed on is not tried again on every run: only once its
            # failure is cleared (brief --retry-failed).
            " AND NOT EXISTS (SELECT 1 FROM failures WHERE doc_id = d.id"
            f" AND {_stage_match('?2')})"
            " ORDER BY d.seq",
            (version, "annotate"),
        )
        for row in rows.fetchall():
            yield _row_to_document(row)

    def annotated_ids(self, *, version: str | None = None) -> list[str]:
        sql = (
            "SELECT d.id FROM documents d JOIN annotated a ON a.doc_id = d.id"
            " WHERE a.content_hash = d.content_hash"
        )
        if version is None:
            rows = self._db.execute(sql + " ORDER BY d.seq")
        else:
            rows = self._db.execute(sql + " AND a.version = ? ORDER BY d.seq", (version,))
        return [row[0] for row in rows]

    def forget_document(self, doc_id: str, *, line_keys: Iterable[str]) -> bool:
        row = self._db.execute("SELECT outlet FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return False
        self._begin()
        self._db.execute("SAVEPOINT forget_document")
        try:
            # Annotations, signatures and bands go with the row (ON DELETE CASCADE); what
            # references the document without a foreign key goes here.
            self._db.execute("DELETE FROM entity_mentions WHERE doc_id = ?", (doc_id,))
            self._db.execute(
                "DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM entity_mentions)"
            )
            self._db.execute("DELETE FROM failures WHERE doc_id = ?", (doc_id,))
            if row[0]:
                self._db.executemany(
                    "UPDATE outlet_lines SET docs = docs - 1 WHERE outlet = ? AND line_key = ?",
                    [(row[0], key) for key in set(line_keys)],
                )
                self._db.execute("DELETE FROM outlet_lines WHERE docs <= 0")
            self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._db.execute("RELEASE forget_document")
        except sqlite3.DatabaseError as exc:
            self._db.execute("ROLLBACK TO forget_document")
            self._db.execute("RELEASE forget_document")
            raise StoreError(f"cannot forget document {doc_id}: {exc}") from exc
        return True

    # -- canonical entities ----------------------------------------------------------------

    def replace_entities(self, entities: Sequence[StoredEntity]) -> None:
        """The entities, in their order, each with its mentions, as if written afresh. Only
        the mention rows that changed are written: after new documents nearly all of some
        120,000 rows at 10,000 documents are the ones kept, and writing them again (with
        their index) cost more than reading them to compare."""
        self._begin()
        # One generation bump for the whole write (migration 0011), not a trigger per row.
        self._db.execute("UPDATE store_generation SET n = n + 1")
        self._replace_entity_rows(entities)
        rows = [(e.id, doc, start, end) for e in entities for doc, start, end in e.mentions]
        kept = Counter(
            self._db.execute("SELECT entity_id, doc_id, start, end FROM entity_mentions")
        )
        wanted = Counter(rows)
        changed = [row for row, n in kept.items() if wanted.get(row, 0) != n]
        self._db.executemany(
            "DELETE FROM entity_mentions"
            " WHERE doc_id = ? AND start = ? AND entity_id = ? AND end = ?",
            [(doc, start, entity, end) for entity, doc, start, end in changed],
        )
        # In the order given (and each as often), as a fresh write would: a row kept as it
        # was stays where it is.
        self._db.executemany(
            "INSERT INTO entity_mentions VALUES (?, ?, ?, ?)",
            [row for row in rows if kept.get(row, 0) != wanted[row]],
        )

    def _replace_entity_rows(self, entities: Sequence[StoredEntity]) -> None:
        """The entity rows, numbered in the order given (:meth:`entities` reads them by
        rowid), without deleting a kept entity: its mentions would go with it (cascade)."""
        # Kept rows step aside to negative rowids, so each entity can take its new number.
        self._db.execute("UPDATE entities SET rowid = -rowid")
        self._db.executemany(
            "INSERT INTO entities (rowid, id, name, type, party, data) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET rowid = excluded.rowid, name = excluded.name,"
            " type = excluded.type, party = excluded.party, data = excluded.data",
            [
                (n, e.id, e.name, e.type, e.party, json.dumps(e.data, ensure_ascii=False))
                for n, e in enumerate(entities, start=1)
            ],
        )
        # An entity no longer resolved: its mentions first, in one pass (no index leads from
        # an entity to its mentions, so the cascade would scan them once per entity).
        self._db.execute(
            "DELETE FROM entity_mentions"
            " WHERE entity_id IN (SELECT id FROM entities WHERE rowid < 0)"
        )
        self._db.execute("DELETE FROM entities WHERE rowid < 0")

    def entities(self) -> list[StoredEntity]:
        mentions: dict[str, list[tuple[str, int, int]]] = {}
        for entity_id, doc, start, end in self._db.execute(
            "SELECT entity_id, doc_id, start, end FROM entity_mentions ORDER BY doc_id, start"
        ):
            mentions.setdefault(entity_id, []).append((doc, start, end))
        rows = self._db.execute("SELECT id, name, type, party, data FROM entities ORDER BY rowid")
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

    # -- what the web app asks -------------------------------------------------------------

    def data_version(self) -> str:
        """SQLite's ``data_version``: moves whenever another connection commits."""
        return str(self._db.execute("PRAGMA data_version").fetchone()[0])

    def fingerprint(self) -> tuple[int, int, str, int, int, int]:
        docs = self._db.execute("SELECT count(*) FROM documents").fetchone()[0]
        done, latest = self._db.execute(
            "SELECT count(*), coalesce(max(at), '') FROM annotated"
        ).fetchone()
        entities = self._db.execute("SELECT count(*) FROM entities").fetchone()[0]
        fixes, last_fix = self._db.execute(
            "SELECT count(*), coalesce(max(id), 0) FROM corrections"
        ).fetchone()
        return (int(docs), int(done), str(latest), int(entities), int(fixes), int(last_fix))

    def search_index(self) -> SearchIndex:
        """An FTS5 index of the documents in a temporary file: no search table in the store,
        so no migration, and the web app builds it once per briefing. Only the columns it
        indexes are read (a whole document also decodes its flags and removed lines), in the
        order stored, which the index's newest-first listing follows."""
        rows = self._db.execute("SELECT id, title, text FROM documents ORDER BY seq")
        return SearchIndex(_Searchable(*row) for row in rows)

    # -- the user's corrections -------------------------------------------------------------

    def add_correction(self, correction: Correction) -> int:
        self._begin()
        cursor = self._db.execute(
            "INSERT INTO corrections (kind, target, value, note, created_at) VALUES (?,?,?,?,?)",
            (
                correction.kind,
                json.dumps(dict(correction.target), ensure_ascii=False, sort_keys=True),
                json.dumps(dict(correction.value), ensure_ascii=False, sort_keys=True),
                correction.note,
                _now(),
            ),
        )
        self.commit()
        return int(cursor.lastrowid or 0)

    def corrections(self) -> list[Correction]:
        rows = self._db.execute(
            "SELECT id, kind, target, value, note, created_at FROM corrections ORDER BY id"
        )
        return [
            Correction(kind, json.loads(target), json.loads(value), note, int(i), at)
            for i, kind, target, value, note, at in rows
        ]

    def remove_correction(self, correction_id: int) -> bool:
        self._begin()
        cursor = self._db.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
        self.commit()
        return cursor.rowcount > 0


def _stage_match(param: str) -> str:
    """SQL matching a stage and its sub-stages ("annotate" and "annotate.events") against the
    numbered parameter ``param`` ("?1")."""
    return f"(stage = {param} OR substr(stage, 1, length({param}) + 1) = {param} || '.')"


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{column.strip()}" for column in _DOC_COLUMNS.split(","))


def _document_values(doc: Document) -> tuple[Any, ...]:
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


class _Searchable(NamedTuple):
    id: str
    title: str | None
    text: str


def _row_to_document(row: Sequence[Any]) -> Document:
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
        published=dt.date.fromisoformat(published) if published else None,
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


def _row_to_stored(row: Sequence[Any]) -> StoredDocument:
    """A row of the document columns followed by kind, raw and meta."""
    return StoredDocument(
        document=_row_to_document(row[:15]), kind=row[15], raw=row[16], meta=json.loads(row[17])
    )


def _split_sql(sql: str) -> list[str]:
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
