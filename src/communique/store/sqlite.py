"""The embedded store: one SQLite file, created on first use, migrated in place.

Writes go through this one connection inside explicit transactions; WAL mode lets readers (the
web app) read while an ingest writes, and a process killed mid-batch leaves the last committed
state behind, so running the same ingest again completes it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from communique.errors import StoreError
from communique.models import Annotation, Correction, Document
from communique.store.base import StoredDocument, StoredEntity
from communique.store.search import SearchIndex
from communique.store.shared import (
    DOC_COLUMNS,
    STAGE_MATCH,
    SqlStore,
    correction_values,
    document_values,
    now,
    row_to_document,
    shipped_migrations,
    split_sql,
)
from communique.store.sqlite_caches import CacheTables

__all__ = ["SQLiteStore", "migrations"]


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, in order."""
    return shipped_migrations("migrations")


class SQLiteStore(CacheTables, SqlStore):
    """:class:`communique.store.base.Store` on one SQLite file."""

    _DRIVER_ERROR = sqlite3.DatabaseError
    _FAILURE_ORDER = "stage != 'ingest', stage, source, doc_id, start"
    _ENTITY_ORDER = "rowid"

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
        # The entities replace_entities wrote: unsaved until committed, then the store's.
        self._unsaved: _WrittenEntities | None = None
        self._written: _WrittenEntities | None = None

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
                for statement in split_sql(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now())
                )
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError:
                self._db.execute("ROLLBACK")
                raise

    def _run(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def _begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self._db.execute("COMMIT")
            self._in_tx = False
            if self._unsaved is not None:
                self._written, self._unsaved = self._unsaved, None

    def close(self) -> None:
        self.commit()
        self._db.close()

    def __exit__(self, *exc: object) -> None:
        if self._in_tx and exc[0] is not None:
            self._db.execute("ROLLBACK")
            self._in_tx = False
            self._unsaved = None
        self.close()

    # -- documents -------------------------------------------------------------------------

    def add_document(
        self,
        stored: StoredDocument,
        *,
        signature: bytes,
        bands: Sequence[str],
        line_keys: Iterable[str],
    ) -> bool:
        doc = stored.document
        # A savepoint makes the document, its index rows and its line counts one unit.
        with self._savepoint("add_document", f"cannot store {doc.source}"):
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
                    *document_values(doc),
                    now(),
                ),
            )
            if cursor.rowcount == 0:
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
        return True

    def documents(self, *, outlet: str | None = None) -> Iterator[Document]:
        sql = f"SELECT {DOC_COLUMNS} FROM documents"
        params: tuple[Any, ...] = ()
        if outlet is not None:
            sql += " WHERE outlet = ?"
            params = (outlet,)
        # Streamed: a 100k-document store is never loaded whole.
        for row in self._db.execute(sql + " ORDER BY seq", params):
            yield row_to_document(row)

    # -- deduplication ---------------------------------------------------------------------

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

    # -- failures --------------------------------------------------------------------------

    def clear_failures(self, *, stage: str, doc_ids: Sequence[str] | None = None) -> int:
        self._begin()
        sql = f"DELETE FROM failures WHERE {STAGE_MATCH}"
        if doc_ids is None:
            return self._db.execute(sql, (stage, stage, stage)).rowcount
        return sum(
            self._db.execute(sql + " AND doc_id = ?", (stage, stage, stage, doc_id)).rowcount
            for doc_id in doc_ids
        )

    # -- annotations -----------------------------------------------------------------------

    def replace_annotations(
        self, doc_id: str, annotations: Sequence[Annotation], *, version: str, content_hash: str
    ) -> None:
        with self._savepoint("annotations", f"cannot store the annotations of {doc_id}"):
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
                (doc_id, version, content_hash, now()),
            )

    def annotations_of(
        self, doc_ids: Sequence[str], *, layer: str | None = None
    ) -> dict[str, list[Annotation]]:
        # A query per document: in-process SQLite has no round trip to save, and one query
        # over many documents would sort them all again.
        found = {doc_id: self.annotations(doc_id, layer=layer) for doc_id in doc_ids}
        return {doc_id: rows for doc_id, rows in found.items() if rows}

    def _uncount_lines(self, outlet: str, keys: Sequence[str]) -> None:
        self._db.executemany(
            "UPDATE outlet_lines SET docs = docs - 1 WHERE outlet = ? AND line_key = ?",
            [(outlet, key) for key in keys],
        )

    # -- canonical entities ----------------------------------------------------------------

    def replace_entities(self, entities: Sequence[StoredEntity]) -> None:
        """The entities, in their order, each with its mentions, as if written afresh. Only
        the mention rows that changed are written: after new documents nearly all of some
        120,000 rows at 10,000 documents are the ones kept, and writing them again (with
        their index) cost more than reading them to compare. Only the rows of entities whose
        mentions' digest moved (migration 0013) are read and compared: the others' rows are
        as wanted already."""
        self._begin()
        self._written = self._unsaved = None
        # One generation bump for the whole write (migration 0011), not a trigger per row.
        self._db.execute("UPDATE store_generation SET n = n + 1")
        texts = [json.dumps(e.data, ensure_ascii=False) for e in entities]
        # One id twice: the table then holds the two entities' rows under one id, which
        # neither a digest nor what was written can say.
        distinct = len({e.id for e in entities}) == len(entities)
        digests: list[bytes | None] = (
            _mention_digests(entities) if distinct else [None] * len(entities)
        )
        before = dict(self._db.execute("SELECT id, mentions_digest FROM entities"))
        self._replace_entity_rows(entities, texts, digests)
        moved = [
            e
            for e, digest in zip(entities, digests, strict=True)
            if digest is None or before.get(e.id) != digest
        ]
        rows = [(e.id, doc, start, end) for e in moved for doc, start, end in e.mentions]
        kept = Counter(
            self._db.execute(
                "SELECT entity_id, doc_id, start, end FROM entity_mentions"
                " WHERE entity_id IN (SELECT value FROM json_each(?))",
                (json.dumps([e.id for e in moved]),),
            )
        )
        wanted = Counter(rows)
        changed = [row for row, n in kept.items() if wanted.get(row, 0) != n]
        self._db.executemany(
            "DELETE FROM entity_mentions"
            " WHERE doc_id = ? AND start = ? AND entity_id = ? AND end = ?",
            [(doc, start, entity, end) for entity, doc, start, end in changed],
        )
        # In the order given (and each as often), as a fresh write would: a row kept as it
        # was stays where it is. Each distinct row is compared once, not once per copy.
        fresh = {row for row, n in wanted.items() if kept.get(row, 0) != n}
        self._db.executemany(
            "INSERT INTO entity_mentions VALUES (?, ?, ?, ?)",
            [row for row in rows if row in fresh],
        )
        if distinct:
            self._unsaved = _WrittenEntities.of(self._generation(), entities, texts)

    def entities(self) -> list[StoredEntity]:
        """As the tables hold them; the ones this connection last wrote and committed when
        nothing has written since (the store's generation has not moved): a build reads the
        entities right after resolving them, and reading some hundred thousand mention rows
        back cost about half of writing them. Only a committed write counts: a generation
        number a rolled-back write reached can be reached again by another write."""
        written = self._written
        if written is not None and self._generation() == written.generation:
            return written.read()
        return super().entities()

    def _generation(self) -> int:
        return int(self._db.execute("SELECT n FROM store_generation WHERE one = 1").fetchone()[0])

    def _replace_entity_rows(
        self, entities: Sequence[StoredEntity], texts: list[str], digests: list[bytes | None]
    ) -> None:
        """The entity rows, each with its data as JSON ``texts`` and its mentions' digest,
        numbered in the order given (:meth:`entities` reads them by rowid), without deleting
        a kept entity: its mentions would go with it (cascade)."""
        # Kept rows step aside to negative rowids, so each entity can take its new number.
        self._db.execute("UPDATE entities SET rowid = -rowid")
        self._db.executemany(
            "INSERT INTO entities (rowid, id, name, type, party, data, mentions_digest)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET rowid = excluded.rowid, name = excluded.name,"
            " type = excluded.type, party = excluded.party, data = excluded.data,"
            " mentions_digest = excluded.mentions_digest",
            [
                (n, e.id, e.name, e.type, e.party, text, digest)
                for n, (e, text, digest) in enumerate(
                    zip(entities, texts, digests, strict=True), start=1
                )
            ],
        )
        # An entity no longer resolved: its mentions first, in one pass (no index leads from
        # an entity to its mentions, so the cascade would scan them once per entity).
        self._db.execute(
            "DELETE FROM entity_mentions"
            " WHERE entity_id IN (SELECT id FROM entities WHERE rowid < 0)"
        )
        self._db.execute("DELETE FROM entities WHERE rowid < 0")

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
            correction_values(correction),
        )
        self.commit()
        return int(cursor.lastrowid or 0)


