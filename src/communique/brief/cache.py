"""The briefing built incrementally: each document read once, a rebuild with nothing new free.

Three things are kept in the store (migration 0006) and read back instead of recomputed:

1. each document's reading (:class:`communique.brief.build.DocumentReading`: events, positions,
   quotes, check-worthy sentences and what claim clustering derives from each of those alone:
   its masked clause, day and content words), under a key digesting everything it came from — the
   document's text hash and fields, its origin, the annotation layer's version (which carries
   the codebook's fingerprint) and :data:`READING_VERSION`;
2. sentence vectors, by model and sentence (:mod:`communique.analyse.embed_cache`);
3. the finished briefing, under a key digesting every document's key, the canonical entities,
   the embedder's model, the user's sides, codebook and corrections, the failures recorded
   before the build and :data:`BRIEFING_VERSION`: the same store, annotated by the same
   version, gives back the same bytes without any pass running.

Entity resolution, run after new documents are annotated, reads only their mentions: the
others' are kept per document (:func:`communique.analyse.run.stored_mentions`, migration 0009).
What each document's deal words are qualified by (a scan of its whole text with the codebook)
is kept per codebook and text (migration 0011's ``pass_results``), so only new texts are
scanned.
The corpus passes themselves (entity resolution, event merging, claim clustering, position
changes, sources) still run over all readings when anything is new, with the collector off
(:mod:`communique.analyse.collection`); what they cost is measured in
``benchmarks/incremental.py``. Keeping their state was measured and left: at 10,000 synthetic
documents, 1 % new documents touched the blocks holding 94 % of claim clustering's neighbour
search, and a new mention can change entity votes, parties and ranks corpus-wide. Nor are
the claim neighbours kept with only new sentences searched: the pairs among old sentences do
change. Each sentence keeps its ``top_k`` nearest per block, and a new sentence displaces
some (187 new sentences beside 26,163 at 10,000 synthetic documents dropped 1,293 of the
300,793 old pairs and added none), a block larger than ``max_block`` is cut by random planes
drawn in block order, and the distinctive words a paraphrase is anchored by are counted
corpus-wide (9 old sentences' changed). The search itself is under a tenth of the pass.

Kept data is pickled: a store is trusted as the code that reads it (anyone who can write it
can already change every briefing it gives). A row that no longer unpickles is recomputed.
The briefing's and readings' own dataclasses are pickled as their class and field values
(:func:`kept_bytes`): the standard way for a slotted dataclass looks its fields up again for
every object, which made keeping a 10,000-document briefing take twice as long; they read
back by setting their slots directly (:mod:`communique.analyse.slotted`), not through
their frozen ``__init__``.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import importlib
import io
import json
import operator
import pickle
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar, cast

from communique.analyse.claims import origin_of
from communique.analyse.claims_conflicts import conflicts_within
from communique.analyse.claims_types import ClaimMention, Evidence
from communique.analyse.collection import fewer_collections
from communique.analyse.embed_cache import CachedEmbedder
from communique.analyse.embedders import Embedder
from communique.analyse.issues_meaning import DealCounts, deal_counts
from communique.analyse.slotted import maker
from communique.annotate.codebook import Codebook
from communique.brief.build import BRIEF_STAGES, DocumentReading, build_briefing, read_document
from communique.brief.model import SCHEMA_VERSION, Briefing
from communique.models import Document
from communique.store.base import Store, StoredEntity
from communique.store.generation import remember_key, remembered_key, store_generation

__all__ = [
    "BRIEFING_VERSION",
    "READING_VERSION",
    "BuildStats",
    "briefing_key",
    "cached_briefing",
    "kept_briefing_key",
    "kept_bytes",
]

_T = TypeVar("_T")
_K = TypeVar("_K", bound=Hashable)

READING_VERSION: Final = "reading-8"
"""Bump when :func:`communique.brief.build.read_document` or what it calls reads differently."""
BRIEFING_VERSION: Final = "briefing-28"
"""Bump when a corpus pass gives another briefing for the same readings."""


@dataclass
class BuildStats:
    """What a cached build reused and what it computed (for benchmarks and logs)."""

    briefing_reused: bool = False
    readings_reused: int = 0
    readings_computed: int = 0
    vectors_reused: int = 0
    vectors_computed: int = 0
    key: str = ""
    """The briefing's key, under which ``serve`` also finds its rows."""
    keys: dict[str, str] = field(default_factory=dict)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def stable_text(value: object) -> str:
    """``value`` as text that is the same in every process. A key must not use ``repr``: a
    set's repr (a codebook's cues, an entity's names) lists it in an order that changes with
    each process's hash seed, so a briefing kept by one run would never be found by the next.
    The JSON encoder walks the plain values itself and asks :func:`_plain` only of the rest
    (dataclasses, sets): a store's key visits hundreds of thousands of values (every entity's
    mentions, each document's fields), and walking them in Python was most of its cost."""
    try:
        return json.dumps(value, sort_keys=True, default=_plain)
    except TypeError:  # a mapping keyed by something JSON cannot key by (a tuple)
        return json.dumps(_keyed_by_text(value), sort_keys=True, default=_plain)


