"""CoNLL-2003 English NER: the installed spaCy model, raw and through communique's mention layer.

Reads ../shared/eval/conll2003/data/<split>.txt in place, feeds spaCy the gold tokens
(``Doc(words=...)``, so spans align exactly), maps OntoNotes labels onto CoNLL's four types and
scores exact entity spans, conlleval style. Four configurations run here:

- ``spaCy raw``: the model's ``doc.ents``;
- ``+ find_mentions``: communique's cleaned, gazetteer-relabelled mentions with missed surnames
  and known names added (``communique.annotate.entities.find_mentions``);
- each parsed ``per sentence`` (the usual CoNLL setting) and ``per document`` (each CoNLL
  document as one text, as articles are parsed in production).

Published figures (spaCy's accuracy page, CoNLL-2003 test F1) are printed for scale only: they
come from large models trained on CoNLL itself, while en_core_web_sm is trained on OntoNotes
(its documented ~84-85 NER F1 is on OntoNotes, not CoNLL).

Usage::

    python benchmarks/conll2003_ner.py                  # the whole test split
    python benchmarks/conll2003_ner.py --limit 300      # the first 300 sentences
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language

from communique.annotate.nlp import (
    DEFAULT_MODEL,
    MODEL_DISTRIBUTION,
    MODEL_WHEEL_SHA256,
    load_pipeline,
    model_meta,
)
from communique.evaluation.conll import (
    CONLL_TYPES,
    NerScore,
    Sentence,
    predict_spans,
    read_conll,
    score_spans,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "conll2003" / "data"
PUBLISHED = {"Flair": 93.1, "Stanza": 92.1, "spaCy en_core_web_trf (RoBERTa)": 91.6}
CONFIGS = (
    ("spaCy raw, per sentence", False, False),
    ("+ find_mentions, per sentence", True, False),
    ("spaCy raw, per document", False, True),
    ("+ find_mentions, per document", True, True),
)


def run(
    nlp: Language, sentences: Sequence[Sentence], *, mentions: bool, by_document: bool
) -> tuple[NerScore, float]:
    """Score one configuration; returns the score and words per second (parse + mentions)."""
    started = time.perf_counter()
    predicted = predict_spans(nlp, sentences, mentions=mentions, by_document=by_document)
    elapsed = time.perf_counter() - started
    words = sum(len(s.tokens) for s in sentences)
    score = score_spans([s.spans for s in sentences], predicted)
    return score, words / elapsed if elapsed else 0.0


def row(label: str, score: NerScore, speed: float) -> str:
    o = score.overall
    per_type = " | ".join(
        f"{score.by_type[t].f1:.1f}" if t in score.by_type else "-" for t in CONLL_TYPES
    )
    return (
        f"| {label} | {o.precision:.1f} | {o.recall:.1f} | {o.f1:.1f} | {per_type} | {speed:,.0f} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CoNLL-2003 NER benchmark")
    parser.add_argument("--split", default="test", choices=("test", "valid", "train"))
    parser.add_argument("--limit", type=int, default=None, help="first N sentences only")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    path = DATA / f"{args.split}.txt"
    if not path.exists():
        print(f"skipped: ../shared/eval/conll2003/data/{args.split}.txt absent")
        return 0
    sentences = read_conll(path, limit=args.limit)
    words = sum(len(s.tokens) for s in sentences)
    nlp = load_pipeline(model=args.model, disable=["lemmatizer"])
    meta = model_meta(nlp)
    print(f"model: {meta['name']} {meta['version']} (spaCy {meta['spacy_version']})")
    print(f"pinned wheel: {MODEL_DISTRIBUTION} sha256 {MODEL_WHEEL_SHA256}")
    print(f"data: {args.split}, {len(sentences)} sentences, {words} words\n")
    print("| system | P | R | F1 | " + " | ".join(f"{t} F1" for t in CONLL_TYPES) + " | words/s |")
    print("|---|---|---|---|" + "---|" * len(CONLL_TYPES) + "---|")
    for label, mentions, by_document in CONFIGS:
        score, speed = run(nlp, sentences, mentions=mentions, by_document=by_document)
        print(row(label, score, speed), flush=True)
    blanks = " | ".join("-" for _ in CONLL_TYPES)
    for name, f1 in PUBLISHED.items():
        print(f"| {name} (published, not run here) | - | - | {f1:.1f} | {blanks} | - |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
