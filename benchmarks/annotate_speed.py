"""The language layer's speed beside plain spaCy on the same texts, in the same run.

    python benchmarks/annotate_speed.py [--docs 200] [--lengths 1,4,16,64] [--long-words 50000]
        [--repeat 3]

Texts: the demo corpus and the seed articles (../shared/seeds, when present), cleaned as ingest
cleans them, repeated to --docs documents. Rows: spaCy ``nlp.pipe`` alone (the bar), then our
whole layer (the same spaCy pass plus entities with roles, dates, quotes, events and
positions). The difference is our own work beyond spaCy; the goal is at most 25 % of spaCy's
time.

Then the cost by length: one article (the longest seed, else the longest demo text) repeated
--lengths times as one document, and one document of --long-words words made of every text
above in turn. Each row times spaCy alone and our layer on that one document; the layer's time
should grow in proportion to the text (a 50,000-word document in at most 1.3x spaCy's time).
A document over 100,000 characters is parsed in chunks by the layer, whole by spaCy alone
(which is slower per word on a very long text): such rows also time spaCy on the layer's
chunks, and our own work is measured against that.

Times are this process's CPU seconds (``time.process_time``), so other work on a shared
machine does not count, and each is the best of --repeat runs; "seconds" means CPU seconds.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from communique.annotate.chunks import CHUNK_CHARS, parse_text
from communique.annotate.pipeline import Annotator
from communique.annotate.timex import _candidates
from communique.clean.pipeline import Cleaner
from communique.models import Document, Failure
from communique.read import read_targets

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"
DEMO = ROOT / "src" / "communique" / "demo" / "corpus"


def _base() -> list[Document]:
    """Demo texts first, then the seeds (when present), cleaned."""
    targets = [str(p) for p in sorted(DEMO.iterdir()) if p.name != "README.md"]
    if SEEDS.is_dir():
        targets.append(str(SEEDS / "*.txt"))
    cleaner = Cleaner.create()
    return [cleaner.clean(raw) for raw in read_targets(targets) if not isinstance(raw, Failure)]


def _article(base: Sequence[Document]) -> Document:
    seeds = [doc for doc in base if "seeds" in Path(doc.source).parts]
    return max(seeds or base, key=lambda doc: len(doc.text.split()))


def _long_text(base: Sequence[Document], words: int) -> str:
    """Every text in turn, as paragraphs of one document, until ``words`` words."""
    taken: list[str] = []
    count = 0
    while count < words:
        for doc in base:
            ends = [m.end() for m in re.finditer(r"\S+", doc.text)][: words - count]
            taken.append(doc.text[: ends[-1]] if ends else "")
            count += len(ends)
            if count >= words:
                break
    return "\n\n".join(taken)


def _time_pair(
    annotator: Annotator, documents: list[Document], *, repeat: int
) -> tuple[float, float]:
    """Seconds for spaCy alone, then for the whole layer, over ``documents``: the best of
    ``repeat`` alternating runs, as timeit does, since a busy machine only ever adds time."""
    spacy_s = ours_s = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in annotator.nlp.pipe((doc.text for doc in documents), batch_size=16):
            pass
        spacy_s = min(spacy_s, time.process_time() - start)
        _candidates.cache_clear()  # the layer keeps the last text's date matches: not twice
        start = time.process_time()
        for _ in annotator.annotate_documents(documents):
            pass
        ours_s = min(ours_s, time.process_time() - start)
    return spacy_s, ours_s


def _corpus_table(annotator: Annotator, documents: list[Document], *, repeat: int) -> None:
    words = sum(len(doc.text.split()) for doc in documents)
    spacy_s, ours_s = _time_pair(annotator, documents, repeat=repeat)
    print(f"{len(documents)} documents, {words} words\n")
    print("| pipeline | docs/s | words/s | seconds |")
    print("|---|---:|---:|---:|")
    for name, seconds in (("spaCy nlp.pipe alone", spacy_s), ("communique layer", ours_s)):
        print(
            f"| {name} | {len(documents) / seconds:.1f} | {words / seconds:.0f} | {seconds:.1f} |"
        )
    print(f"\nour work beyond spaCy: {100 * (ours_s - spacy_s) / spacy_s:.0f} % of spaCy's time")


def _length_table(annotator: Annotator, rows: list[tuple[str, Document]], *, repeat: int) -> None:
    print(
        "\n| document | words | characters | spaCy whole s | spaCy in our chunks s | layer s "
        "| layer / spaCy whole | beyond spaCy (same chunks) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    limit = min(CHUNK_CHARS, annotator.nlp.max_length)
    for name, doc in rows:
        spacy_s, ours_s = _time_pair(annotator, [doc], repeat=repeat)
        chunks_s = spacy_s
        if len(doc.text) > limit:  # the layer parses this one in chunks: time spaCy on those
            chunks_s = float("inf")
            for _ in range(repeat):
                start = time.process_time()
                parse_text(annotator.nlp, doc.text)
                chunks_s = min(chunks_s, time.process_time() - start)
        beyond = 100 * (ours_s - chunks_s) / chunks_s
        print(
            f"| {name} | {len(doc.text.split())} | {len(doc.text)} | {spacy_s:.2f} "
            f"| {chunks_s:.2f} | {ours_s:.2f} | {ours_s / spacy_s:.2f}x | {beyond:.0f} % |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--lengths", default="1,4,16,64", help="repeats of one article; '' skips")
    parser.add_argument("--long-words", type=int, default=50_000, help="0 skips")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    base = _base()
    annotator = Annotator.create()
    annotator.annotate(base[0].text)  # warm up
    if args.docs:
        documents = [base[n % len(base)] for n in range(args.docs)]
        _corpus_table(annotator, documents, repeat=args.repeat)
    article = _article(base)
    rows = [
        (f"{n}x one article", replace(article, text="\n\n".join([article.text] * n)))
        for n in (int(x) for x in args.lengths.split(",") if x.strip())
    ]
    if args.long_words:
        text = _long_text(base, args.long_words)
        rows.append(("every text in turn", replace(article, id="long", text=text)))
    if rows:
        _length_table(annotator, rows, repeat=args.repeat)


if __name__ == "__main__":
    main()
