"""The SQLite side of the store's caches (migrations 0006, 0009 and 0011): sentence
vectors, per-document results, finished briefings, each document's entity mentions and the
corpus passes' kept results.

Each method is one or two plain SQL statements on the store's one connection, inside its
write transaction, so a PostgreSQL backend ports them by changing placeholders
(``?`` → ``%s``) and ``INSERT OR REPLACE`` → ``INSERT … ON CONFLICT … DO UPDATE``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from typing import TypeVar

__all__ = ["CacheTables"]

_CHUNK = 500  # SQLite's host-parameter limit is 999 on old builds
_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]


class CacheTables:
    """Mixed into :class:`communique.store.sqlite.SQLiteStore`."""

    _db: sqlite3.Connection

    def _begin(self) -> None:
        raise NotImplementedError

    def cached_vectors(
        self, model: str, keys: Sequence[bytes]
    ) -> dict[bytes, tuple[str, int, bytes]]:
        """``{sha256: (dtype, dim, vector bytes)}`` of the sentences of ``model`` kept."""
        found: dict[bytes, tuple[str, int, bytes]] = {}
        kept = self._db.execute(
            "SELECT count(*) FROM embedding_cache WHERE model = ?", (model,)
        ).fetchone()[0]
        if 2 * len(keys) >= kept:
            # Most of the model's vectors (a briefing asks for every sentence's): one pass over
            # them took half the time of looking each up (26,000 of 26,000 at 10k documents).
            wanted = set(keys)
            rows = self._db.execute(
                "SELECT sha256, dtype, dim, vector FROM embedding_cache WHERE model = ?", (model,)
            )
            return {bytes(k): (d, n, bytes(v)) for k, d, n, v in rows if k in wanted}
        # As many keys a query as the build allows: each query walks the table's pages again
        # (26,000 vectors read back in 53 queries took twice as long as in one).
        size = max(_CHUNK, self._db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - 1)
        for part in _chunks(list(keys), size):
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                "SELECT sha256, dtype, dim, vector FROM embedding_cache"
                f" WHERE model = ? AND sha256 IN ({marks})",
                (model, *part),
            )
            found.update({bytes(k): (d, n, bytes(v)) for k, d, n, v in rows})
        return found

    def cache_vectors(self, model: str, rows: Sequence[tuple[bytes, str, int, bytes]]) -> None:
        """Keep (sha256, dtype, dim, vector bytes) rows of ``model``; a kept key is left as is."""
        self._begin()
        self._db.executemany(
            "INSERT OR IGNORE INTO embedding_cache VALUES (?, ?, ?, ?, ?)",
            [(model, key, dtype, dim, vector) for key, dtype, dim, vector in rows],
        )

    def document_results(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """``{doc_id: (key, data)}`` of the documents whose results are kept."""
        found: dict[str, tuple[str, bytes]] = {}
        for part in _chunks(list(doc_ids)):
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT doc_id, key, data FROM document_results WHERE doc_id IN ({marks})", part
            )
            found.update({d: (k, bytes(b)) for d, k, b in rows})
        return found

    def put_document_results(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep (doc_id, key, data) rows, replacing what a document had."""
        self._begin()
        self._db.executemany("INSERT OR REPLACE INTO document_results VALUES (?, ?, ?)", rows)

    def kept_mentions(self) -> dict[str, tuple[str, bytes]]:
        """``{doc_id: (key, data)}`` of every document whose entity mentions are kept."""
        rows = self._db.execute("SELECT doc_id, key, data FROM kept_mentions")
        return {d: (k, bytes(b)) for d, k, b in rows}

    def keep_mentions(self, rows: Sequence[tuple[str, str, bytes]]) -> None:
        """Keep (doc_id, key, data) rows of entity mentions, replacing a document's row."""
        self._begin()
        self._db.executemany("INSERT OR REPLACE INTO kept_mentions VALUES (?, ?, ?)", rows)

    def pass_results(self, kind: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """``{key: data}`` kept by the pass ``kind`` (migration 0011)."""
        found: dict[bytes, bytes] = {}
        for part in _chunks(list(keys)):
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT key, data FROM pass_results WHERE kind = ? AND key IN ({marks})",
                (kind, *part),
            )
            found.update({bytes(k): bytes(d) for k, d in rows})
        return found

    def keep_pass_results(self, kind: str, rows: Sequence[tuple[bytes, bytes]]) -> None:
        """Keep (key, data) rows of the pass ``kind``; a kept key is left as it is."""
        self._begin()
        self._db.executemany(
            "INSERT OR IGNORE INTO pass_results VALUES (?, ?, ?)",
            [(kind, key, data) for key, data in rows],
        )

    def cached_briefing(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT data FROM briefing_cache WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def cache_briefing(self, key: str, data: bytes) -> None:
        """Keep one briefing: the latest is the only one a rebuild can reuse."""
        self._begin()
        self._db.execute("DELETE FROM briefing_cache")
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._db.execute("INSERT INTO briefing_cache VALUES (?, ?, ?)", (key, at, data))
