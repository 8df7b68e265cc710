"""The briefing the web app serves, built once per store state and kept until the store changes.

Every request asks :meth:`SnapshotCache.current` for the briefing. Asking costs one probe of the
store's data version (SQLite's ``PRAGMA data_version``, which moves whenever another connection
commits; PostgreSQL's snapshot of running transactions); only when it moved
are the store's counts read, and only when those differ is the briefing built again. While a
newer briefing builds, requests keep getting the last one (flagged ``stale``), so an ingest
running beside the server never stalls a page. Only the very first build is waited for.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, TypeVar

from communique.analyse.embed import SentenceEmbedder
from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    Briefing,
)
from communique.brief.rows import ById, RowList, StoredBriefing
from communique.brief.serving import build_for_serving, for_readers, kept_for_serving
from communique.errors import BuildFailed, CommuniqueError
from communique.store import Store, open_store
from communique.store.briefing_rows import Where, has_term
from communique.store.search import (
    RANKED_UP_TO,
    DocumentSearch,
    SearchBuilding,
    SearchHit,
    SearchIndex,
)

if TYPE_CHECKING:
    from communique.web.charts import PageCharts
    from communique.web.claims_view import ClaimView, DocumentClaim
    from communique.web.page_counts import PageCounts

__all__ = [
    "RANKED_UP_TO",
    "DocumentSearch",
    "SearchHit",
    "SearchIndex",
    "Snapshot",
    "SnapshotCache",
    "build_apart",
    "build_rows",
    "for_readers",
]


T = TypeVar("T")

Fingerprint = tuple[int, int, str, int, int, int]
"""(documents, annotated documents, latest annotation time, canonical entities, the user's
corrections and the latest correction's id)."""

_MEMO_SIZE = 256
_LARGE_SIZE = 4


@dataclass(frozen=True)
class Snapshot:
    """One briefing, kept as rows in the store, and the lookups every page needs, for one state
    of the store. ``briefing``'s lists are :class:`~communique.brief.rows.RowList` sequences
    over the store's briefing tables: counting and slicing them are queries."""

    fingerprint: Fingerprint
    stored: StoredBriefing
    search: DocumentSearch
    built_at: float
    build_seconds: float
    reader: Store
    stale: bool = False
    _memo: dict[Hashable, object] = field(default_factory=dict, repr=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _large: dict[Hashable, object] = field(default_factory=dict, repr=False)

    @property
    def briefing(self) -> Briefing:
        return self.stored.briefing

    @property
    def documents(self) -> ById[BriefDocument]:
        return self.memo("documents-by-id", lambda: ById(self.stored.rows("documents")))

    @property
    def entities(self) -> ById[BriefEntity]:
        return self.memo("entities-by-id", lambda: ById(self.stored.rows("entities")))

    @property
    def events(self) -> ById[BriefEvent]:
        return self.memo("events-by-id", lambda: ById(self.stored.rows("events")))

    @property
    def claims(self) -> ById[BriefClaim]:
        return self.memo("claims-by-id", lambda: ById(self.stored.rows("claims")))

    def claim_page(self, claim_id: str) -> ClaimView | None:
        """A claim as its own page shows it (evidence cut to ``CLAIM_VIEWS``' number)."""
        from communique.web.claims_view import ClaimView

        def pick() -> ById[ClaimView]:
            return ById(self.stored.rows("claim_pages", kind=ClaimView), keep=64)

        return self.memo("claim-pages", pick).get(claim_id)

    def charts(self) -> PageCharts | None:
        """The unfiltered pages' charts kept beside the briefing (None for rows written
        without them: the pages work them out from the rows)."""
        from communique.web.charts import PageCharts

        def pick() -> PageCharts | None:
            found: PageCharts | None = self.stored.rows("charts", kind=PageCharts).first()
            return found

        return self.memo("page-charts", pick)

    def counts(self) -> PageCounts | None:
        """The unfiltered pages' pick-lists and counts kept beside the briefing (None for
        rows written without them: the pages count the rows)."""
        from communique.web.page_counts import PageCounts

        def pick() -> PageCounts | None:
            found: PageCounts | None = self.stored.rows("page_counts", kind=PageCounts).first()
            return found

        return self.memo("page-counts", pick)

    def entities_of(self, doc_id: str) -> list[BriefEntity]:
        """The entities one document names, in the briefing's order."""
        term = Where(has_term(), (f"doc:{doc_id}",))
        return list(self.stored.rows("entities", term))

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per key for this snapshot: a count, a chart or a small filtered
        list is worked out the first time it is asked for."""
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[return-value]
        value = compute()
        with self._memo_lock:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = value
        return value

    def memo_large(self, key: Hashable, compute: Callable[[], T]) -> T:
        """As :meth:`memo`, for a filtered briefing or list that may be large: only the last
        few are kept, so the server's memory stays bounded however many filters are asked."""
        with self._memo_lock:
            if key in self._large:
                return self._large[key]  # type: ignore[return-value]
        value = compute()
        with self._memo_lock:
            if len(self._large) >= _LARGE_SIZE:
                self._large.pop(next(iter(self._large)))
            self._large[key] = value
        return value

    def entity_named(self, name: str | None) -> BriefEntity | None:
        """The entity a name is (its canonical name or an alias); the latest one wins."""
        if not name:
            return None
        term = f"name:{name.casefold()}"

        def pick() -> BriefEntity | None:
            rows = self.stored.rows("entities", Where(has_term(), (term,)), order="r.ord DESC")
            found: BriefEntity | None = rows.first()
            return found

        return self.memo(("entity-named", term), pick)

    def claims_of(self, doc_id: str) -> list[DocumentClaim]:
        """The claims one document tells, in the briefing's order, each with only that
        document's evidence: one indexed row (``document_claims``), never the whole claims."""
        from communique.web.claims_view import DocumentClaims

        rows: RowList[DocumentClaims] = self.stored.rows(
            "document_claims", Where("r.doc = ?", (doc_id,)), kind=DocumentClaims
        )
        held = rows.first()
        return list(held.claims) if held is not None else []

    def close(self) -> None:
        self.search.close()
        self.reader.close()

    def as_stale(self) -> Snapshot:
        return Snapshot(
            self.fingerprint,
            self.stored,
            self.search,
            self.built_at,
            self.build_seconds,
            self.reader,
            stale=True,
            _memo=self._memo,
            _memo_lock=self._memo_lock,
            _large=self._large,
        )


class SnapshotCache:
    """Holds the current :class:`Snapshot` of one store and rebuilds it on change."""

    def __init__(
        self,
        *,
        db: str,
        embedder: SentenceEmbedder,
        on_build: Callable[[Snapshot], None] | None = None,
        sides: Mapping[str, Sequence[str]] | None = None,
        apart: bool = False,
    ) -> None:
        """``on_build`` prepares each new snapshot (counts, charts) before it goes into
        service, so requests never pay for that preparation; ``apart`` builds each briefing
        in a process of its own (:func:`build_apart`)."""
        self.db = db
        self._apart = apart
        self._embedder = embedder
        self._on_build = on_build
        self._sides = sides
        # Its own connection, which never writes: SQLite's data_version moves only for
        # commits made by other connections.
        self._probe = open_store(db)
        self._probe_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._retired: Snapshot | None = None
        self._seen_version = ""
        self._seen_fingerprint: Fingerprint | None = None
        self._background: threading.Thread | None = None
        self.last_error: str | None = None

    def close(self) -> None:
        if self._background is not None:
            self._background.join()
        with self._probe_lock:
            self._probe.close()
        for snapshot in (self._snapshot, self._retired):
            if snapshot is not None:
                snapshot.close()

    def fingerprint(self) -> Fingerprint:
        """What changes when documents are added, annotated again or entities resolved, or
        the user corrects something."""
        with self._probe_lock:
            return self._probe.fingerprint()

    def _changed(self) -> Fingerprint | None:
        """The store's fingerprint when it may differ from the current snapshot's, else None."""
        with self._probe_lock:
            version = self._probe.data_version()
            if version == self._seen_version and self._snapshot is not None:
                return None
            self._seen_version = version
        seen = self.fingerprint()
        if self._snapshot is not None and seen == self._snapshot.fingerprint:
            return None
        return seen

    def current(self) -> Snapshot:
        """The briefing for the store as it is, or the last one while a newer one builds."""
        seen = self._changed()
        snapshot = self._snapshot
        if snapshot is None:
            return self.refresh()
        if seen is not None:
            self._start_background()
        background = self._background
        if background is not None and background.is_alive():
            return snapshot.as_stale()
        return snapshot

    def refresh(self) -> Snapshot:
        """Build now (or wait for the build under way) and return the store's briefing."""
        with self._build_lock:
            seen = self.fingerprint()
            if self._snapshot is None or self._snapshot.fingerprint != seen:
                self._install(self._build(seen))
            assert self._snapshot is not None
            return self._snapshot

    def rebuild(self, *, wait: float) -> bool:
        """Build the store's briefing in the background, waiting up to ``wait`` seconds for it:
        a small store answers with the new briefing, a large one with the last and a banner.
        True when the briefing is current on return."""
        deadline = time.monotonic() + wait
        while True:
            if self._snapshot is not None and self._snapshot.fingerprint == self.fingerprint():
                return True
            self._start_background()
            thread = self._background
            left = deadline - time.monotonic()
            if thread is None or left <= 0:
                return False
            thread.join(left)
            if thread.is_alive():
                return False

    def _install(self, snapshot: Snapshot) -> None:
        """Put ``snapshot`` in service; the one it replaces stays open until the next swap, so
        a request still reading it (its rows are kept beside the new ones) finishes."""
        old, self._snapshot = self._snapshot, snapshot
        if self._retired is not None:
            self._retired.close()
        self._retired = old

    def _start_background(self) -> None:
        running = self._background
        if self._build_lock.locked() or (running is not None and running.is_alive()):
            return
        thread = threading.Thread(target=self._rebuild_quietly, name="briefing", daemon=True)
        self._background = thread
        thread.start()

    def _rebuild_quietly(self) -> None:
        try:
            self.refresh()
            self.last_error = None
        except Exception as exc:  # a failed rebuild keeps the last good briefing in service
            self.last_error = f"{type(exc).__name__}: {exc}"

    def _build(self, seen: Fingerprint) -> Snapshot:
        started = time.perf_counter()
        build = build_apart if self._apart else build_rows
        key = build(self.db, embedder=self._embedder, sides=self._sides)
        reader = open_store(self.db)
        try:
            stored = StoredBriefing(reader, key)
            search = SearchBuilding(lambda: _search_of(self.db))
        except BaseException:
            reader.close()
            raise
        snapshot = Snapshot(
            fingerprint=seen,
            stored=stored,
            search=search,
            built_at=time.time(),
            build_seconds=stored.seconds or time.perf_counter() - started,
            reader=reader,
        )
        if self._on_build is not None:
            self._on_build(snapshot)
        return snapshot


def _search_of(db: str) -> DocumentSearch:
    """The store's search, made on a connection of its own (it runs beside the pages)."""
    with open_store(db) as store:
        return store.search_index()


def build_rows(
    db: str,
    *,
    embedder: SentenceEmbedder,
    sides: Mapping[str, Sequence[str]] | None,
) -> str:
    """The key of the store's briefing as the app shows it, kept as rows (built first when
    they are not kept yet: :func:`communique.brief.serving.build_for_serving`)."""
    with open_store(db) as store:
        return build_for_serving(store, embedder=embedder, sides=sides)


def build_apart(
    db: str,
    *,
    embedder: SentenceEmbedder,
    sides: Mapping[str, Sequence[str]] | None,
) -> str:
    """:func:`build_rows` in a process of its own: the build's peak memory (every document's
    annotations, the claim vectors) is returned to the system when it ends, and the serving
    process holds only what its pages read. Rows already kept for the store as it is (a
    restart) are found here, without the process: starting one imports the whole language
    layer again, which took most of the 7-10 s a restarted server's first page waited."""
    kept = _kept_key(db, embedder=embedder, sides=sides)
    if kept is not None:
        return kept
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_build_child, args=(db, embedder, dict(sides or {}), send), name="briefing"
    )
    child.start()
    send.close()
    try:
        answer = receive.recv() if receive.poll(None) else ("", "")
    except EOFError:
        answer = ("", "")
    child.join()
    receive.close()
    key, error = answer
    if error or not key or child.exitcode != 0:
        raise BuildFailed(error or f"the briefing build ended with exit code {child.exitcode}")
    return str(key)


def _kept_key(
    db: str,
    *,
    embedder: SentenceEmbedder,
    sides: Mapping[str, Sequence[str]] | None,
) -> str | None:
    """The kept rows' key for the store as it is, or None (also when the store cannot be
    opened here: the build's process reports why)."""
    try:
        with open_store(db) as store:
            return kept_for_serving(store, embedder=embedder, sides=sides)
    except (CommuniqueError, OSError):
        return None


def _build_child(
    db: str,
    embedder: SentenceEmbedder,
    sides: Mapping[str, Sequence[str]],
    send: Connection,
) -> None:
    try:
        send.send((build_rows(db, embedder=embedder, sides=sides or None), ""))
    except Exception as exc:  # sent to the server, which shows it as the build's error
        send.send(("", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