def _plain(value: object) -> object:
    """What the JSON encoder writes for a value it cannot: a dataclass as its fields, a set
    sorted by its members' text, anything else as its ``repr``."""
    # A class is hashable; mypy reads type[object].__hash__ as the instances' method.
    names = _field_names(cast("Hashable", type(value)))
    if names is not None:
        return {name: getattr(value, name) for name in names}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=stable_text)
    return repr(value)


def _keyed_by_text(value: object) -> object:
    """``value`` with every mapping keyed by text, the encoder's one demand :func:`_plain`
    cannot meet (it is asked of values, never of keys); dataclasses and sets as it writes them."""
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, dict):
        return {str(k): _keyed_by_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_keyed_by_text(v) for v in value]
    if (
        isinstance(value, (set, frozenset))
        or _field_names(cast("Hashable", type(value))) is not None
    ):
        return _keyed_by_text(_plain(value))
    return value


_PLAIN: Final = frozenset({str, int, float, bool})


@functools.cache
def _field_names(kind: Hashable) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def options_text(*, sides: Mapping[str, Sequence[str]] | None, codebook: Codebook | None) -> str:
    """The user's options as they enter a briefing's key."""
    return stable_text([sorted((k, list(v)) for k, v in (sides or {}).items()), codebook])


def reading_key(doc: Document, *, origin: str, version: str) -> str:
    """The key one document's reading is kept under (the text enters through its hash)."""
    # Its fields with the text blanked, without copying the document to blank it.
    names = _field_names(cast("Hashable", type(doc))) or ()
    fields = stable_text({name: "" if name == "text" else getattr(doc, name) for name in names})
    return _digest(READING_VERSION, version, doc.content_hash, fields, origin)


def briefing_key(
    store: Store,
    documents: Sequence[Document],
    *,
    version: str,
    model: str,
    options: str = "",
    entities: Sequence[StoredEntity] | None = None,
) -> tuple[str, dict[str, str]]:
    """(the briefing's key, each document's reading key); ``options`` is everything else the
    build is given (the user's sides and codebook); ``entities`` the store's, when read."""
    by_id = {d.id: d for d in documents}
    keys = {
        d.id: reading_key(d, origin=origin_of(d, documents=by_id), version=version)
        for d in documents
    }
    entities_text = stable_text(store.entities() if entities is None else entities)
    # The build's own failures are found again by it; those of earlier stages decide coverage.
    earlier = stable_text([f for f in store.failures() if f.stage not in BRIEF_STAGES])
    corrections = stable_text(store.corrections())
    digest = _digest(
        BRIEFING_VERSION,
        str(SCHEMA_VERSION),
        model,
        version,
        options,
        entities_text,
        earlier,
        corrections,
        *keys.values(),
    )
    return digest, keys


