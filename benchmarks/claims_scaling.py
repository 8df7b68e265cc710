"""How the claim clustering pass grows with the corpus: blocked search vs all pairs.

    python benchmarks/claims_scaling.py [--docs 1000 10000] [--model-sentences 400]

Synthetic coverage of an invented dispute: each document reports eight of a pool of events
(pool size grows with the corpus), each event written from one of several templates, with
numbers and days sometimes changed. Sentences are embedded by a word-hashing stand-in so the
timing is of the clustering pass itself (blocking, neighbour search, judging); the real
model's throughput is measured separately on ``--model-sentences`` sentences and the time it
would add is printed. The peer is exact all-pairs cosine over the same vectors (chunked matrix
products), measured where it fits in time and extrapolated (n²) above.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from communique.analyse.claims import (
    ClaimMention,
    DocumentLayers,
    cluster_claims,
    find_check_worthy,
)
from communique.analyse.claims_slots import Quantity
from communique.analyse.embed import SentenceEmbedder, embedding_model_available

_SYLLABLES = tuple(
    [
        "ka",
        "lo",
        "ri",
        "ven",
        "dar",
        "mos",
        "tel",
        "bru",
        "sa",
        "nor",
        "qui",
        "fen",
        "ald",
        "oth",
        "per",
        "zan",
        "mil",
        "gor",
    ]
)
_NOUNS = ("dockers", "drivers", "nurses", "teachers", "miners", "pilots", "cleaners", "porters")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_TEMPLATES = (
    "The {org} said {n} {noun} walked out at {place} on {day}.",
    "On {day}, {n} {noun} at {place} walked out, the {org} said.",
    "{n} {noun} walked out at {place} on {day}, according to the {org}.",
    "The {org} and {firm} agreed a {n}% pay rise for {noun} in {place} on {day}.",
    "{firm} agreed on {day} to a {n}% pay rise for {noun} in {place}, the {org} said.",
    "Talks between {firm} and the {org} in {place} were led by {person} on {day}.",
)


def _name(rng: random.Random, words: int) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(4)).capitalize() for _ in range(words)
    )


def synthetic_corpus(docs: int, *, seed: int = 7) -> list[tuple[str, str, str]]:
    """(doc id, origin, text) for ``docs`` invented reports."""
    rng = random.Random(seed)
    events = []
    for _ in range(max(20, docs // 2)):
        events.append(
            {
                "org": _name(rng, 2) + " Union",
                "firm": _name(rng, 1) + " Shipping",
                "place": "Port " + _name(rng, 1),
                "person": _name(rng, 2),
                "noun": rng.choice(_NOUNS),
                "n": str(rng.choice((3, 4, 5, 300, 1200, 1500, 2000))),
                "day": rng.choice(_DAYS),
                "template": rng.randrange(2),
            }
        )
    outlets = [f"outlet:{_name(rng, 1).lower()}" for _ in range(max(5, docs // 20))]
    corpus = []
    for d in range(docs):
        sentences = []
        for event in rng.sample(events, 8):
            slots = dict(event)
            if rng.random() < 0.1:
                slots["n"] = str(int(slots["n"]) + 100)
            if rng.random() < 0.05:
                slots["day"] = rng.choice(_DAYS)
            template = _TEMPLATES[event["template"] * 3 + rng.randrange(3)]
            sentences.append(template.format(**slots))
        corpus.append((f"d{d}", rng.choice(outlets), " ".join(sentences)))
    return corpus


class HashingEmbedder:
    """Bag-of-words vectors from hashed words: a fast stand-in with the embedder's shape."""

    def __init__(self) -> None:
        self._cache: dict[str, npt.NDArray[np.float32]] = {}

    def _word(self, word: str) -> npt.NDArray[np.float32]:
        if word not in self._cache:
            rng = np.random.default_rng(zlib.crc32(word.encode()))
            self._cache[word] = rng.standard_normal(384).astype(np.float32)
        return self._cache[word]

    def embed(self, sentences: list[str]) -> npt.NDArray[np.float32]:
        out = np.zeros((len(sentences), 384), dtype=np.float32)
        for i, s in enumerate(sentences):
            for word in re.findall(r"\w+", s.lower()):
                out[i] += self._word(word)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-9, None)


