"""Sentence vectors kept in the store: each sentence embedded once per model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from communique.analyse.embed_cache import CachedEmbedder, sentence_key
from communique.analyse.embedders import make_embedder
from communique.errors import UsageError
from communique.store import open_store


class _Counting:
    """A made-up model: a vector from the sentence's length, counting what it embeds."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.seen: list[str] = []

    def embed(self, sentences: Sequence[str]) -> npt.NDArray[np.float32]:
        self.seen += sentences
        rows = [[len(s), 1.0, float(s.count(" "))] for s in sentences]
        out = np.asarray(rows, dtype=np.float32).reshape(len(sentences), 3)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


def test_a_sentence_is_embedded_once_and_read_back_identical(tmp_path: Path) -> None:
    model = _Counting("made-up-1")
    sentences = ["Ferry talks resumed.", "The union rejected the offer.", "Ferry talks resumed."]
    with open_store(tmp_path / "a.db") as store:
        first = CachedEmbedder(model, store=store).embed(sentences)
        store.commit()
    with open_store(tmp_path / "a.db") as store:
        cached = CachedEmbedder(model, store=store)
        again = cached.embed([*sentences, "A new sentence arrives."])
    assert model.seen == [*sentences[:2], "A new sentence arrives."]
    assert (cached.hits, cached.misses) == (2, 1)
    assert again[:3].tobytes() == first.tobytes()
    assert first.dtype == np.float32


def test_sentences_embedded_ahead_are_the_vectors_embed_gives(tmp_path: Path) -> None:
    # A build starts its claims' sentences on a thread, embeds other sentences meanwhile (its
    # issues), then asks for the claims' again: the same vectors, each sentence embedded once.
    kept = ["Ferry talks resumed."]
    claims = ["The union rejected the offer.", "Ferry talks resumed.", "Pay rose by 3 %."]
    with open_store(tmp_path / "a.db") as store:
        CachedEmbedder(_Counting("made-up-1"), store=store).embed(kept)
        plain = CachedEmbedder(_Counting("made-up-1"), store=store).embed(claims)
    with open_store(tmp_path / "b.db") as store:
        model = _Counting("made-up-1")
        cached = CachedEmbedder(model, store=store)
        cached.embed(kept)
        cached.ahead(claims)
        cached.embed(["Wages."])  # other sentences leave the ones ahead waiting
        ahead = cached.embed(claims)
        again = cached.embed(claims)  # read back, nothing left ahead
    assert ahead.tobytes() == plain.tobytes() == again.tobytes()
    assert model.seen == ["Ferry talks resumed.", claims[0], claims[2], "Wages."]
    assert (cached.hits, cached.misses) == (1 + 3, 1 + 2 + 1)


def test_another_model_never_reads_these_vectors(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        CachedEmbedder(_Counting("made-up-1"), store=store).embed(["Talks stalled."])
        other = _Counting("made-up-2")
        CachedEmbedder(other, store=store).embed(["Talks stalled."])
    assert other.seen == ["Talks stalled."]


def test_the_key_is_the_sha256_of_the_text() -> None:
    # UTF-8 bytes, not code points: the key a PostgreSQL port computes the same way.
    assert sentence_key("é").hex() == (
        "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"
    )
    assert sentence_key("a") != sentence_key("a ")


def test_an_unknown_embedder_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not one of"):
        make_embedder("word2vec")
