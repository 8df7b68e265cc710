"""What the claims' frame pass costs as the corpus grows: blocked pairs vs all cross-document pairs.

    python benchmarks/claims_frame_pairs.py [--docs 1000 10000 100000]

The invented coverage of ``benchmarks/claims_scaling.py`` (its synthetic corpus, stand-in
layers and word-hashing embedder), read into the nodes :func:`cluster_claims` builds. The
frame pass (:func:`communique.analyse.claims_frame_pairs.frame_pairs`) is timed on its own and
beside the whole clustering pass; the peer is the number of pairs an unblocked search would
compare (every two clauses of different documents), against the pairs the blocks compare.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claims_scaling import HashingEmbedder, mentions_of, synthetic_corpus
from communique.analyse import claims_frame_pairs as frame
from communique.analyse.claims import _frame_clauses, _nodes, cluster_claims, mention_facts
from communique.analyse.claims_frames import distinctive


def run(docs: int) -> dict[str, str]:
    mentions = [m for m in mentions_of(synthetic_corpus(docs)) if m.quoted is None]
    embedder = HashingEmbedder()
    t0 = time.perf_counter()
    cluster_claims(mentions, embedder=embedder)  # type: ignore[arg-type]
    whole = time.perf_counter() - t0
    nodes, texts = _nodes(mentions, [mention_facts(m) for m in mentions])
    nodes = distinctive(nodes)
    vectors = embedder.embed(texts)
    docs_of = [frozenset(mentions[r].doc_id for r in n.members) for n in nodes]
    clauses = _frame_clauses(mentions, nodes, docs_of)
    compared = 0
    original = frame._candidates

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal compared
        for pair in original(*args, **kwargs):  # type: ignore[arg-type]
            compared += 1
            yield pair

    frame._candidates = counted  # type: ignore[assignment]
    try:
        t1 = time.perf_counter()
        kept = frame.frame_pairs(clauses, vectors)
        alone = time.perf_counter() - t1
    finally:
        frame._candidates = original
    n = len(nodes)
    return {
        "docs": str(docs),
        "clauses (nodes)": str(n),
        "frame pass (s)": f"{alone:.2f}",
        "whole cluster_claims (s)": f"{whole:.1f}",
        "pairs compared (with repeats)": str(compared),
        "pairs joined": str(len(kept)),
        "all pairs (peer)": f"{n * (n - 1) // 2:.2e}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    for n, docs in enumerate(args.docs):
        row = run(docs)
        if n == 0:
            print("| " + " | ".join(row) + " |")
            print("|" + "---|" * len(row))
        print("| " + " | ".join(row.values()) + " |", flush=True)


if __name__ == "__main__":
    main()
