"""A small stance model over the shipped MiniLM sentence embeddings, measured beside the rules.

    python benchmarks/stance_model.py [--threshold P ...] [--cluster NAME ...] [--save FILE]

Issue 10 allows a model where the position rules run out, trained only on data the project can
ship: here PLOVER's gold records (CC BY-SA 4.0), never the negotiations dev set. Each record's
sentence is embedded with the MiniLM model that ships (``communique.analyse.embed``) and a
multinomial logistic regression (numpy, L2, full-batch gradient descent) learns five classes:
no stance (every other PLOVER event type), AGREE, DEMAND, REJECT, THREATEN.

1. PLOVER, by 5-fold cross-validation (held-out folds, one fixed shuffle): the stance class of
   the 137 stance records and whether a stance is found at all, beside the majority class.
2. The negotiations dev set (``../shared/eval/negotiations``), scored as
   ``benchmarks/negotiations.py`` scores positions, three ways in one run:
   *rules* (the briefing as it is);
   *rules + model*: every sentence where the rules read no position but a sided actor is
   named gets the model's stance when its probability is at least ``--threshold``, held by the
   first sided actor the sentence names (AGREE read as ``accept``);
   *rules, model filter*: rule positions dropped where the model gives "no stance" at least
   ``--threshold``.
With ``--save FILE`` the weights trained on every PLOVER record are written as ``.npz`` (a few
kilobytes); nothing from PLOVER's text is stored.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from communique.analyse.embed import SentenceEmbedder
from communique.evaluation.negotiations import (
    FAMILIES,
    Baseline,
    SysPosition,
    brief_cluster,
    from_briefing,
    gold_ids,
    map_sides,
    norm,
    read_clusters,
    score_briefing,
)

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
PLOVER = SHARED / "plover" / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
NEGOTIATIONS = SHARED / "negotiations"
CLASSES = ("none", "AGREE", "DEMAND", "REJECT", "THREATEN")
AS_STANCE = {"AGREE": "accept", "DEMAND": "demand", "REJECT": "reject", "THREATEN": "threaten"}
Matrix = npt.NDArray[np.float64]


def plover_records() -> tuple[list[str], npt.NDArray[np.int64]]:
    """PLOVER's coded sentences and their class index (0 for every non-stance event)."""
    if not PLOVER.is_file():
        raise SystemExit(f"../shared/eval/plover absent: {PLOVER} not found")
    records = [r for r in json.loads(PLOVER.read_text(encoding="utf-8")) if r.get("text")]
    labels = [CLASSES.index(r["event"]) if r["event"] in CLASSES else 0 for r in records]
    return [r["text"] for r in records], np.array(labels, dtype=np.int64)


