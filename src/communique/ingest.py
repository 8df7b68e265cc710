"""Ingestion: read every target, clean each input, flag duplicates, keep it in the store.

A bad input becomes a :class:`~communique.models.Failure` recorded in the store and the batch
goes on. Work is committed every ``commit_every`` documents, so a killed run loses at most the
batch in flight and the same command run again completes it (ids come from source + content).

With an ``executor`` (``--workers``/``--scheduler``), reading and cleaning run on workers
(:class:`ReadCleanStage`) and this process, the one writer, checks each cleaned document
against the store in input order: a plain-text document carrying lines its outlet's stored
documents share is cleaned again here with those lines, as a one-process run would clean it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TypeVar

from communique.clean.boilerplate import line_key
from communique.clean.dedupe import NEAR_DUPLICATE_THRESHOLD, band_keys, signature, similarity
from communique.clean.pipeline import Cleaner, document_id, raw_line_keys
from communique.errors import InputError, OversizedInput
from communique.models import Document, Failure, RawInput
from communique.parallel import Executor
from communique.read import read_targets
from communique.read.common import is_url
from communique.read.files import expand_target
from communique.read.net import HttpClient
from communique.store.base import Store, StoredDocument

__all__ = [
    "IngestEvent",
    "IngestReport",
    "Prepared",
    "ReadCleanStage",
    "ingest",
    "reclean_outlets",
]

_T = TypeVar("_T")

FILES_PER_TASK = 8
"""Inputs (files, URLs) per worker task."""

MIN_OUTLET_REPEATS = 2
"""A line carried by this many documents of one outlet (the document itself included) is
furniture."""


@dataclass
class IngestReport:
    """What one ingest run did, input by input."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    recleaned: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "recleaned": self.recleaned,
            "failed": [
                {"source": f.source, "code": f.code, "reason": f.reason} for f in self.failed
            ],
        }


@dataclass(frozen=True, slots=True)
class IngestEvent:
    """One input handled: ``status`` is added, unchanged or failed."""

    source: str
    status: str
    detail: str = ""


def ingest(
    targets: Iterable[str],
    *,
    store: Store,
    cleaner: Cleaner,
    client: HttpClient | None = None,
    commit_every: int = 50,
    on_event: Callable[[IngestEvent], None] | None = None,
    executor: Executor | None = None,
    timeout: float = 20.0,
    max_inputs: int | None = None,
) -> IngestReport:
    """Ingest every input found under ``targets`` into ``store``; with ``max_inputs``, stop
    reading after that many inputs (records, entries, files) and report the rest as not read.

    ``executor`` reads and cleans on workers (each with its own HTTP client of ``timeout``
    seconds); ``client`` serves the one-process run."""
    report = IngestReport()
    outlets: set[str] = set()
    pending = 0
    events: Iterator[IngestEvent]
    if executor is None:
        read = _capped(read_targets(targets, client=client), max_inputs, report)
        events = (
            _ingest_one(
                item, store=store, cleaner=cleaner, report=report, outlets=outlets, known=known
            )
            for item, known in _with_known(read, store=store, id_of=_raw_id)
        )
    else:
        prepared = executor.map_batches(
            ReadCleanStage(timeout=timeout), _inputs(targets), batch_size=FILES_PER_TASK
        )
        events = (
            _ingest_prepared(
                item, store=store, cleaner=cleaner, report=report, outlets=outlets, known=known
            )
            for item, known in _with_known(
                _capped(prepared, max_inputs, report), store=store, id_of=_prepared_id
            )
        )
    for event in events:
        if on_event is not None:
            on_event(event)
        pending += 1
        if pending >= commit_every:
            store.commit()
            pending = 0
    store.commit()
    report.recleaned = reclean_outlets(store=store, cleaner=cleaner, outlets=outlets)
    store.commit()
    return report


_KNOWN_BATCH = 25
"""Inputs whose ids are looked up in the store at once (a round trip to a server each)."""
_KNOWN_BYTES = 8_000_000
"""... or fewer, when their bodies add up to this much: read ahead, they sit in memory."""


def _with_known(
    items: Iterable[_T], *, store: Store, id_of: Callable[[_T], tuple[str, int] | None]
) -> Iterator[tuple[_T, bool]]:
    """Each item with whether its document was stored before its batch was looked up.

    An item looked up as new may still be stored by then (twice in one batch, or by another
    writer): adding it again adds nothing and says so, as ``has_document`` would have."""
    batch: list[tuple[_T, str | None]] = []
    size = 0
    for item in items:
        found = id_of(item)
        batch.append((item, found[0] if found else None))
        size += found[1] if found else 0
        if len(batch) >= _KNOWN_BATCH or size >= _KNOWN_BYTES:
            yield from _looked_up(batch, store)
            batch, size = [], 0
    yield from _looked_up(batch, store)