def _mention_digests(entities: Sequence[StoredEntity]) -> list[bytes | None]:
    """Each entity's mentions as a digest of their JSON (deterministic, unlike a pickle,
    which writes a string object met twice as a reference)."""
    return [
        hashlib.blake2b(json.dumps(e.mentions).encode("utf-8"), digest_size=16).digest()
        for e in entities
    ]


class _Searchable(NamedTuple):
    id: str
    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class _WrittenEntities:
    """Canonical entities as a connection wrote them, each with its data as the JSON text
    written, and the store's generation after the write: every write to the entities moves
    the generation (migration 0011), so while it stays, the tables still hold these."""

    generation: int
    entities: tuple[tuple[StoredEntity, str], ...]

    @classmethod
    def of(
        cls, generation: int, entities: Sequence[StoredEntity], texts: Sequence[str]
    ) -> _WrittenEntities | None:
        """The entities, each id once, as :meth:`SQLiteStore.entities` reads them back (each
        one's mentions in document and offset order); None when the tables could say what
        they cannot: one entity with two mentions at one place that end apart (the order of
        those is the rows')."""
        kept = []
        for entity, text in zip(entities, texts, strict=True):
            mentions = tuple(sorted(entity.mentions))
            if len(set(map(_PLACE, mentions))) != len(set(mentions)):
                return None
            kept.append((replace(entity, mentions=mentions), text))
        return cls(generation, tuple(kept))

    def read(self) -> list[StoredEntity]:
        """The entities, each with data of its own, as a read of the tables gives."""
        return [replace(entity, data=json.loads(text)) for entity, text in self.entities]


_PLACE = itemgetter(0, 1)
"""A mention's document and start: the order the store reads an entity's mentions in."""
