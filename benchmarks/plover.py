"""PLOVER gold records: event type, source actor and target actor from communique's event stage.

Reads ../shared/eval/plover/gold_standard_records/PLOVER_GSR_CAMEO.txt in place (CC BY-SA 4.0;
nothing is copied), runs ``communique.annotate.events.find_events`` on each sentence, keeps the
event whose trigger stands highest in the parse, and scores it with
``communique.evaluation.plover`` (the category mapping and the scoring rules are documented
there). Rows, all in the same run:

- ``communique``: dependency-parse triggers, framing, actor and target reading;
- ``keyword baseline``: the same lexicon without the parse (first trigger lemma in the sentence;
  nearest name before it = actor, after it = target);
- ``majority class``: always AGREE, the most frequent mapped category, no actors.

GDELT's manual check of its own coding (81.2 % event code, 79 % actor correct) is the published
bar, on a different protocol: reviewers judged a sample of machine-coded news.

Usage::

    python benchmarks/plover.py               # all 322 records
    python benchmarks/plover.py --every 3     # the gate subset (every third record)
    python benchmarks/plover.py --categories  # also per-category type accuracy
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from communique.annotate.nlp import load_pipeline, model_meta
from communique.evaluation.plover import (
    ACTOR_COLUMNS,
    PLOVER_TO_OURS,
    TYPE_COLUMNS,
    PloverScores,
    Prediction,
    keyword_baseline,
    predict,
    read_records,
    score,
    table_header,
)

GOLD = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "eval"
    / "plover"
    / "gold_standard_records"
    / "PLOVER_GSR_CAMEO.txt"
)


def _categories(scores: PloverScores) -> list[str]:
    lines = ["", "| PLOVER category | records | our accepted types | right (lenient) |"]
    lines.append("|---|---:|---|---:|")
    for name, n in sorted(scores.by_category.items(), key=lambda kv: -kv[1]):
        accepted = ", ".join(PLOVER_TO_OURS.get(name, ("OTHER",)))
        right = scores.by_category_right[name]
        lines.append(f"| {name} | {n} | {accepted} | {100.0 * right / n:.0f} % |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--every", type=int, default=1, help="keep every Nth record")
    parser.add_argument("--categories", action="store_true", help="per-category accuracy")
    args = parser.parse_args(argv)
    if not GOLD.is_file():
        print(f"../shared/eval/plover absent: {GOLD} not found", file=sys.stderr)
        return 2
    records = read_records(GOLD)[:: args.every]
    nlp = load_pipeline()
    started = time.perf_counter()
    ours = score(records, predict(nlp, records))
    seconds = time.perf_counter() - started
    baseline = score(records, keyword_baseline(nlp, records))
    majority = score(records, [Prediction("AGREE")] * len(records))
    meta = model_meta(nlp)
    rows = (
        ("communique", ours),
        ("keyword baseline", baseline),
        ("majority class (AGREE)", majority),
    )
    print(
        f"PLOVER gold records: {len(records)} (every {args.every}); model {meta['name']} ", end=""
    )
    print(f"{meta['version']}; communique {len(records) / seconds:.0f} records/s")
    print(f"Mapped records: {ours.bases['type_mapped_strict']}; with a gold source: ", end="")
    print(f"{ours.bases['source_overlap']}; with a gold target: {ours.bases['target_overlap']}")
    for columns in (TYPE_COLUMNS, ACTOR_COLUMNS):
        print()
        print(table_header(columns))
        for label, scores in rows:
            print(scores.row(label, columns))
    print()
    print("Published bar, different protocol: GDELT manual review, event code 81.2 %, ", end="")
    print("actor 79 % correct.")
    if args.categories:
        print("\n".join(_categories(ours)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