def _looked_up(batch: list[tuple[_T, str | None]], store: Store) -> Iterator[tuple[_T, bool]]:
    stored = store.existing_ids([i for _, i in batch if i is not None]) if batch else set()
    for item, doc_id in batch:
        yield item, doc_id in stored


def _raw_id(item: RawInput | Failure) -> tuple[str, int] | None:
    return None if isinstance(item, Failure) else (document_id(item), len(item.body))


def _prepared_id(item: Prepared) -> tuple[str, int] | None:
    if item.document is None or item.raw is None:
        return None
    return item.document.id, len(item.raw.body)


def _capped(items: Iterable[_T], max_inputs: int | None, report: IngestReport) -> Iterator[_T]:
    """The first ``max_inputs`` of ``items``; one more there is reported as not read."""
    for count, item in enumerate(items):
        if max_inputs is not None and count >= max_inputs:
            reason = (
                f"only the first {max_inputs:,} records of one request are read;"
                " add the rest in another request"
            )
            report.failed.append(Failure("(the rest of this request)", reason, OversizedInput.code))
            return
        yield item


def _ingest_one(
    item: RawInput | Failure,
    *,
    store: Store,
    cleaner: Cleaner,
    report: IngestReport,
    outlets: set[str],
    known: bool,
) -> IngestEvent:
    """``known``: the document was stored when its batch was looked up (:func:`_with_known`)."""
    if isinstance(item, Failure):
        return _fail(item, store=store, report=report)
    doc_id = document_id(item)
    if known:
        report.unchanged.append(doc_id)
        return IngestEvent(item.source, "unchanged", doc_id)
    try:
        document = cleaner.clean(item, repeated=_repeated_lookup(store))
    except InputError as exc:
        return _fail(Failure(exc.source, exc.reason, exc.code), store=store, report=report)
    return _store_cleaned(item, document, store=store, report=report, outlets=outlets)


def _store_cleaned(
    item: RawInput, document: Document, *, store: Store, report: IngestReport, outlets: set[str]
) -> IngestEvent:
    sig = signature(document.text)
    bands = band_keys(sig)
    original = _find_original(document, sig=sig, bands=bands, store=store)
    if original is not None:
        document = replace(document, flags=(*document.flags, f"duplicate_of:{original}"))
        report.duplicates[document.id] = original
        # Only originals are indexed: a hundred copies of one wire story are then compared
        # with the original alone, never with each other.
        bands = []
    stored = StoredDocument(document=document, kind=item.kind, raw=item.body, meta=dict(item.meta))
    if store.add_document(stored, signature=sig, bands=bands, line_keys=raw_line_keys(item)):
        report.added.append(document.id)
        if document.outlet:
            outlets.add(document.outlet)
        return IngestEvent(item.source, "added", document.id)
    report.unchanged.append(document.id)
    return IngestEvent(item.source, "unchanged", document.id)


