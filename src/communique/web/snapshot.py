"""The briefing the web app serves, built once per store state and kept until the store changes.

Every request asks :meth:`SnapshotCache.current` for the briefing. Asking costs one probe of the
store's data version (SQLite's ``PRAGMA data_version``, which moves whenever another connection
commits; PostgreSQL's snapshot of running transactions); only when it moved
are the store's counts read, and only when those differ is the briefing built again. While a
newer briefing builds, requests keep getting the last one (flagged ``stale``), so an ingest
running beside the server never stalls a page. Only the very first build is waited for.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from communique.analyse.embed import SentenceEmbedder
from communique.brief.build import build_briefing
from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    Briefing,
    BriefPosition,
)
from communique.read.common import web_url
from communique.store import open_store
from communique.store.search import RANKED_UP_TO, DocumentSearch, SearchHit, SearchIndex

__all__ = [
    "RANKED_UP_TO",
    "DocumentSearch",
    "SearchHit",
    "SearchIndex",
    "Snapshot",
    "SnapshotCache",
]


T = TypeVar("T")

Fingerprint = tuple[int, int, str, int, int, int]
"""(documents, annotated documents, latest annotation time, canonical entities, the user's
corrections and the latest correction's id)."""

_MEMO_SIZE = 256


@dataclass(frozen=True)
class Snapshot:
    """One briefing and the lookups every page needs, for one state of the store."""

    fingerprint: Fingerprint
    briefing: Briefing
    search: DocumentSearch
    built_at: float
    build_seconds: float
    documents: dict[str, BriefDocument]
    entities: dict[str, BriefEntity]
    entity_by_name: dict[str, BriefEntity]
    claims_by_document: dict[str, list[BriefClaim]]
    cells: dict[tuple[str | None, str], list[BriefPosition]]
    stale: bool = False
    _memo: dict[Hashable, object] = field(default_factory=dict, repr=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per key for this snapshot: a filtered list is worked out the
        first time it is asked for and sliced into pages after that."""
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[return-value]
        value = compute()
        with self._memo_lock:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = value
        return value

    def entity_named(self, name: str | None) -> BriefEntity | None:
        return self.entity_by_name.get(name.casefold()) if name else None

    def as_stale(self) -> Snapshot:
        return Snapshot(
            self.fingerprint,
            self.briefing,
            self.search,
            self.built_at,
            self.build_seconds,
            self.documents,
            self.entities,
            self.entity_by_name,
            self.claims_by_document,
            self.cells,
            stale=True,
            _memo=self._memo,
            _memo_lock=self._memo_lock,
        )


def make_snapshot(
    *, fingerprint: Fingerprint, briefing: Briefing, search: DocumentSearch, seconds: float
) -> Snapshot:
    entity_by_name: dict[str, BriefEntity] = {}
    for entity in briefing.entities:
        for name in (*entity.aliases, entity.name):  # the canonical name wins a clash
            entity_by_name[name.casefold()] = entity
    claims_by_document: dict[str, list[BriefClaim]] = defaultdict(list)
    for claim in briefing.claims:
        for doc_id in claim.documents:
            claims_by_document[doc_id].append(claim)
    cells: dict[tuple[str | None, str], list[BriefPosition]] = defaultdict(list)
    for position in briefing.positions:
        cells[(position.party, position.issue)].append(position)
    return Snapshot(
        fingerprint=fingerprint,
        briefing=briefing,
        search=search,
        built_at=time.time(),
        build_seconds=seconds,
        documents={d.id: d for d in briefing.documents},
        entities={e.id: e for e in briefing.entities},
        entity_by_name=entity_by_name,
        claims_by_document=dict(claims_by_document),
        cells=dict(cells),
    )


def for_readers(briefing: Briefing) -> Briefing:
    """The briefing as the app shows it: a document's source is a link or a file's name, never
    a path on this machine, and only an http(s) address is kept as its URL."""
    from communique.web.app import public_source

    documents = [
        replace(d, source=public_source(d.source), url=web_url(d.url)) for d in briefing.documents
    ]
    return replace(briefing, documents=documents)


class SnapshotCache:
    """Holds the current :class:`Snapshot` of one store and rebuilds it on change."""

    def __init__(
        self,
        *,
        db: str,
        embedder: SentenceEmbedder,
        on_build: Callable[[Snapshot], None] | None = None,
        sides: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``on_build`` prepares each new snapshot (indexes, unfiltered pages) before it goes
        into service, so requests never pay for that preparation."""
        self.db = db
        self._embedder = embedder
        self._on_build = on_build
        self._sides = sides
        # Its own connection, which never writes: SQLite's data_version moves only for
        # commits made by other connections.
        self._probe = open_store(db)
        self._probe_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._seen_version = ""
        self._seen_fingerprint: Fingerprint | None = None
        self._background: threading.Thread | None = None
        self.last_error: str | None = None

    def close(self) -> None:
        if self._background is not None:
            self._background.join()
        with self._probe_lock:
            self._probe.close()
        if self._snapshot is not None:
            self._snapshot.search.close()

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
        old, self._snapshot = self._snapshot, snapshot
        if old is not None:
            old.search.close()

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
        with open_store(self.db) as store:
            briefing = for_readers(
                build_briefing(store=store, embedder=self._embedder, sides=self._sides)
            )
            search = store.search_index()
        snapshot = make_snapshot(
            fingerprint=seen,
            briefing=briefing,
            search=search,
            seconds=time.perf_counter() - started,
        )
        if self._on_build is not None:
            self._on_build(snapshot)
        return snapshot