def store_briefing_key(
    store: Store,
    *,
    embedder: Embedder,
    version: str,
    sides: Mapping[str, Sequence[str]] | None = None,
    codebook: Codebook | None = None,
    read: _Read | None = None,
) -> tuple[str, dict[str, str]]:
    """:func:`briefing_key` of every stored document with the build's options: the one key a
    kept briefing and its served rows are found under, whichever process built them
    (``read``: the documents and entities, when the caller has read them)."""
    # A stand-in embedder (tests, benchmarks) may not name a model: its class does.
    model = str(getattr(embedder, "model_id", type(embedder).__qualname__))
    options = options_text(sides=sides, codebook=codebook)
    generation = store_generation(store)
    read = read or _Read.of(store)
    key, keys = briefing_key(
        store, read.documents, version=version, model=model, options=options, entities=read.entities
    )
    if generation is not None:
        fast = _generation_key(generation, model=model, version=version, options=options)
        remember_key(store, fast, key, generation=generation)
    return key, keys


def kept_briefing_key(
    store: Store,
    *,
    embedder: Embedder,
    version: str,
    sides: Mapping[str, Sequence[str]] | None = None,
    codebook: Codebook | None = None,
) -> str | None:
    """The key :func:`store_briefing_key` gave for these options while the store has not been
    written since (its generation, migration 0008, has not moved), without reading a document;
    None when it has not given one yet."""
    generation = store_generation(store)
    if generation is None:
        return None
    model = str(getattr(embedder, "model_id", type(embedder).__qualname__))
    options = options_text(sides=sides, codebook=codebook)
    fast = _generation_key(generation, model=model, version=version, options=options)
    return remembered_key(store, fast)


def _generation_key(generation: int, *, model: str, version: str, options: str) -> str:
    """Everything :func:`briefing_key` digests apart from the store's contents, which the
    generation stands for."""
    return _digest(
        "generation",
        str(generation),
        BRIEFING_VERSION,
        READING_VERSION,
        str(SCHEMA_VERSION),
        model,
        version,
        options,
    )


def cached_briefing(
    *,
    store: Store,
    embedder: Embedder,
    version: str,
    sides: Mapping[str, Sequence[str]] | None = None,
    codebook: Codebook | None = None,
    stats: BuildStats | None = None,
) -> Briefing:
    """The briefing of ``store``, reusing what is kept; ``version`` is the annotation layer's
    version every document was annotated with (``Annotator(...).version``); ``sides`` and
    ``codebook`` as :func:`communique.brief.build.build_briefing` takes them."""
    with fewer_collections():
        return _cached_briefing(
            store=store,
            embedder=embedder,
            version=version,
            sides=sides,
            codebook=codebook,
            stats=stats if stats is not None else BuildStats(),
        )


def _cached_briefing(
    *,
    store: Store,
    embedder: Embedder,
    version: str,
    sides: Mapping[str, Sequence[str]] | None,
    codebook: Codebook | None,
    stats: BuildStats,
) -> Briefing:
    # Read once for the key and the build: each is every document's or entity's row.
    read = _Read.of(store)
    key, stats.keys = store_briefing_key(
        store, embedder=embedder, version=version, sides=sides, codebook=codebook, read=read
    )
    stats.key = key
    kept = _unpickled(store.cached_briefing(key), Briefing)
    if kept is not None:
        stats.briefing_reused = True
        return kept
    cached = CachedEmbedder(embedder, store=store)
    briefing = build_briefing(
        store=store,
        embedder=cached,
        version=version,
        sides=sides,
        codebook=codebook,
        readings=_Readings(store, stats),
        deals=_KeptDeals(store),
        conflicts=_KeptConflicts(store, stats.keys),
        documents=read.documents,
        stored_entities=read.entities,
    )
    stats.vectors_reused, stats.vectors_computed = cached.hits, cached.misses
    # A build a pass failed in is not kept: the next one tries that pass again.
    if not any(f.stage in BRIEF_STAGES for f in briefing.failures):
        store.cache_briefing(key, kept_bytes(briefing))
        store.commit()
    return briefing


