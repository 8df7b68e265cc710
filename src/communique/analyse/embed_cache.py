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
class _Ahead:
    """What :meth:`CachedEmbedder.ahead` read and started for ``sentences``."""

    sentences: list[str]
    unique: list[str]
    rows: list[tuple[str, int, bytes] | None]
    usable: list[bool]
    missing: list[str]
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
        unique, rows, usable, missing = self._kept(sentences)
        fresh = None
        if missing:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed-ahead")
            fresh = pool.submit(self.embedder.embed, missing)
            pool.shutdown(wait=False)  # the thread ends with its one task
        self._ahead = _Ahead(list(sentences), unique, rows, usable, missing, fresh)

    def _kept(
        self, sentences: Sequence[str]
    ) -> tuple[list[str], list[tuple[str, int, bytes] | None], list[bool], list[str]]:
        """(the distinct sentences, their kept rows, whether each is usable, those to embed)."""
        unique = list(dict.fromkeys(sentences))
        keys = [sentence_key(s) for s in unique]
        kept = self.store.cached_vectors(self.model_id, keys)
        rows = [kept.get(key) for key in keys]
        usable = [row is not None and row[0] == _DTYPE for row in rows]
        missing = [s for s, ok in zip(unique, usable, strict=True) if not ok]
        return unique, rows, usable, missing

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit-length row per sentence, in the order given."""
        ahead = self._ahead
        if ahead is not None and ahead.sentences == list(sentences):
            self._ahead = None  # other sentences, embedded meanwhile, leave it waiting
            unique, rows, usable, missing = ahead.unique, ahead.rows, ahead.usable, ahead.missing
            started = ahead.fresh
        else:
            unique, rows, usable, missing = self._kept(sentences)
            started = None
        fresh: list[bytes] = []
        if missing:
            computed = started.result() if started is not None else self.embedder.embed(missing)
            vectors = np.asarray(computed, dtype=np.float32)
            fresh = [v.astype("<f4").tobytes() for v in vectors]
            self.store.cache_vectors(
                self.model_id,
                [
                    (sentence_key(s), _DTYPE, int(v.shape[0]), data)
                    for s, v, data in zip(missing, vectors, fresh, strict=True)
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
        data = b"".join(
            row[2] if ok and row else next(made) for row, ok in zip(rows, usable, strict=True)
        )
        table = np.frombuffer(data, dtype="<f4").reshape(len(unique), -1).astype(np.float32)
        if len(unique) == len(sentences):
            return table  # ``unique`` is ``sentences`` when no sentence is given twice
        position = {sentence: n for n, sentence in enumerate(unique)}
        return table[[position[s] for s in sentences]]
