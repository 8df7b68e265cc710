"""Full-text search over the stored articles, bounded so that no query can hold the app.

Each backend answers searches its own way behind one small interface (:class:`DocumentSearch`):
the SQLite store builds the FTS5 index below (:class:`SearchIndex`), the PostgreSQL store
queries the ``tsvector`` column its migration keeps
(:class:`communique.store.postgres.PostgresSearch`). Both parse the query with
:func:`parse_query` (the same bounds, the same 422) and stop a search after
:data:`SEARCH_SECONDS`; both rank the best match first up to :data:`RANKED_UP_TO` matches.

The SQLite index is an FTS5 table in a temporary file built beside each briefing. Each search
takes its own read connection from a small pool, so searches run side by side and a slow one
never makes the others wait. What one search may cost is bounded four ways: the query's length
(:data:`MAX_QUERY_CHARS`), its distinct words (:data:`MAX_TERMS`), each word's length
(:data:`MAX_TERM_CHARS`) and its time (:data:`SEARCH_SECONDS`, enforced inside SQLite by a
progress handler). Repeating a word adds nothing: words are searched once each.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from communique.errors import SearchRefused

__all__ = [
    "HIT_CLOSE",
    "HIT_OPEN",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "MAX_TERM_CHARS",
    "RANKED_UP_TO",
    "SEARCH_SECONDS",
    "DocumentSearch",
    "SearchBuilding",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResults",
    "Searchable",
    "parse_query",
]

MAX_QUERY_CHARS = 1_000
"""A longer query is refused (422) before any work is done."""
MAX_TERMS = 12
"""Distinct words searched; the rest are named as ignored."""
MAX_TERM_CHARS = 40
"""A longer "word" (a pasted hash, a run of letters) is ignored: no article word is that long."""
SEARCH_SECONDS = 2.0
"""Time one search may take inside SQLite before it is stopped and refused."""
RANKED_UP_TO = 5_000
"""Searches matching more documents than this list them most recently stored first."""

_WORD = re.compile(r"\w+")
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PROGRESS_STEPS = 2_000  # SQLite VM steps between two looks at the clock


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """The words a query searches for, and those it had to leave out."""

    terms: tuple[str, ...]
    ignored: tuple[str, ...]

    @property
    def match(self) -> str:
        """Every word as a quoted FTS5 term: the user's punctuation is never syntax."""
        return " ".join(f'"{word}"' for word in self.terms)


def parse_query(text: str) -> SearchQuery:
    """The distinct words of ``text`` (case ignored, first spelling kept), at most
    :data:`MAX_TERMS` of them; raise :class:`SearchRefused` for an over-long query."""
    if len(text) > MAX_QUERY_CHARS:
        raise SearchRefused(
            "q", f"{len(text):,} characters; a search takes at most {MAX_QUERY_CHARS:,}"
        )
    seen: set[str] = set()
    terms: list[str] = []
    ignored: list[str] = []
    for word in _WORD.findall(text):
        key = word.casefold()
        if key in seen:
            continue
        seen.add(key)
        if len(word) > MAX_TERM_CHARS or len(terms) >= MAX_TERMS:
            ignored.append(word)
        else:
            terms.append(word)
    return SearchQuery(tuple(terms), tuple(ignored))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching document; ``snippet`` marks the matched words between \\x02 and \\x03."""

    document: str
    title: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchResults:
    """How many documents hold every word searched, one page of them, and what was searched."""

    total: int
    hits: list[SearchHit]
    query: SearchQuery
    ranked: bool


class DocumentSearch(Protocol):
    """What the web app asks of a store's search."""

    def search(
        self, text: str, *, limit: int, offset: int, ranked_up_to: int = RANKED_UP_TO
    ) -> SearchResults:
        """How many documents hold every word of ``text``, and one page of them; raise
        :class:`SearchRefused` for a query over the bounds or out of time."""
        ...

    def close(self) -> None: ...