def train(x: Matrix, y: npt.NDArray[np.int64], *, l2: float = 1e-3, steps: int = 600) -> Matrix:
    """Weights (features + bias) x classes of a softmax regression, classes weighted by the
    inverse of their frequency so "no stance" does not swamp the four stances."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    onehot = np.eye(len(CLASSES))[y]
    weight = (n / (len(CLASSES) * np.maximum(onehot.sum(0), 1)))[y][:, None]
    w = np.zeros((d + 1, len(CLASSES)))
    for _ in range(steps):
        p = softmax(xb @ w)
        grad = xb.T @ ((p - onehot) * weight) / n + l2 * w
        w -= 2.0 * grad
    return w


def softmax(z: Matrix) -> Matrix:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: Matrix = e / e.sum(axis=1, keepdims=True)
    return out


def predict(w: Matrix, x: Matrix) -> Matrix:
    return softmax(np.hstack([x, np.ones((len(x), 1))]) @ w)


def cross_validate(x: Matrix, y: npt.NDArray[np.int64], *, folds: int = 5) -> Counter[str]:
    order = np.random.default_rng(0).permutation(len(y))
    c: Counter[str] = Counter()
    for k in range(folds):
        test = order[k::folds]
        fit = np.setdiff1d(order, test)
        guess = predict(train(x[fit], y[fit]), x[test]).argmax(axis=1)
        for g, t in zip(guess, y[test], strict=True):
            c["n"] += 1
            c["right"] += int(g == t)
            c["stance_n"] += int(t > 0)
            c["stance_right"] += int(t > 0 and g == t)
            c["found"] += int(t > 0 and g > 0)
            c["said"] += int(g > 0)
            c["said_right"] += int(g > 0 and t > 0)
    return c


def _sentence_rows(layers: dict[str, list[Any]]) -> list[tuple[str, str, list[str]]]:
    """(document, sentence, entity texts in it) for every stored sentence."""
    rows = []
    for doc, stored in layers.items():
        entities = [a for a in stored if a.layer == "entity"]
        for s in (a for a in stored if a.layer == "sentence"):
            inside = [e.text for e in entities if s.start <= e.start < s.end]
            rows.append((doc, s.text, inside))
    return rows


def _variants(
    ours: Baseline,
    rows: Sequence[tuple[str, str, list[str]]],
    probs: Matrix,
    *,
    parties: dict[str, str],
    ids: dict[str, str],
    threshold: float,
) -> dict[str, Baseline]:
    # stored sentences and the briefing's evidence may differ in spaces and quote marks
    read = {(p.document, norm(p.sentence)) for p in ours.positions}
    prob = {(ids.get(d, d), norm(s)): probs[i] for i, (d, s, _e) in enumerate(rows)}
    added = list(ours.positions)
    for i, (doc, text, entities) in enumerate(rows):
        gid = ids.get(doc, doc)
        side = next((parties[e.casefold()] for e in entities if e.casefold() in parties), None)
        best = int(probs[i].argmax())
        if (gid, norm(text)) in read or side is None or best == 0 or probs[i][best] < threshold:
            continue
        added.append(SysPosition(gid, text, side, AS_STANCE[CLASSES[best]], "other"))
    missing = [p for p in ours.positions if (p.document, norm(p.sentence)) not in prob]
    if missing:
        raise SystemExit(f"{len(missing)} rule positions cite no stored sentence")
    kept = [p for p in ours.positions if prob[(p.document, norm(p.sentence))][0] < threshold]
    return {
        "rules": ours,
        "rules + model": replace(ours, positions=tuple(added)),
        "rules, model filter": replace(ours, positions=tuple(kept)),
    }


def negotiations(
    w: Matrix, embedder: SentenceEmbedder, *, names: Sequence[str], thresholds: Sequence[float]
) -> dict[str, Counter[str]]:
    totals: dict[str, Counter[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for cluster in read_clusters(NEGOTIATIONS, names=names):
            briefing, layers = brief_cluster(cluster, Path(tmp))
            ids = gold_ids(cluster, briefing)
            side_map = map_sides(briefing, cluster.sides)
            parties = {
                name.casefold(): e.party
                for e in briefing.entities
                if e.party
                for name in (e.name, *e.aliases)
            }
            rows = _sentence_rows(layers)
            probs = predict(w, embedder.embed([t for _d, t, _e in rows]).astype(np.float64))
            ours = from_briefing(briefing, ids)
            for threshold in thresholds:
                variants = _variants(
                    ours, rows, probs, parties=parties, ids=ids, threshold=threshold
                )
                for name, out in variants.items():
                    if name == "rules" and threshold != thresholds[0]:
                        continue
                    label = name if name == "rules" else f"{name} (p >= {threshold})"
                    score = score_briefing(cluster, out, side_map=side_map, families=FAMILIES)
                    totals.setdefault(label, Counter()).update(score.counts)
    return totals


def _ratio(c: Counter[str], num: str, den: str) -> str:
    return f"{c[num] / c[den]:.2f} ({c[num]}/{c[den]})" if c[den] else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--threshold", type=float, action="append", help="repeatable (default 0.4, 0.6, 0.8)"
    )
    parser.add_argument("--cluster", action="append", default=[])
    parser.add_argument("--save", type=Path, help="write the weights trained on all records")
    parser.add_argument("--no-negotiations", action="store_true")
    args = parser.parse_args()
    texts, y = plover_records()
    embedder = SentenceEmbedder()
    x = embedder.embed(texts).astype(np.float64)
    cv = cross_validate(x, y)
    majority = Counter(y.tolist()).most_common(1)[0][1] / len(y)
    print(f"PLOVER, 5-fold cross-validation ({len(y)} records, {cv['stance_n']} with a stance)\n")
    print("| figure | model | majority class |\n|---|---:|---:|")
    print(f"| class right (5 classes) | {_ratio(cv, 'right', 'n')} | {majority:.2f} |")
    print(f"| stance records: class right | {_ratio(cv, 'stance_right', 'stance_n')} | 0.00 |")
    print(f"| stance records: some stance said | {_ratio(cv, 'found', 'stance_n')} | 0.00 |")
    print(f"| stance said: record has one | {_ratio(cv, 'said_right', 'said')} | - |")
    w = train(x, y)
    if args.save is not None:
        np.savez_compressed(args.save, weights=w.astype(np.float32), classes=np.array(CLASSES))
    if args.no_negotiations:
        return
    thresholds = args.threshold or [0.4, 0.6, 0.8]
    totals = negotiations(w, embedder, names=args.cluster, thresholds=thresholds)
    print("\nNegotiations dev set, positions, the model beside the rules alone\n")
    print("| variant | recall | precision (annotated sentences) |\n|---|---:|---:|")
    for name, c in totals.items():
        print(
            f"| {name} | {_ratio(c, 'positions_found', 'positions_gold')} | "
            f"{_ratio(c, 'positions_right_on_annotated', 'positions_on_annotated')} |"
        )


if __name__ == "__main__":
    main()