def all_pairs(vectors: npt.NDArray[np.float32], threshold: float) -> int:
    """The peer: every pair's cosine, in row chunks; returns the pairs above threshold."""
    found = 0
    for lo in range(0, len(vectors), 1024):
        sims = vectors[lo : lo + 1024] @ vectors.T
        found += int((sims >= threshold).sum())
    return found


_NAME_RE = re.compile(r"\b(?:Port )?[A-Z][a-z]+(?: [A-Z][a-z]+)*(?: Union| Shipping)?\b")
_FIGURE_RE = re.compile(r"\b(\d+)(%?) (?:pay rise for )?(\w+?)s?\b")
_WEEK = dict(
    zip(
        _DAYS,
        ("2031-03-03", "2031-03-04", "2031-03-05", "2031-03-06", "2031-03-07", "2031-03-08"),
        strict=True,
    )
)


def _stand_in_layers(text: str) -> DocumentLayers:
    """What the language layer would give for a synthetic report, read with patterns that
    fit the templates (the benchmark measures clustering, not reading)."""
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    days = [(m.start(), m.end(), _WEEK[m[0]]) for m in re.finditer("|".join(_DAYS), text)]
    names = [
        (m.start(), m.end(), "ORG")
        for m in _NAME_RE.finditer(text)
        if m[0] not in (*_DAYS, "The", "On", "Talks")
    ]
    figures = [
        Quantity(float(m[1]), f"{m[2]}{m[3]}", "exact", m.start(), m.end(2), m[1] + m[2])
        for m in _FIGURE_RE.finditer(text)
    ]
    layers = DocumentLayers.from_spans(text, sentences, entities=names, dates=days)
    return layers.with_figures(figures)


def mentions_of(corpus: list[tuple[str, str, str]]) -> list[ClaimMention]:
    out: list[ClaimMention] = []
    for doc_id, origin, text in corpus:
        out += find_check_worthy(doc_id, text, _stand_in_layers(text), origin=origin)
    return out


def run(docs: int, *, peer_limit: int) -> dict[str, str]:
    corpus = synthetic_corpus(docs)
    t0 = time.perf_counter()
    mentions = mentions_of(corpus)
    t1 = time.perf_counter()
    embedder = HashingEmbedder()
    claims = cluster_claims(mentions, embedder=embedder)  # type: ignore[arg-type]
    t2 = time.perf_counter()
    vectors = embedder.embed([m.text for m in mentions])
    if len(mentions) <= peer_limit:
        t3 = time.perf_counter()
        all_pairs(vectors, 0.75)
        peer = f"{time.perf_counter() - t3:.1f} s"
    else:
        peer = "—"
    status = Counter(c.status for c in claims)
    return {
        "docs": str(docs),
        "mentions": str(len(mentions)),
        "claims": str(len(claims)),
        "check-worthy (s)": f"{t1 - t0:.1f}",
        "cluster_claims (s)": f"{t2 - t1:.1f}",
        "all-pairs peer": peer,
        "statuses": ", ".join(f"{k} {v}" for k, v in sorted(status.items())),
    }


def model_rate(sentences: int) -> float | None:
    if not embedding_model_available():
        return None
    texts = [m.text for m in mentions_of(synthetic_corpus(max(10, sentences // 8), seed=3))]
    texts = texts[:sentences]
    embedder = SentenceEmbedder(threads=1)
    embedder.embed(texts[:4])
    start = time.perf_counter()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--model-sentences", type=int, default=400)
    parser.add_argument("--peer-limit", type=int, default=20000, help="largest peer run (mentions)")
    args = parser.parse_args()
    rows = [run(n, peer_limit=args.peer_limit) for n in args.docs]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")
    rate = model_rate(args.model_sentences)
    if rate is None:
        print("\nembedding model not installed: model throughput not measured")
        return
    print(f"\nint8 all-MiniLM-L6-v2, 1 thread: {rate:.0f} sentences/s (distinct sentences)")
    for row in rows:
        print(
            f"- {row['docs']} docs: embedding would add about {int(row['mentions']) / rate:.0f} s"
        )


if __name__ == "__main__":
    main()
