"""The PostgreSQL side of the store's caches (migrations 0006, 0009 and 0011): sentence vectors,
per-document results, finished briefings and entity mentions, the statements of
:mod:`communique.store.sqlite_caches` with PostgreSQL's placeholders and upserts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import psycopg

__all__ = ["PgCacheTables"]


class PgCacheTables:
    """Mixed into :class:`communique.store.postgres.PostgresStore`."""

    _db: psycopg.Connection[tuple[Any, ...]]

    def _begin(self) -> None:
        raise NotImplementedError

    def cached_vectors(
        self, model: str, keys: Sequence[bytes]
    ) -> dict[bytes, tuple[str, int, bytes]]:
        """``{sha256: (dtype, dim, vector bytes)}`` of the sentences of ``model`` kept."""
        if not keys:
            return {}
        rows = self._db.execute(
            "SELECT sha256, dtype, dim, vector FROM embedding_cache"
            " WHERE model = %s AND sha256 = ANY(%s)",
            (model, list(keys)),
        )
        return {bytes(k): (d, int(n), bytes(v)) for k, d, n, v in rows}

    def cache_vectors(self, model: str, rows: Sequence[tuple[bytes, str, int, bytes]]) -> None:
        """Keep (sha256, dtype, dim, vector bytes) rows of ``model``; a kept key is left as is."""
        self._begin()
        with self._db.cursor() as cur:
            cur.executemany(
                "INSERT INTO embedding_cache VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [(model, key, dtype, dim, vector) for key, dtype, dim, vector in rows],
            )

    def document_results(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """``{doc_id: (key, data)}`` of the documents whose results are kept."""
        if not doc_ids:
            return {}
        rows = self._db.execute(
            "SELECT doc_id, key, data FROM document_results WHERE doc_id = ANY(%s)",
            (list(doc_ids),),
        )
        return {d: (k, bytes(b)) for d, k, b in rows}

    def put_document_results(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep (doc_id, key, data) rows, replacing what a document had."""
        self._begin()
        with self._db.cursor() as cur:
            cur.executemany(
                "INSERT INTO document_results VALUES (%s, %s, %s) ON CONFLICT (doc_id)"
                " DO UPDATE SET key = excluded.key, data = excluded.data",
                list(rows),
            )

    def kept_mentions(self) -> dict[str, tuple[str, bytes]]:
        """``{doc_id: (key, data)}`` of every document whose entity mentions are kept."""
        rows = self._db.execute("SELECT doc_id, key, data FROM kept_mentions")
        return {d: (k, bytes(b)) for d, k, b in rows}

    def keep_mentions(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep (doc_id, key, data) rows of entity mentions, replacing a document's row."""
        self._begin()
        with self._db.cursor() as cur:
            cur.executemany(
                "INSERT INTO kept_mentions VALUES (%s, %s, %s) ON CONFLICT (doc_id)"
                " DO UPDATE SET key = excluded.key, data = excluded.data",
                list(rows),
            )

    def pass_results(self, kind: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """``{key: data}`` kept by the pass ``kind`` (migration 0011)."""
        if not keys:
            return {}
        rows = self._db.execute(
            "SELECT key, data FROM pass_results WHERE kind = %s AND key = ANY(%s)",
            (kind, list(keys)),
        )
        return {bytes(k): bytes(d) for k, d in rows}

    def keep_pass_results(self, kind: str, rows: Sequence[tuple[bytes, bytes]]) -> None:
        """Keep (key, data) rows of the pass ``kind``; a kept key is left as it is."""
        self._begin()
        with self._db.cursor() as cur:
            cur.executemany(
                "INSERT INTO pass_results VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                [(kind, key, data) for key, data in rows],
            )

    def cached_briefing(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT data FROM briefing_cache WHERE key = %s", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def cache_briefing(self, key: str, data: bytes) -> None:
        """Keep one briefing: the latest is the only one a rebuild can reuse."""
        self._begin()
        self._db.execute("DELETE FROM briefing_cache")
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._db.execute("INSERT INTO briefing_cache VALUES (%s, %s, %s)", (key, at, data))
