"""Claim embedders side by side: MiniLM (int8 ONNX) and USE multilingual v3 (pure numpy).

    python benchmarks/embedders.py [--store STORE.db] [--speed-docs 84]

Speed: the same sentences (the negotiations gold set's articles and PolNEAR's dev texts, split
at sentence ends), embedded by each model in the same run, after one warm-up call (model
loading is timed apart).

Quality on ``../shared/eval/negotiations`` (the BASIL clusters, whose texts are in the set):

* pair ranking — for every gold claim with fragments in two documents, and each ordered pair of
  its fragments (A in one document, B in another), the sentence holding A is compared with
  every sentence of the cluster's other documents: top-1 says the sentence holding B is the
  nearest, MRR averages 1/rank of it;
* statuses — with ``--store`` (a store where these articles are ingested and annotated, e.g.
  the one ``benchmarks/incremental.py --real`` builds), the claims the briefing's clustering
  gives with each embedder: for each gold claim, the briefing claim holding its first fragment,
  and whether its status is the gold status.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
NEGOTIATIONS = SHARED / "negotiations"
POLNEAR = SHARED / "polnear" / "data" / "dev" / "text"
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"“‘(]?[A-Z0-9])|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a plain split at sentence ends, the same for both models."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def clusters() -> list[tuple[dict[str, str], dict[str, Any]]]:
    """(texts by gold id, gold) of each cluster whose texts are in the set."""
    out = []
    for folder in sorted(NEGOTIATIONS.iterdir()):
        articles = folder / "articles.jsonl"
        if not articles.is_file():
            continue
        rows = [json.loads(line) for line in articles.read_text().splitlines() if line.strip()]
        gold = yaml.safe_load((folder / "gold.yaml").read_text())
        out.append(({r["id"]: r["text"] for r in rows}, gold))
    return out


def _holding(spans: Sequence[tuple[int, int]], text: str, fragment: str) -> int | None:
    at = text.find(fragment)
    if at < 0:
        return None
    for i, (s, e) in enumerate(spans):
        if s <= at < e:
            return i
    return None


def pair_ranking(embedder: Any) -> tuple[int, float, float]:
    """(pairs, top-1 share, MRR) over every cluster."""
    ranks: list[int] = []
    for texts, gold in clusters():
        split = {doc: sentences(text) for doc, text in texts.items()}
        flat = [(doc, i) for doc in texts for i in range(len(split[doc]))]
        index = {key: n for n, key in enumerate(flat)}
        vectors = embedder.embed([texts[d][slice(*split[d][i])] for d, i in flat])
        for claim in gold.get("claims", ()):
            found = []
            for ev in claim["evidence"]:
                doc = ev["document"]
                if doc in texts:
                    i = _holding(split[doc], texts[doc], ev["text"])
                    if i is not None:
                        found.append((doc, i))
            for a in found:
                for b in found:
                    if a[0] == b[0]:
                        continue
                    others = [n for n, (d, _i) in enumerate(flat) if d != a[0]]
                    sims = vectors[others] @ vectors[index[a]]
                    target = float(vectors[index[b]] @ vectors[index[a]])
                    ranks.append(1 + int(np.sum(sims > target)))
    top1 = sum(r == 1 for r in ranks) / len(ranks)
    mrr = sum(1 / r for r in ranks) / len(ranks)
    return len(ranks), top1, mrr


def speed(embedder: Any, texts: Sequence[str]) -> tuple[float, float, float, int]:
    """(load seconds, sentences per wall second, sentences per CPU second, sentences).

    CPU time is shown beside wall time because the machine is shared: wall time says what a
    user waits on a loaded machine, CPU time what the model costs."""
    t = time.perf_counter()
    embedder.embed(["Warm-up sentence for the model."])
    load = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    embedder.embed(list(texts))
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    return load, len(texts) / wall, len(texts) / cpu, len(texts)


def statuses(store_path: str, embedders: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """{name: (gold claims, found in a briefing claim, same status)} over the gold clusters."""
    from communique.analyse.claims import cluster_claims
    from communique.brief.build import read_document
    from communique.store import open_store

    golds = clusters()
    # Ingest cleans the text, so a gold article is found by its title.
    titles = {}
    for folder in sorted(NEGOTIATIONS.iterdir()):
        articles = folder / "articles.jsonl"
        if articles.is_file():
            for line in articles.read_text().splitlines():
                if line.strip():
                    row = json.loads(line)
                    titles[row["title"].strip()] = row["id"]
    with open_store(store_path) as store:
        by_id = {d.id: d for d in store.documents()}
        gold_of = {
            i: titles[d.title.strip()]
            for i, d in by_id.items()
            if d.title and d.title.strip() in titles
        }
        mentions = [
            m
            for i in gold_of
            for m in read_document(by_id[i], store.annotations(i), by_id=by_id).claims
        ]
    out = {}
    for name, embedder in embedders.items():
        claims = cluster_claims(mentions, embedder=embedder)
        total = found = same = 0
        for _texts, gold in golds:
            for claim in gold.get("claims", ()):
                total += 1
                status = _status_of(claims, claim["evidence"], gold_of, by_id)
                found += status is not None
                same += status == claim["status"]
        out[name] = (total, found, same)
    return out


def _status_of(claims: Any, evidence: Any, gold_of: dict[str, str], by_id: Any) -> str | None:
    for ev in evidence:
        for claim in claims:
            for m in claim.mentions:
                if gold_of.get(m.doc_id) == ev["document"] and ev["text"] in m.text:
                    return str(claim.status)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="an annotated store holding the negotiations articles")
    parser.add_argument("--speed-docs", type=int, default=84, help="PolNEAR dev texts for speed")
    args = parser.parse_args()
    if not NEGOTIATIONS.is_dir():
        sys.exit(f"{NEGOTIATIONS} absent: the negotiations gold set is needed")
    from communique.analyse.embedders import make_embedder

    embedders = {"minilm": make_embedder("minilm"), "use-m3": make_embedder("use-m3")}
    texts = [t for ts, _g in clusters() for t in ts.values()]
    texts += [p.read_text() for p in sorted(POLNEAR.glob("*.txt"))[: args.speed_docs]]
    sents = [t[s:e] for t in texts for s, e in sentences(t)]
    rows = {}
    for name, embedder in embedders.items():
        rows[name] = (*speed(embedder, sents), *pair_ranking(embedder))
    checked = statuses(args.store, embedders) if args.store else {}
    print(
        "| embedder | load s | sentences/s (wall) | sentences/CPU-s | sentences | pairs | top-1 "
        "| MRR | statuses right |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, (load, rate, cpu_rate, n, pairs, top1, mrr) in rows.items():
        if name in checked:
            total, found, same = checked[name]
            status = f"{same}/{total} ({found} found)"
        else:
            status = "-"
        print(
            f"| {name} | {load:.2f} | {rate:.0f} | {cpu_rate:.0f} | {n} | {pairs} | {top1:.2f} "
            f"| {mrr:.2f} "
            f"| {status} |"
        )


if __name__ == "__main__":
    main()