@dataclass(frozen=True)
class _Read:
    """Every stored document and entity, as the key and the build both read them."""

    documents: list[Document]
    entities: list[StoredEntity]

    @classmethod
    def of(cls, store: Store) -> _Read:
        return cls(list(store.documents()), store.entities())


@dataclass
class _Readings:
    """Readings read back where kept under the right key, computed and kept otherwise."""

    store: Store
    stats: BuildStats
    batch: int = 200

    def __call__(
        self, documents: Sequence[Document], by_id: Mapping[str, Document]
    ) -> Iterator[DocumentReading]:
        for lo in range(0, len(documents), self.batch):
            yield from self._batch(documents[lo : lo + self.batch], by_id)

    def _batch(
        self, documents: Sequence[Document], by_id: Mapping[str, Document]
    ) -> Iterator[DocumentReading]:
        kept = self.store.document_results([d.id for d in documents])
        fresh: list[tuple[str, str, bytes]] = []
        for doc in documents:
            key = self.stats.keys[doc.id]
            row = kept.get(doc.id)
            reading = _unpickled(row[1], DocumentReading) if row and row[0] == key else None
            if reading is None:
                reading = read_document(doc, self.store.annotations(doc.id), by_id=by_id)
                if not reading.failures:  # a reading a layer failed in is made again next time
                    fresh.append((doc.id, key, kept_bytes(reading)))
                self.stats.readings_computed += 1
            else:
                self.stats.readings_reused += 1
            yield reading
        if fresh:
            self.store.put_document_results(fresh)


@dataclass
class _KeptDeals:
    """Each document's deal counts (:func:`communique.analyse.issues_meaning.deal_counts`) read
    back by a digest of the codebook and the text (migration 0011), worked out and kept for
    the texts not seen with this codebook: scanning every text was milliseconds a document."""

    store: Store
    kind: str = "deal_counts"

    def __call__(self, texts: Mapping[str, str], codebook: Codebook) -> dict[str, DealCounts]:
        book = hashlib.sha256(stable_text(codebook).encode("utf-8")).digest()
        return _kept_or_worked_out(
            self.store,
            self.kind,
            {doc_id: _text_key(book, text) for doc_id, text in texts.items()},
            decode=_deal_counts_of,
            work_out=lambda doc_id: deal_counts(texts[doc_id], codebook),
            encode=lambda counts: json.dumps(counts).encode("utf-8"),
        )


@dataclass
class _KeptConflicts:
    """The contradictions within each claim (:data:`communique.analyse.claims.ConflictsWithin`)
    read back by a digest of its asserting mentions, worked out and kept for the claims not
    judged before: with 1 % new documents most claims are the ones the last build judged, and
    comparing their slots was the dearest part of judging them. A mention is named by its
    document's reading key (``keys``) and its span: the reading key digests everything the
    mention was read from. A claim of one document has none to find and is not kept."""

    store: Store
    keys: Mapping[str, str]
    kind: str = "claim_conflicts"

    def __call__(
        self, claimed: Sequence[Sequence[ClaimMention]], window_days: int
    ) -> list[list[Evidence]]:
        out: list[list[Evidence]] = [[] for _ in claimed]
        keys: dict[int, bytes] = {}
        for n, group in enumerate(claimed):
            if len({m.doc_id for m in group}) < 2:
                continue  # conflicts_within finds none in one document
            if all(m.doc_id in self.keys for m in group):
                keys[n] = self._key(group, window_days)
            else:  # a mention with no reading key cannot name its claim: worked out, not kept
                out[n] = conflicts_within(group, window_days=window_days)
        found = _kept_or_worked_out(
            self.store,
            self.kind,
            keys,
            decode=lambda data: _unpickled(data, list),
            work_out=lambda n: conflicts_within(claimed[n], window_days=window_days),
            encode=kept_bytes,
        )
        for n, evidence in found.items():
            out[n] = evidence
        return out

    def _key(self, group: Sequence[ClaimMention], window_days: int) -> bytes:
        spans = "\n".join(f"{self.keys[m.doc_id]}:{m.start}:{m.end}" for m in group)
        text = f"{BRIEFING_VERSION}\0{window_days}\0{spans}"
        return hashlib.sha256(text.encode("utf-8")).digest()


