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


class CachedEmbedder:
    """An :class:`~communique.analyse.embedders.Embedder` that reads the store's vectors first
    and keeps the ones it had to compute. Writes join the store's open transaction; the
    caller commits (the briefing build does)."""

    def __init__(self, embedder: Embedder, *, store: Store) -> None:
        self.embedder = embedder
        self.store = store
        self.hits = 0
        self.misses = 0

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit-length row per sentence, in the order given."""
        unique = list(dict.fromkeys(sentences))
        keys = [sentence_key(s) for s in unique]
        kept = self.store.cached_vectors(self.model_id, keys)
        vectors: dict[str, npt.NDArray[np.float32]] = {}
        for sentence, key in zip(unique, keys, strict=True):
            row = kept.get(key)
            if row is not None and row[0] == _DTYPE:
                vectors[sentence] = np.frombuffer(row[2], dtype=np.float32)
        missing = [s for s in unique if s not in vectors]
        if missing:
            fresh = np.asarray(self.embedder.embed(missing), dtype=np.float32)
            self.store.cache_vectors(
                self.model_id,
                [
                    (sentence_key(s), _DTYPE, int(v.shape[0]), v.astype("<f4").tobytes())
                    for s, v in zip(missing, fresh, strict=True)
                ],
            )
            vectors.update(zip(missing, fresh, strict=True))
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        if not sentences:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([vectors[s] for s in sentences]).astype(np.float32, copy=False)
