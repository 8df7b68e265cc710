"""Stance detection on the PLOVER gold records, beside a no-grammar baseline in the same run.

    python benchmarks/positions_plover.py [-v]

PLOVER codes each sentence's event; its AGREE, DEMAND, REJECT and THREATEN records state a
stance (AGREE covers offers and acceptances). A record passes when ``find_positions`` finds a
stance of the matching family, whatever the issue. The baseline takes the first stance word of
the codebook by lemma. On the other event types, any stance found is counted (many are real:
protests make demands), as a rough rate of stances where PLOVER sees another event.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from communique.annotate.codebook import Codebook, load_codebook
from communique.annotate.nlp import load_pipeline
from communique.annotate.positions import find_positions
from communique.annotate.quotes import find_quotes

GOLD_FILE = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "eval"
    / "plover"
    / "gold_standard_records"
    / "PLOVER_GSR_CAMEO.txt"
)
FAMILY = {
    "AGREE": {"offer", "accept"},
    "DEMAND": {"demand", "condition"},
    "REJECT": {"reject"},
    "THREATEN": {"threaten"},
}


def _baseline(doc: Any, book: Codebook) -> set[str]:
    lexicon = book.stances
    for token in doc:
        for kind in ("verbs", "nouns", "adjectives"):
            table = getattr(lexicon, kind)
            if token.lemma_.lower() in table:
                return {table[token.lemma_.lower()][0][1]}
    return set()


def _ours(doc: Any, book: Codebook) -> set[str]:
    found = find_positions(
        doc, doc_id="x", published=None, codebook=book, quotes=find_quotes(doc), keep_unmapped=True
    )
    return {p.stance for p in found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", action="store_true", help="print the records we miss")
    args = parser.parse_args()
    if not GOLD_FILE.is_file():
        raise SystemExit(f"../shared/eval/plover absent: {GOLD_FILE} not found")
    records = [r for r in json.loads(GOLD_FILE.read_text(encoding="utf-8")) if r.get("text")]
    nlp = load_pipeline()
    book = load_codebook()
    rows: dict[str, Counter[str]] = {"communique find_positions": Counter(), "baseline": Counter()}
    misses = []
    start = time.perf_counter()
    for record in records:
        doc = nlp(record["text"])
        gold = record["event"]
        for name, method in (("communique find_positions", _ours), ("baseline", _baseline)):
            predicted = method(doc, book)
            counts = rows[name]
            if gold not in FAMILY:
                counts["neg"] += 1
                counts["fp"] += bool(predicted)
                continue
            counts["pos"] += 1
            if predicted & FAMILY[gold]:
                counts["tp"] += 1
            else:
                counts["wrong" if predicted else "none"] += 1
                if name.startswith("communique"):
                    misses.append((gold, sorted(predicted), record["text"]))
    seconds = time.perf_counter() - start
    c = rows["baseline"]
    print(
        f"| method | stance found, AGREE/DEMAND/REJECT/THREATEN (n={c['pos']}) | wrong stance "
        f"| none found | a stance on other event types (n={c['neg']}) |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, c in rows.items():
        print(
            f"| {name} | {c['tp'] / c['pos']:.1%} | {c['wrong'] / c['pos']:.1%} | "
            f"{c['none'] / c['pos']:.1%} | {c['fp'] / c['neg']:.1%} |"
        )
    print(f"\n{len(records)} records in {seconds:.1f} s")
    if args.v:
        for miss in misses:
            print(miss)


if __name__ == "__main__":
    main()