def _kept_or_worked_out(
    store: Store,
    kind: str,
    keys: Mapping[_K, bytes],
    *,
    decode: Callable[[bytes], _T | None],
    work_out: Callable[[_K], _T],
    encode: Callable[[_T], bytes],
) -> dict[_K, _T]:
    """Each item's result read back from ``pass_results`` under its key, or worked out (when
    missing or unreadable) and kept; items sharing a key share one working out."""
    kept = store.pass_results(kind, list(dict.fromkeys(keys.values())))
    out: dict[_K, _T] = {}
    fresh: dict[bytes, bytes] = {}
    for item, key in keys.items():
        data = kept.get(key) or fresh.get(key)
        value = decode(data) if data is not None else None
        if value is None:
            value = work_out(item)
            fresh[key] = encode(value)
        out[item] = value
    if fresh:
        store.keep_pass_results(kind, list(fresh.items()))
    return out


def _text_key(book: bytes, text: str) -> bytes:
    return hashlib.sha256(book + b"\0" + text.encode("utf-8")).digest()


def _deal_counts_of(data: bytes) -> DealCounts | None:
    """Kept counts, or None for a row that does not read back as (issue, count) pairs."""
    try:
        rows = json.loads(data)
        return tuple((str(issue), int(n)) for issue, n in rows)
    except (ValueError, TypeError):
        return None


_KEPT_MODULES: Final = (
    "communique.brief.model",
    "communique.brief.build",
    "communique.annotate.events",
    "communique.annotate.positions",
    "communique.analyse.claims_types",
    "communique.analyse.claims_slots",
)
"""Where the classes a briefing and a reading are made of live."""


def kept_bytes(value: object) -> bytes:
    """``value`` pickled, the dataclasses of :data:`_KEPT_MODULES` as (class, field values):
    read back into equal objects (:class:`_Unpickler`). Other objects pickle as usual."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(value)
    return buffer.getvalue()


@functools.cache
def _dispatch_table() -> dict[type, Any]:
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for name in _KEPT_MODULES:
        for kind in vars(importlib.import_module(name)).values():
            if isinstance(kind, type) and kind.__module__ == name:
                reducer = _reducer(kind)
                if reducer is not None:
                    table[kind] = reducer
    return table


def _reducer(kind: type) -> Any:
    """(class, field values) for a dataclass every field of which its ``__init__`` takes."""
    if not dataclasses.is_dataclass(kind) or not kind.__dataclass_params__.init:  # type: ignore[attr-defined]
        return None
    if "__post_init__" in dir(kind):
        return None  # its __init__ would change what it reads back
    fields = dataclasses.fields(kind)
    if not fields or not all(f.init for f in fields):
        return None
    values = operator.attrgetter(*(f.name for f in fields))
    if len(fields) == 1:
        return lambda obj: (kind, (values(obj),))
    return lambda obj: (kind, values(obj))


class _Unpickler(pickle.Unpickler):
    """Reads a slotted dataclass of :data:`_KEPT_MODULES`, kept as (class, field values),
    through :func:`communique.analyse.slotted.maker` instead of its frozen ``__init__``:
    the same objects in about two thirds of the time. A kept row names a class only to call
    it, so the class it names can be given as its maker."""

    def find_class(self, module: str, name: str) -> Any:
        return _kept_class(module, name)


@functools.cache
def _kept_class(module: str, name: str) -> Any:
    """What a kept row's reference to ``module.name`` reads back as (a kept class's maker):
    looked up once per process, not in each of 10,000 readings."""
    found = operator.attrgetter(name)(importlib.import_module(module))
    return (maker(found) or found) if module in _KEPT_MODULES else found


def _unpickled(data: bytes | None, kind: type[_T]) -> _T | None:
    if data is None:
        return None
    try:
        value = _Unpickler(io.BytesIO(data)).load()  # the store is trusted: module docstring
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError):
        return None
    return value if isinstance(value, kind) else None
