"""Full-text search over the stored documents' titles and texts, for the web app.

Each backend answers searches its own way behind one small interface: the SQLite store builds
an in-memory FTS5 index (:class:`MemorySearch`), the PostgreSQL store queries the ``tsvector``
column its migration keeps (:class:`communique.store.postgres.PostgresSearch`). Both match the
same way: every word of the query must occur, words as written (case folded, no stemming), the
best match first up to :data:`RANKED_UP_TO` matches, the most recently stored first past it.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from communique.models import Document

__all__ = ["RANKED_UP_TO", "DocumentSearch", "MemorySearch", "SearchHit", "query_words"]

RANKED_UP_TO = 5_000
"""Searches matching more documents than this list them most recently stored first."""
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"
_WORD = re.compile(r"\w+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching document; ``snippet`` marks the matched words between \\x02 and \\x03."""

    document: str
    title: str | None
    snippet: str


class DocumentSearch(Protocol):
    """What the web app asks of a store's search."""

    def search(
        self, text: str, *, limit: int, offset: int, ranked_up_to: int = RANKED_UP_TO
    ) -> tuple[int, list[SearchHit]]:
        """How many documents hold every word of ``text``, and one page of them."""
        ...

    def close(self) -> None: ...


def query_words(text: str) -> list[str]:
    """The words of a query: the user's punctuation is never syntax."""
    return _WORD.findall(text)


def without_controls(text: str) -> str:
    return _CONTROL.sub(" ", text)


class MemorySearch:
    """An in-memory SQLite FTS5 table over title and text.

    Built beside each briefing rather than kept in the store file, so searching needs no
    migration and costs a lookup, not a scan of every article, whatever the store's size.
    """

    def __init__(self, documents: Iterable[Document]) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?)",
            ((d.id, without_controls(d.title or ""), without_controls(d.text)) for d in documents),
        )
        self._db.commit()

    @staticmethod
    def query(text: str) -> str:
        """Every word of ``text`` as a quoted FTS5 term."""
        return " ".join(f'"{word}"' for word in query_words(text))

    def search(
        self, text: str, *, limit: int, offset: int, ranked_up_to: int = RANKED_UP_TO
    ) -> tuple[int, list[SearchHit]]:
        """Best match first, or, past ``ranked_up_to`` matches, the most recently stored first
        (ranking scores every match, which a word found in most of a large store makes slow)."""
        match = self.query(text)
        if not match:
            return 0, []
        with self._lock:
            total = self._db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,))
            count = int(total.fetchone()[0])
            order = "rank" if count <= ranked_up_to else "rowid DESC"
            rows = self._db.execute(
                "SELECT id, title, snippet(docs, 2, ?, ?, '…', 24) FROM docs"
                f" WHERE docs MATCH ? ORDER BY {order} LIMIT ? OFFSET ?",
                (HIT_OPEN, HIT_CLOSE, match, limit, offset),
            ).fetchall()
        return count, [SearchHit(i, t or None, s) for i, t, s in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