class Searchable(Protocol):
    """What the index reads of a document (a :class:`Document` or a row of these columns)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str | None: ...

    @property
    def text(self) -> str: ...


class SearchIndex:
    """Full-text search over title and text, in a temporary SQLite FTS5 file.

    Kept beside the briefing rather than in the store, so searching needs no migration and
    costs a lookup, not a scan of every article, whatever the store's size.
    """

    def __init__(self, documents: Iterable[Searchable], *, seconds: float = SEARCH_SECONDS) -> None:
        self.seconds = seconds
        handle, self._path = tempfile.mkstemp(prefix="communique-search-", suffix=".db")
        os.close(handle)
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()  # guards only the pool's open/closed state
        with contextlib.closing(sqlite3.connect(self._path)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute(
                "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text,"
                " tokenize = 'unicode61 remove_diacritics 2')"
            )
            db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?)",
                (
                    (d.id, _CONTROL.sub(" ", d.title or ""), _CONTROL.sub(" ", d.text))
                    for d in documents
                ),
            )
            db.commit()

    @staticmethod
    def query(text: str) -> str:
        """The FTS5 MATCH expression :meth:`search` runs for ``text``."""
        return parse_query(text).match

    def search(
        self, text: str, *, limit: int, offset: int, ranked_up_to: int = RANKED_UP_TO
    ) -> SearchResults:
        """Documents holding every word: best match first, or, past :data:`RANKED_UP_TO`
        matches, the most recently stored first (ranking scores every match, which a word
        found in most of a large store makes slow). Raise :class:`SearchRefused` when the
        query is too long or the search runs out of time."""
        wanted = parse_query(text)
        if not wanted.terms:
            return SearchResults(0, [], wanted, ranked=True)
        with self._connection() as db:
            deadline = time.monotonic() + self.seconds
            db.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)
            try:
                return self._run(db, wanted, limit=limit, offset=offset, ranked_up_to=ranked_up_to)
            except sqlite3.OperationalError as exc:
                if "interrupted" not in str(exc):
                    raise
                raise SearchRefused(
                    "q", f"the search took more than {self.seconds:g} s; use fewer or rarer words"
                ) from None
            finally:
                db.set_progress_handler(None, 0)

    @staticmethod
    def _run(
        db: sqlite3.Connection, wanted: SearchQuery, *, limit: int, offset: int, ranked_up_to: int
    ) -> SearchResults:
        match = wanted.match
        count = int(
            db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()[0]
        )
        ranked = count <= ranked_up_to
        order = "rank" if ranked else "rowid DESC"
        rows = db.execute(
            "SELECT id, title, snippet(docs, 2, ?, ?, '…', 24) FROM docs"
            f" WHERE docs MATCH ? ORDER BY {order} LIMIT ? OFFSET ?",
            (HIT_OPEN, HIT_CLOSE, match, limit, offset),
        ).fetchall()
        hits = [SearchHit(i, t or None, s) for i, t, s in rows]
        return SearchResults(count, hits, wanted, ranked)

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A read connection of its own for one search; back to the pool afterwards."""
        try:
            db = self._idle.get_nowait()
        except queue.Empty:
            db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
        try:
            yield db
        finally:
            with self._lock:
                keep = not self._closed
                if keep:
                    self._idle.put(db)
            if not keep:
                db.close()

    def close(self) -> None:
        """Close idle connections and remove the file; searches in flight finish first on
        their own open handle and close their connection themselves."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                break
        with contextlib.suppress(OSError):
            os.remove(self._path)


class SearchBuilding:
    """A search whose index ``build`` makes in a thread of its own, started now: a server's
    first pages need no search, and the SQLite index reads and indexes every document (most of
    a restarted server's wait for its first page once its rows are kept). A search waits for
    the index; an index that could not be built raises its error at each search."""

    def __init__(self, build: Callable[[], DocumentSearch]) -> None:
        self._done = threading.Event()
        self._index: DocumentSearch | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(
            target=self._build, args=(build,), name="search-index", daemon=True
        )
        self._thread.start()

    def _build(self, build: Callable[[], DocumentSearch]) -> None:
        try:
            self._index = build()
        except Exception as exc:  # raised again to each search, where a page shows it
            self._error = exc
        finally:
            self._done.set()

    def ready(self) -> DocumentSearch:
        """The built index (waiting for it)."""
        self._done.wait()
        if self._index is None:
            raise self._error or RuntimeError("the search index was not built")
        return self._index

    def search(
        self, text: str, *, limit: int, offset: int, ranked_up_to: int = RANKED_UP_TO
    ) -> SearchResults:
        return self.ready().search(text, limit=limit, offset=offset, ranked_up_to=ranked_up_to)

    def close(self) -> None:
        self._thread.join()
        if self._index is not None:
            self._index.close()
