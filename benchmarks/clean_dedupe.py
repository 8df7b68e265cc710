"""Near-duplicate signatures: communique's numpy MinHash against datasketch.MinHash.

    python benchmarks/clean_dedupe.py [--docs 40] [--words 5000]

Synthetic texts (random words from a fixed vocabulary, seeded) so the run needs no data;
pairs are made by replacing a share of the words, and each signature's Jaccard estimate is
compared with the exact Jaccard of the shingle sets.
"""

from __future__ import annotations

import argparse
import random
import time

from datasketch import MinHash

from communique.clean.dedupe import shingles, signature, similarity


def _texts(n: int, words: int) -> list[str]:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(20000)]
    return [" ".join(rng.choices(vocab, k=words)) for _ in range(n)]


def _edit(text: str, share: float, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = "edited"
    return " ".join(words)


def _datasketch(text: str) -> MinHash:
    m = MinHash(num_perm=128, seed=1)
    m.update_batch(list(shingles(text)))
    return m


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--words", type=int, default=5000)
    args = parser.parse_args()
    texts = _texts(args.docs, args.words)
    rows = []
    for name, fn in [("communique signature", signature), ("datasketch MinHash", _datasketch)]:
        start = time.perf_counter()
        for text in texts:
            fn(text)
        rows.append((name, len(texts) / (time.perf_counter() - start)))
    errors: dict[str, list[float]] = {"communique": [], "datasketch": []}
    for i, text in enumerate(texts[:20]):
        other = _edit(text, 0.02 + 0.01 * i, seed=i)
        a, b = shingles(text), shingles(other)
        exact = len(a & b) / len(a | b)
        errors["communique"].append(abs(similarity(signature(text), signature(other)) - exact))
        errors["datasketch"].append(abs(_datasketch(text).jaccard(_datasketch(other)) - exact))
    print(f"{args.docs} texts of {args.words} words, 128 permutations, word 5-shingles\n")
    print("| implementation | docs/s | mean abs. Jaccard error (20 pairs) |")
    print("|---|---:|---:|")
    for (name, rate), err in zip(rows, errors.values(), strict=True):
        print(f"| {name} | {rate:.0f} | {sum(err) / len(err):.3f} |")


if __name__ == "__main__":
    main()
