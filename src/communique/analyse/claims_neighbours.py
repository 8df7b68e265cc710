"""Nearest neighbours among sentence vectors, inside blocks, never all-pairs over the corpus.

Two reports of one claim share something that can be indexed: a named entity, a counted noun,
a day, the kind of event. :mod:`communique.analyse.claims` puts each sentence in one block per
such key; only sentences in a common block are compared.

Cost, with ``d`` = 384 and ``B`` = ``max_block``:

* a block of ``n <= B`` sentences is compared exactly, by chunked matrix products over
  unit vectors (the dot product is the cosine): ``O(n² d)`` time, ``O(chunk · n)`` memory, and
  only the ``top_k`` best neighbours of each row are kept;
* a larger block (a party named in every other sentence) is cut by random-hyperplane hashing
  (``tables`` independent tables of ``bits`` bits, more bits for larger blocks) into buckets of
  about ``B / 4`` vectors, each compared exactly: ``O(tables · n · B · d)``. Two vectors with
  cosine 0.8 land in one bucket of a table with probability ``(1 - acos(0.8)/π)^bits``; four
  tables find most such pairs, and a pair is usually also reachable through a smaller block.

The total is the sum over blocks, so it grows with how many sentences share each key, not with
the square of the corpus.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

__all__ = ["Pairs", "best_match", "nearest_pairs", "similar_pairs", "sorted_unique"]

Vectors = npt.NDArray[np.float32]
Index = npt.NDArray[np.int64]

Pairs = tuple[Index, Index, Vectors]
"""Rows ``lo[n] < hi[n]`` and their cosine ``sims[n]``."""

_CHUNK = 256
_TABLES = 4
_MAX_DEPTH = 3


def similar_pairs(
    vectors: Vectors,
    blocks: Iterable[Sequence[int]],
    *,
    threshold: float,
    top_k: int = 10,
    max_block: int = 2048,
    seed: int = 0,
) -> dict[tuple[int, int], float]:
    """``{(i, j): cosine}`` with ``i < j`` for rows that share a block, are among each other's
    ``top_k`` nearest in it, and have cosine >= ``threshold``; in the order each pair was
    first found (block by block, row by row)."""
    lo, hi, sims = nearest_pairs(
        vectors, blocks, threshold=threshold, top_k=top_k, max_block=max_block, seed=seed
    )
    pairs = zip(lo.tolist(), hi.tolist(), strict=True)
    # dict(zip(...)) builds the entries in C: a comprehension was a third of this function.
    return dict(zip(pairs, sims.tolist(), strict=True))


def nearest_pairs(
    vectors: Vectors,
    blocks: Iterable[Sequence[int]],
    *,
    threshold: float,
    top_k: int = 10,
    max_block: int = 2048,
    seed: int = 0,
) -> Pairs:
    """The pairs of :func:`similar_pairs`, in its order, as arrays: a caller that goes on to
    test them in numpy need not make a Python tuple of each."""
    rng = np.random.default_rng(seed)
    found: list[Pairs] = []
    # One BLAS thread: the products are small (256 rows by at most ``max_block``), and
    # OpenBLAS's threads spent five times the CPU seconds, and four times the wall clock, of
    # one thread on a shared 2-core machine, waiting for each other; the sums are the same.
    with threadpool_limits(limits=1, user_api="blas"):
        for block in blocks:
            idx = np.asarray(block, dtype=np.int64)
            if np.any(idx[1:] <= idx[:-1]):  # most callers' blocks are sorted already
                idx = sorted_unique(idx)
            if len(idx) < 2:
                continue
            for part in _parts(vectors, idx, max_block=max_block, rng=rng, depth=0):
                found += _exact(vectors, part, threshold=threshold, top_k=top_k)
    return _best_of(found, rows=len(vectors))


def sorted_unique(values: Index) -> Index:
    """``np.unique(values)`` of an integer array, by sorting it: numpy 2's ``unique``
    hashes instead, and took some thirty times as long on a million pair keys (numpy
    2.4: 0.61 CPU-s against 0.009); the values are the same, in the same order."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    first = np.empty(len(ordered), dtype=np.bool_)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    out: Index = ordered[first]
    return out


def _best_of(found: Sequence[Pairs], *, rows: int) -> Pairs:
    """One entry per pair with its highest cosine, pairs in the order first found: the
    reduction done in numpy, since a dict update per found pair was a third of the pass."""
    if not found:
        none = np.zeros(0, np.int64)
        return none, none, np.zeros(0, np.float32)
    lo = np.concatenate([f[0] for f in found])
    hi = np.concatenate([f[1] for f in found])
    sims = np.concatenate([f[2] for f in found])
    keys = lo * max(rows, 1) + hi
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    best = np.full(len(unique), -np.inf, dtype=sims.dtype)
    np.maximum.at(best, inverse.reshape(-1), sims)
    order = np.argsort(first, kind="stable")
    return lo[first[order]], hi[first[order]], best[order]


def _parts(
    vectors: Vectors, idx: Index, *, max_block: int, rng: np.random.Generator, depth: int
) -> Iterator[Index]:
    """``idx`` itself when small enough, else its hash buckets (recursively, a few levels)."""
    if len(idx) <= max_block or depth >= _MAX_DEPTH:
        yield idx
        return
    bits = max(1, math.ceil(math.log2(4 * len(idx) / max_block)))
    weights = 1 << np.arange(bits, dtype=np.int64)
    for _ in range(_TABLES if depth == 0 else 1):  # deeper levels only split a bucket
        planes = rng.standard_normal((vectors.shape[1], bits)).astype(np.float32)
        codes = ((vectors[idx] @ planes) > 0).astype(np.int64) @ weights
        buckets: dict[int, list[int]] = defaultdict(list)
        for row, code in zip(idx.tolist(), codes.tolist(), strict=True):
            buckets[code].append(row)
        for members in buckets.values():
            if len(members) >= 2:
                sub = np.asarray(members, dtype=np.int64)
                yield from _parts(vectors, sub, max_block=max_block, rng=rng, depth=depth + 1)


def _exact(vectors: Vectors, idx: Index, *, threshold: float, top_k: int) -> list[Pairs]:
    """``(lower rows, higher rows, cosines)`` of each row's ``top_k`` nearest in ``idx`` at
    ``threshold`` or more, chunk by chunk, in row order and, within a row, in the order
    ``argpartition`` gives."""
    block = vectors[idx]
    k = min(top_k, len(idx) - 1)
    out = []
    for lo in range(0, len(idx), _CHUNK):
        sims = block[lo : lo + _CHUNK] @ block.T
        rows = np.arange(sims.shape[0])
        sims[rows, lo + rows] = -np.inf  # a sentence is not its own neighbour
        best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        kept = np.take_along_axis(sims, best, axis=1)
        hit = kept >= threshold
        a = idx[lo + np.broadcast_to(rows[:, None], best.shape)[hit]]
        b = idx[best[hit]]
        out.append((np.minimum(a, b), np.maximum(a, b), kept[hit]))
    return out


def best_match(
    vectors: Vectors, query: int, candidates: Sequence[int], *, threshold: float
) -> list[tuple[int, float]]:
    """Candidates with cosine >= ``threshold`` to the query row, best first."""
    if not candidates:
        return []
    idx = np.asarray(candidates, dtype=np.int64)
    sims = vectors[idx] @ vectors[query]
    order = np.argsort(-sims, kind="stable")
    return [(int(idx[i]), float(sims[i])) for i in order if sims[i] >= threshold]
