"""The team store: one PostgreSQL database, created empty by its owner, migrated on first use.

It keeps the same tables, columns and row format as the SQLite store (the migrations in
``migrations_pg/`` mirror ``migrations/`` number for number), so both share the conversion
between rows and documents and every statement spelt alike (:mod:`communique.store.shared`).
The behaviour is SQLite's too:

- one writer at a time: a write transaction starts by taking a transaction-level advisory lock,
  as SQLite's ``BEGIN IMMEDIATE`` takes the file's write lock, so two ingests run side by side
  never store one document twice or interleave one document's rows, and readers never wait;
- a process killed mid-batch loses only its open transaction (the server rolls it back when the
  connection drops), so running the same ingest again completes it;
- the connection is in autocommit mode between write transactions, so a reader (the web app)
  holds no transaction open between requests.

Ingest costs round trips, not server work: a document is stored in one statement, its
savepoint sent in the same pipeline; both duplicate look-ups go in one pipeline; and an
outlet's shared lines are read once, not once per document. While this connection holds the
writer lock nobody else changes them, and the counts this writer adds come back from the
statement that adds them; they are kept from one write transaction to the next when no other
writer wrote in between (this writer's turn, migration 0010, follows its last one directly),
forgotten otherwise. The duplicate look-ups are planned afresh each time (never prepared) on
tables this writer analyzes as it grows them: an ingest starts from an empty store, and a plan
kept from then, or made without statistics, scans every band row for each document.

psycopg (3) is imported here only: a SQLite user never needs it installed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg

from communique.errors import SearchRefused, StoreError
from communique.models import Annotation, Correction, Document
from communique.store.base import StoredDocument, StoredEntity, redacted
from communique.store.postgres_caches import PgCacheTables
from communique.store.search import (
    HIT_CLOSE,
    HIT_OPEN,
    RANKED_UP_TO,
    SEARCH_SECONDS,
    SearchHit,
    SearchQuery,
    SearchResults,
    parse_query,
)
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

__all__ = ["PostgresSearch", "PostgresStore", "migrations", "redacted"]

_WRITER_LOCK = 0x636F6D6D  # advisory lock keys: any constants, unique to communique
_MIGRATION_LOCK = 0x636F6D6E
_ANALYZE_FROM = 200  # documents added before the duplicate look-ups' tables are first analyzed

# A document, its signature, band keys and outlet line counts in one statement, one round trip
# (a statement is atomic). Each part inserts only when the document row did: a document already
# stored adds nothing, not even a line count. Lines come sorted, so two writers bumping the same
# counts never wait on each other in opposite orders.
_ADD_DOCUMENT = """
WITH doc AS (
    INSERT INTO documents (id, source, kind, raw, meta, text, content_hash, title, url, outlet,
        author, published, published_basis, language, flags, removed, published_earliest,
        published_latest, ingested_at)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
), sig AS (
    INSERT INTO signatures (doc_id, sig) SELECT id, %s FROM doc
), band AS (
    INSERT INTO bands (band, doc_id) SELECT b, doc.id FROM doc, unnest(%s::text[]) AS b
    ON CONFLICT DO NOTHING
), line AS (
    INSERT INTO outlet_lines (outlet, line_key, docs)
    SELECT %s, k, 1 FROM doc, unnest(%s::text[]) WITH ORDINALITY AS u (k, n) ORDER BY n
    ON CONFLICT (outlet, line_key) DO UPDATE SET docs = outlet_lines.docs + 1
    RETURNING line_key, docs
), cleared AS (
    DELETE FROM failures WHERE source = %s AND stage = 'ingest' AND EXISTS (SELECT 1 FROM doc)
)
SELECT (SELECT count(*) FROM doc), (SELECT array_agg(line_key) FROM line),
    (SELECT array_agg(docs) FROM line)
"""
_EXACT_DUPLICATE = "SELECT id FROM documents WHERE content_hash = %s ORDER BY seq LIMIT 1"
_NEAR_DUPLICATES = (
    "SELECT s.doc_id, s.sig FROM signatures s JOIN documents d ON d.id = s.doc_id"
    " WHERE s.doc_id IN (SELECT DISTINCT doc_id FROM bands WHERE band = ANY(%s))"
    " ORDER BY d.seq"
)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every PostgreSQL migration shipped with the package, in order."""
    return shipped_migrations("migrations_pg")


def connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"cannot open the store {redacted(url)}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PostgresStore(PgCacheTables, SqlStore):
    """:class:`communique.store.base.Store` on one PostgreSQL database."""

    _DRIVER_ERROR = psycopg.Error
    # The server's default collation would sort by language rules; SQLite's by code point.
    _FAILURE_ORDER = (
        'stage != \'ingest\', stage COLLATE "C", source COLLATE "C", doc_id COLLATE "C", start'
    )
    _ENTITY_ORDER = "seq"

    def __init__(self, url: str) -> None:
        self.path = url
        self._db = connect(url)
        self._in_tx = False
        # (outlet, min_docs) -> shared lines read under the writer lock (module docstring);
        # _last_turn is the turn of this connection's last write transaction.
        self._lines: dict[tuple[str, int], set[str]] = {}
        self._last_turn = 0
        # Documents this connection added since the look-ups' tables were last analyzed, and
        # how many signatures there were then (:meth:`_analyze`).
        self._grown = 0
        self._analyzed_rows = 0
        try:
            self._migrate()
        except psycopg.Error as exc:
            self._db.close()
            raise StoreError(f"cannot migrate the store {redacted(url)}: {exc}") from exc

    # -- lifecycle -------------------------------------------------------------------------

    def _migrate(self) -> None:
        for version, name, sql in migrations():
            # One transaction per migration, under a lock: two processes opening a new
            # database at once apply each migration once.
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                done = self._db.execute(
                    "SELECT 1 FROM schema_migrations WHERE version = %s", (version,)
                ).fetchone()
                if done is not None:
                    continue
                for statement in split_sql(sql):
                    self._db.execute(statement.encode())
                self._db.execute(
                    "INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, now())
                )

    def _begin(self) -> None:
        if not self._in_tx:
            self._db.execute("BEGIN")
            self._in_tx = True
            # The turn is taken once the lock is held (OFFSET 0 keeps the lock's subquery
            # first): any writer in between took a turn (migration 0010).
            row = self._one(
                "SELECT locked.l::text, nextval('writer_turns') FROM"
                " (SELECT pg_advisory_xact_lock(%s) AS l OFFSET 0) AS locked",
                (_WRITER_LOCK,),
            )
            turn = int(row[1]) if row else 0
            if turn != self._last_turn + 1:
                self._lines.clear()
            self._last_turn = turn

    def commit(self) -> None:
        if self._in_tx:
            self._db.execute("COMMIT")
            self._in_tx = False
        if self._grown >= max(_ANALYZE_FROM, self._analyzed_rows):
            self._analyze()

    def _analyze(self) -> None:
        """Bring the statistics of the duplicate look-ups' tables up to date.

        Without them the planner takes the band rows for a small table and scans them whole
        for every document, a cost that grows with the store: quadratic ingest until the
        server's autovacuum analyzes them, a minute or more into an ingest. Analyzed whenever
        this writer has doubled them, a few times in all; beyond that autovacuum keeps up."""
        self._db.execute("ANALYZE signatures, bands")
        row = self._one("SELECT reltuples::bigint FROM pg_class WHERE oid = 'signatures'::regclass")
        self._analyzed_rows = max(0, int(row[0])) if row else 0
        self._grown = 0

    def rollback(self) -> None:
        self._lines.clear()
        self._last_turn = 0
        self._grown = 0  # nothing to analyze on the way out of a failed batch
        if self._in_tx:
            self._db.execute("ROLLBACK")
            self._in_tx = False

    def close(self) -> None:
        if not self._db.closed:
            self.commit()
            self._db.close()

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.rollback()
        self.close()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self._db.execute(sql.encode(), params).fetchone()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[tuple[Any, ...]]:
        return self._db.execute(sql.replace("?", "%s").encode(), params)

    def _reason(self, exc: Exception) -> str:
        return _first_line(exc)

    # -- documents -------------------------------------------------------------------------

    def existing_ids(self, doc_ids: Sequence[str]) -> set[str]:
        if not doc_ids:
            return set()
        rows = self._db.execute("SELECT id FROM documents WHERE id = ANY(%s)", (list(doc_ids),))
        return {row[0] for row in rows}

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
        lines = sorted(set(line_keys)) if doc.outlet else []
        # A failed statement must not abort the batch's transaction: the savepoint keeps the
        # documents stored before it. Savepoint, statement and release travel together.
        try:
            with self._db.pipeline():
                self._db.execute("SAVEPOINT add_document")
                cursor = self._db.execute(
                    _ADD_DOCUMENT.encode(),
                    (
                        doc.id,
                        doc.source,
                        stored.kind,
                        stored.raw,
                        json.dumps(stored.meta, ensure_ascii=False),
                        *document_values(doc),
                        now(),
                        signature,
                        list(bands),
                        doc.outlet,
                        lines,
                        doc.source,
                    ),
                )
                self._db.execute("RELEASE add_document")
        except psycopg.Error as exc:
            self._db.execute("ROLLBACK TO add_document")
            self._db.execute("RELEASE add_document")
            raise StoreError(f"cannot store {doc.source}: {_first_line(exc)}") from exc
        row = cursor.fetchone()
        if row and row[0] and doc.outlet:
            self._count_lines(doc.outlet, row[1] or [], row[2] or [])
        added = bool(row and row[0])
        self._grown += added
        return added

    def _count_lines(self, outlet: str, keys: Sequence[str], counts: Sequence[int]) -> None:
        """Bring the kept shared lines of ``outlet`` up to the counts just written."""
        for (kept_outlet, min_docs), shared in self._lines.items():
            if kept_outlet == outlet:
                shared.update(k for k, n in zip(keys, counts, strict=True) if n >= min_docs)

    def update_document(self, document: Document) -> None:
        self._lines.clear()
        super().update_document(document)

    def documents(self, *, outlet: str | None = None) -> Iterator[Document]:
        sql = f"SELECT seq, {DOC_COLUMNS} FROM documents WHERE TRUE"
        params: tuple[Any, ...] = ()
        if outlet is not None:
            sql += " AND outlet = ?"
            params = (outlet,)
        for row in self._pages(sql, params, seq_column="seq"):
            yield row_to_document(row)

    # -- deduplication ---------------------------------------------------------------------

    def near_duplicate_candidates(self, bands: Sequence[str]) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        rows = self._db.execute(_NEAR_DUPLICATES, (list(bands),), prepare=False)
        return [(str(doc_id), bytes(sig)) for doc_id, sig in rows]

    def original_candidates(
        self, content_hash: str, bands: Sequence[str]
    ) -> tuple[str | None, list[tuple[str, bytes]]]:
        with self._db.pipeline():
            exact = self._db.execute(_EXACT_DUPLICATE, (content_hash,))
            # Not prepared: a plan kept from when the store was small would scan all bands.
            near = (
                self._db.execute(_NEAR_DUPLICATES, (list(bands),), prepare=False) if bands else None
            )
        row = exact.fetchone()
        found = [] if near is None else [(str(i), bytes(sig)) for i, sig in near.fetchall()]
        return (str(row[0]) if row else None), found

    # -- outlet furniture ------------------------------------------------------------------

    def repeated_lines(self, outlet: str, *, min_docs: int) -> frozenset[str]:
        kept = self._lines.get((outlet, min_docs))
        if kept is not None and self._in_tx:
            return frozenset(kept)
        rows = self._db.execute(
            "SELECT line_key FROM outlet_lines WHERE outlet = %s AND docs >= %s",
            (outlet, min_docs),
        )
        found = {row[0] for row in rows}
        if self._in_tx:  # under the writer lock: only this connection changes them now
            self._lines[(outlet, min_docs)] = found
        return frozenset(found)

    def repeated_lines_of(
        self, outlets: Sequence[str], *, min_docs: int
    ) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for outlet, key in self._db.execute(
            "SELECT outlet, line_key FROM outlet_lines WHERE outlet = ANY(%s) AND docs >= %s",
            (list(outlets), min_docs),
        ):
            found.setdefault(outlet, set()).add(key)
        return {outlet: frozenset(keys) for outlet, keys in found.items()}

    # -- failures --------------------------------------------------------------------------

    def clear_failures(self, *, stage: str, doc_ids: Sequence[str] | None = None) -> int:
        self._begin()
        sql = f"DELETE FROM failures WHERE {STAGE_MATCH}"
        if doc_ids is None:
            return self._run(sql, (stage, stage, stage)).rowcount
        return self._run(
            sql + " AND doc_id = ANY(?)", (stage, stage, stage, list(doc_ids))
        ).rowcount

    # -- annotations -----------------------------------------------------------------------

    def replace_annotations(
        self, doc_id: str, annotations: Sequence[Annotation], *, version: str, content_hash: str
    ) -> None:
        with (
            self._savepoint("annotations", f"cannot store the annotations of {doc_id}"),
            self._db.cursor() as cur,
        ):
            cur.execute("DELETE FROM annotations WHERE doc_id = %s", (doc_id,))
            cur.execute("DELETE FROM kept_mentions WHERE doc_id = %s", (doc_id,))
            # COPY: a long article has thousands of spans; one round trip stores them all.
            with cur.copy(
                'COPY annotations (doc_id, layer, start, "end", text, attrs) FROM STDIN'
            ) as copy:
                for a in annotations:
                    copy.write_row((doc_id, a.layer, a.start, a.end, a.text, _json(a.attrs)))
            cur.execute(
                "INSERT INTO annotated VALUES (%s, %s, %s, %s) ON CONFLICT (doc_id) DO UPDATE"
                " SET version = excluded.version, content_hash = excluded.content_hash,"
                " at = excluded.at",
                (doc_id, version, content_hash, now()),
            )

    def annotations_of(
        self, doc_ids: Sequence[str], *, layer: str | None = None
    ) -> dict[str, list[Annotation]]:
        sql = 'SELECT doc_id, layer, start, "end", text, attrs FROM annotations'
        sql += " WHERE doc_id = ANY(%s)"
        params: tuple[Any, ...] = (list(doc_ids),)
        if layer is not None:
            sql += " AND layer = %s"
            params += (layer,)
        rows = self._db.execute((sql + ' ORDER BY doc_id, start, "end", layer').encode(), params)
        found: dict[str, list[Annotation]] = {}
        for doc, lay, st, en, tx, at in rows:
            found.setdefault(doc, []).append(
                Annotation(doc_id=doc, layer=lay, start=st, end=en, text=tx, attrs=json.loads(at))
            )
        return found

    def forget_document(self, doc_id: str, *, line_keys: Iterable[str]) -> bool:
        self._lines.clear()
        return super().forget_document(doc_id, line_keys=line_keys)

    def _uncount_lines(self, outlet: str, keys: Sequence[str]) -> None:
        self._run(
            "UPDATE outlet_lines SET docs = docs - 1 WHERE outlet = ? AND line_key = ANY(?)",
            (outlet, list(keys)),
        )

    # -- canonical entities ----------------------------------------------------------------

    def replace_entities(self, entities: Sequence[StoredEntity]) -> None:
        self._begin()
        with self._db.cursor() as cur:
            # One generation bump for the whole write (migration 0011), as on SQLite.
            cur.execute("UPDATE store_generation SET n = n + 1")
            cur.execute("DELETE FROM entity_mentions")
            cur.execute("DELETE FROM entities")
            with cur.copy("COPY entities (id, name, type, party, data) FROM STDIN") as copy:
                for e in entities:
                    copy.write_row((e.id, e.name, e.type, e.party, _json(e.data)))
            with cur.copy(
                'COPY entity_mentions (entity_id, doc_id, start, "end") FROM STDIN'
            ) as copy:
                for e in entities:
                    for doc, start, end in e.mentions:
                        copy.write_row((e.id, doc, start, end))

    # -- what the web app asks -------------------------------------------------------------

    def data_version(self) -> str:
        """Moves whenever a transaction anywhere on the server begins or ends (the server's
        snapshot of running transactions): a cheap hint that the store may have changed."""
        row = self._one("SELECT pg_current_snapshot()::text")
        return str(row[0]) if row else ""

    def fingerprint(self) -> tuple[int, int, str, int, int, int]:
        row = self._one(
            "SELECT (SELECT count(*) FROM documents),"
            " (SELECT count(*) FROM annotated), (SELECT coalesce(max(at), '') FROM annotated),"
            " (SELECT count(*) FROM entities),"
            " (SELECT count(*) FROM corrections), (SELECT coalesce(max(id), 0) FROM corrections)"
        )
        assert row is not None
        return (int(row[0]), int(row[1]), str(row[2]), int(row[3]), int(row[4]), int(row[5]))

    def search_index(self) -> PostgresSearch:
        return PostgresSearch(self.path)

    # -- the user's corrections -------------------------------------------------------------

    def add_correction(self, correction: Correction) -> int:
        self._begin()
        row = self._one(
            "INSERT INTO corrections (kind, target, value, note, created_at)"
            " VALUES (%s, %s, %s, %s, %s) RETURNING id",
            correction_values(correction),
        )
        self.commit()
        return int(row[0]) if row else 0


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class PostgresSearch:
    """Search over the ``search`` tsvector column the migrations keep (a GIN index).

    It has its own connection: the web app keeps one search per briefing and answers requests
    from several threads, after the store that built the briefing is closed. The query is
    bounded by :func:`parse_query` as on SQLite, and its time by the server's
    ``statement_timeout``: a search past :data:`SEARCH_SECONDS` is cancelled and refused.
    """

    def __init__(self, url: str, *, seconds: float = SEARCH_SECONDS) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._db = connect(url)

    def search(
        self, text: str, *, limit: int, offset: int, ranked_up_to: int = RANKED_UP_TO
    ) -> SearchResults:
        wanted = parse_query(text)
        if not wanted.terms:
            return SearchResults(0, [], wanted, ranked=True)
        with self._lock:
            try:
                with self._db.transaction():
                    # A timeout of 0 would mean none: a budget always lasts at least 1 ms.
                    budget = max(1, int(self.seconds * 1000))
                    self._db.execute(f"SET LOCAL statement_timeout = {budget}".encode())
                    return self._run(wanted, limit=limit, offset=offset, ranked_up_to=ranked_up_to)
            except psycopg.errors.QueryCanceled:
                raise SearchRefused(
                    "q", f"the search took more than {self.seconds:g} s; use fewer or rarer words"
                ) from None

    def _run(
        self, wanted: SearchQuery, *, limit: int, offset: int, ranked_up_to: int
    ) -> SearchResults:
        words = " ".join(wanted.terms)
        query = "plainto_tsquery('simple', %s)"
        options = f"StartSel={HIT_OPEN}, StopSel={HIT_CLOSE}, MaxWords=24, MinWords=12"
        row = self._db.execute(
            f"SELECT count(*) FROM documents WHERE search @@ {query}".encode(), (words,)
        ).fetchone()
        count = int(row[0]) if row else 0
        ranked = count <= ranked_up_to
        if count == 0:
            return SearchResults(0, [], wanted, ranked)
        score = f"ts_rank(search, {query})" if ranked else "0"
        order = "score DESC, seq" if ranked else "seq DESC"
        # The snippet is worked out for the page's rows only: ts_headline reads a whole text.
        rows = self._db.execute(
            f"SELECT id, title, ts_headline('simple', text, {query}, %s) FROM"
            f" (SELECT seq, id, title, text, {score} AS score FROM documents"
            f" WHERE search @@ {query} ORDER BY {order} LIMIT %s OFFSET %s) page"
            f" ORDER BY {order}".encode(),
            (words, options, *([words] if ranked else []), words, limit, offset),
        ).fetchall()
        hits = [SearchHit(i, t or None, s) for i, t, s in rows]
        return SearchResults(count, hits, wanted, ranked)

    def close(self) -> None:
        with self._lock:
            self._db.close()
