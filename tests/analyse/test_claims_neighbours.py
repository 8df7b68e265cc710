"""The neighbour search of claim clustering: the same pairs, cosines and order as a plain
loop over each block's top-k neighbours (the numpy reduction must not change a briefing)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from communique.analyse.claims_neighbours import best_match, similar_pairs, sorted_unique


def _unit(rows: int, dims: int, seed: int) -> npt.NDArray[np.float32]:
    vectors = np.random.default_rng(seed).standard_normal((rows, dims)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _plain(
    vectors: npt.NDArray[np.float32], blocks: list[list[int]], *, threshold: float, top_k: int
) -> dict[tuple[int, int], float]:
    """Every pair of each small block, row by row: what ``similar_pairs`` computes for blocks
    under ``max_block``."""
    pairs: dict[tuple[int, int], float] = {}
    for block in blocks:
        idx = sorted(set(block))
        if len(idx) < 2:
            continue
        sims = vectors[idx] @ vectors[idx].T
        np.fill_diagonal(sims, -np.inf)
        k = min(top_k, len(idx) - 1)
        for r in range(len(idx)):
            for c in np.argpartition(-sims[r : r + 1], k - 1, axis=1)[0, :k].tolist():
                if sims[r, c] >= threshold:
                    key = (min(idx[r], idx[c]), max(idx[r], idx[c]))
                    pairs[key] = max(float(sims[r, c]), pairs.get(key, -1.0))
    return pairs


def test_pairs_match_a_plain_loop_in_value_and_order() -> None:
    vectors = _unit(600, 8, seed=3)
    rng = np.random.default_rng(4)
    blocks = [rng.choice(600, size=n, replace=False).tolist() for n in (2, 7, 90, 300, 1)]
    blocks.append(list(range(0, 600, 3)))
    found = similar_pairs(vectors, blocks, threshold=0.4, top_k=5, max_block=400)
    expected = _plain(vectors, blocks, threshold=0.4, top_k=5)
    # Same pairs in the same order; cosines to BLAS rounding (the search multiplies in chunks).
    assert list(found) == list(expected)
    assert all(abs(found[p] - expected[p]) < 1e-6 for p in found)
    assert all(i < j for i, j in found)


def test_a_pair_found_in_two_blocks_keeps_its_cosine_once() -> None:
    vectors = _unit(4, 3, seed=5)
    vectors[1] = vectors[0]  # identical rows: cosine 1 in whichever block
    found = similar_pairs(vectors, [[0, 1, 2], [1, 0, 3]], threshold=0.99, top_k=3)
    assert list(found) == [(0, 1)]
    assert abs(found[(0, 1)] - 1.0) < 1e-5


def test_no_block_of_two_gives_no_pairs() -> None:
    vectors = _unit(5, 4, seed=6)
    assert similar_pairs(vectors, [[0], [1, 1], []], threshold=-1.0) == {}


def test_best_match_ranks_candidates_above_threshold() -> None:
    vectors = _unit(6, 4, seed=7)
    ranked = best_match(vectors, 0, [1, 2, 3, 4, 5], threshold=-1.0)
    sims = [s for _, s in ranked]
    assert sims == sorted(sims, reverse=True) and len(ranked) == 5


def test_sorted_unique_is_numpy_unique() -> None:
    rng = np.random.default_rng(3)
    for size in (0, 1, 2, 50, 5000):
        values = rng.integers(-20, 400, size, dtype=np.int64)
        got, want = sorted_unique(values), np.unique(values)
        assert got.dtype == want.dtype
        assert got.tolist() == want.tolist()
