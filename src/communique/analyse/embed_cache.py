"""Sentence vectors kept in the store, so a rebuild embeds only the sentences it has not seen.

The cache is keyed by (model id, sha256 of the sentence's UTF-8 text): the same sentence in a
wire copy, or in the next rebuild, is embedded once, and a vector is never read back for
another model. Vectors are kept as float32 bytes, so a briefing built from cached vectors is
the briefing built without them, bit for bit (int8 would halve the size but move cosines by
about 0.005, enough to flip a pair at the clustering threshold).

Example::

    >>> embedder = CachedEmbedder(make_embedder("use-m3"), store=store)
    >>> vectors = embedder.embed(sentences)  # reads what is kept, embeds and keeps the rest
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from communique.analyse.embedders import Embedder
from communique.store.base import Store

__all__ = ["CachedEmbedder", "sentence_key"]

_DTYPE: Final = "float32"


def sentence_key(sentence: str) -> bytes:
    """The cache key of one sentence: the sha256 digest of its UTF-8 text."""
    return hashlib.sha256(sentence.encode("utf-8")).digest()


@dataclass(frozen=True)
class _Lookup:
    """What the store keeps of some sentences: the distinct ones, their keys and kept rows
    (None where none, or not usable: another dtype), and those left to embed."""

    unique: list[str]
    keys: list[bytes]
    rows: list[tuple[str, int, bytes] | None]
    missing: list[str]


@dataclass(frozen=True)
class _Ahead:
    """What :meth:`CachedEmbedder.ahead` looked up and started for ``sentences``."""

    sentences: list[str]
    lookup: _Lookup
    fresh: Future[npt.NDArray[np.float32]] | None


class CachedEmbedder:
    """An :class:`~communique.analyse.embedders.Embedder` that reads the store's vectors first
    and keeps the ones it had to compute. Writes join the store's open transaction; the
    caller commits (the briefing build does)."""

    def __init__(self, embedder: Embedder, *, store: Store) -> None:
        self.embedder = embedder
        self.store = store
        self.hits = 0
        self.misses = 0
        self._ahead: _Ahead | None = None

    def ahead(self, sentences: Sequence[str]) -> None:
        """Start embedding the sentences of ``sentences`` that are not kept, on a thread of
        their own, for a later :meth:`embed` of the same sentences in the same order: the
        model (onnxruntime, numpy) runs outside the interpreter's lock, beside the build's
        passes in Python, and the store is still read and written by the caller's thread
        alone. The vectors are those :meth:`embed` would compute: the same sentences in the
        same batches. A later call with other sentences embeds them as usual."""
        lookup = self._lookup(sentences)
        fresh = None
        if lookup.missing:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed-ahead")
            fresh = pool.submit(self.embedder.embed, lookup.missing)
            pool.shutdown(wait=False)  # the thread ends with its one task
        self._ahead = _Ahead(list(sentences), lookup, fresh)

    def _lookup(self, sentences: Sequence[str]) -> _Lookup:
        unique = list(dict.fromkeys(sentences))
        keys = [sentence_key(s) for s in unique]
        kept = self.store.cached_vectors(self.model_id, keys)
        rows = [
            row if row is not None and row[0] == _DTYPE else None for row in map(kept.get, keys)
        ]
        missing = [s for s, row in zip(unique, rows, strict=True) if row is None]
        return _Lookup(unique, keys, rows, missing)

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit-length row per sentence, in the order given."""
        ahead = self._ahead
        started = None
        if ahead is not None and ahead.sentences == list(sentences):
            self._ahead = None  # other sentences, embedded meanwhile, leave it waiting
            lookup, started = ahead.lookup, ahead.fresh
        else:
            lookup = self._lookup(sentences)
        unique, missing = lookup.unique, lookup.missing
        fresh: list[bytes] = []
        if missing:
            computed = started.result() if started is not None else self.embedder.embed(missing)
            vectors = np.asarray(computed, dtype=np.float32)
            fresh = [v.astype("<f4").tobytes() for v in vectors]
            to_embed = [
                key for key, row in zip(lookup.keys, lookup.rows, strict=True) if row is None
            ]
            self.store.cache_vectors(
                self.model_id,
                [
                    (key, _DTYPE, int(v.shape[0]), data)
                    for key, v, data in zip(to_embed, vectors, fresh, strict=True)
                ],
            )
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        if not sentences:
            return np.zeros((0, 0), dtype=np.float32)
        # Kept and fresh vectors joined as one buffer in the order of ``unique``: an array
        # per sentence, stacked, or two tables gathered into a third, cost more than reading
        # them (some 26,000 rows of 1.5 kB in a build).
        made = iter(fresh)
        data = b"".join(row[2] if row is not None else next(made) for row in lookup.rows)
        table = np.frombuffer(data, dtype="<f4").reshape(len(unique), -1).astype(np.float32)
        if len(unique) == len(sentences):
            return table  # ``unique`` is ``sentences`` when no sentence is given twice
        position = {sentence: n for n, sentence in enumerate(unique)}
        return table[[position[s] for s in sentences]]