def _inputs(targets: Iterable[str]) -> Iterator[str | Failure]:
    """The files and URLs ``targets`` name, each once, in the order ``read_targets`` reads
    them; a worker reads each (so on a cluster, files must be where the workers can read them)."""
    seen: set[str] = set()
    for target in [targets] if isinstance(targets, str) else targets:
        for item in expand_target(target):
            if isinstance(item, Failure):
                yield item
                continue
            key = item if is_url(item) else os.path.realpath(item)
            if key not in seen:
                seen.add(key)
                yield item


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input read and cleaned on a worker: a document, or the failure that stopped it."""

    raw: RawInput | None
    document: Document | None = None
    failure: Failure | None = None


@dataclass
class ReadCleanStage:
    """Reading and cleaning as a stage: each worker builds its cleaner and HTTP client once.

    Cleaning here knows no other document, so an outlet's shared lines are left for the writer
    to check (:func:`_ingest_prepared`)."""

    timeout: float = 20.0
    name: str = "read-clean"
    _cleaner: Cleaner | None = field(default=None, repr=False)
    _client: HttpClient | None = field(default=None, repr=False)

    def setup(self) -> None:
        self._cleaner = Cleaner.create()
        self._client = HttpClient(timeout=self.timeout)

    def process_batch(self, batch: list[str | Failure]) -> list[Prepared]:
        assert self._cleaner is not None, "setup() first"
        out: list[Prepared] = []
        for target in batch:
            if isinstance(target, Failure):
                out.append(Prepared(None, failure=target))
                continue
            for item in read_targets([target], client=self._client):
                out.append(self._clean(item))
        return out

    def _clean(self, item: RawInput | Failure) -> Prepared:
        assert self._cleaner is not None
        if isinstance(item, Failure):
            return Prepared(None, failure=item)
        try:
            return Prepared(item, document=self._cleaner.clean(item))
        except InputError as exc:
            return Prepared(item, failure=Failure(exc.source, exc.reason, exc.code))

    def teardown(self) -> None:
        if self._client is not None:
            self._client.close()

    def __getstate__(self) -> dict[str, object]:
        # Only the settings travel; each worker builds its own cleaner and client.
        return {"timeout": self.timeout, "name": self.name}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.timeout = float(state["timeout"])  # type: ignore[arg-type]
        self.name = str(state["name"])
        self._cleaner = None
        self._client = None


def _ingest_prepared(
    prepared: Prepared,
    *,
    store: Store,
    cleaner: Cleaner,
    report: IngestReport,
    outlets: set[str],
    known: bool,
) -> IngestEvent:
    """Store what a worker prepared, as :func:`_ingest_one` would have."""
    raw, document = prepared.raw, prepared.document
    if raw is None or document is None:
        assert prepared.failure is not None
        return _fail(prepared.failure, store=store, report=report)
    if known:
        report.unchanged.append(document.id)
        return IngestEvent(raw.source, "unchanged", document.id)
    if document.outlet:
        shared = store.repeated_lines(document.outlet, min_docs=MIN_OUTLET_REPEATS - 1)
        if shared & raw_line_keys(raw):
            # The worker could not know these lines: clean again as one process would.
            try:
                document = cleaner.clean(raw, repeated=_constant(shared))
            except InputError as exc:
                failure = Failure(exc.source, exc.reason, exc.code)
                return _fail(failure, store=store, report=report)
    return _store_cleaned(raw, document, store=store, report=report, outlets=outlets)


def _fail(failure: Failure, *, store: Store, report: IngestReport) -> IngestEvent:
    store.record_failure(failure)
    report.failed.append(failure)
    return IngestEvent(failure.source, "failed", f"[{failure.code}] {failure.reason}")


def _repeated_lookup(store: Store) -> Callable[[str], frozenset[str]]:
    # A new document is not stored yet, so one other document sharing a line is enough.
    def lookup(outlet: str) -> frozenset[str]:
        return store.repeated_lines(outlet, min_docs=MIN_OUTLET_REPEATS - 1)

    return lookup


def _find_original(document: Document, *, sig: bytes, bands: list[str], store: Store) -> str | None:
    """The earliest stored document this one copies, exactly or nearly."""
    exact, candidates = store.original_candidates(document.content_hash, bands)
    if exact is not None and exact != document.id:
        return exact
    best: tuple[float, str] | None = None
    for other_id, other_sig in candidates:
        if other_id == document.id:
            continue
        score = similarity(sig, other_sig)
        if score >= NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[0]):
            best = (score, other_id)
    return best[1] if best else None


def reclean_outlets(*, store: Store, cleaner: Cleaner, outlets: Iterable[str]) -> list[str]:
    """Clean again the plain-text documents of ``outlets`` that carry newly shared lines.

    The first documents of an outlet were cleaned before its furniture repeated anywhere; once
    later documents show which lines recur, those earlier ones are cleaned again.
    """
    changed: list[str] = []
    order = sorted(outlets)
    shared_of = store.repeated_lines_of(order, min_docs=MIN_OUTLET_REPEATS) if order else {}
    for outlet in order:
        shared = shared_of.get(outlet, frozenset())
        if not shared:
            continue
        # Streamed a page at a time: an outlet may hold most of a large corpus.
        for stored in store.stored_documents(outlet=outlet, kind="text"):
            document = stored.document
            raw = RawInput(source=document.source, kind="text", body=stored.raw, meta=stored.meta)
            carried = raw_line_keys(raw) & shared
            if carried <= {line_key(r.text) for r in document.removed}:
                continue
            fresh = cleaner.clean(raw, repeated=_constant(shared))
            dup_flags = tuple(f for f in document.flags if f.startswith("duplicate_of:"))
            store.update_document(replace(fresh, flags=(*fresh.flags, *dup_flags)))
            changed.append(document.id)
    return changed


def _constant(lines: frozenset[str]) -> Callable[[str], frozenset[str]]:
    def lookup(_outlet: str) -> frozenset[str]:
        return lines

    return lookup
