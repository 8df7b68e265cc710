"""The language layer's speed beside plain spaCy on the same texts, in the same run.

    python benchmarks/annotate_speed.py [--docs 200]

Texts: the demo corpus and the seed articles (../shared/seeds, when present), cleaned as ingest
cleans them, repeated to --docs documents. Rows: spaCy ``nlp.pipe`` alone (the bar), then our
whole layer (the same spaCy pass plus entities with roles, dates, quotes). The difference is our
own work beyond spaCy; it should stay a small fraction of spaCy's time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from communique.annotate.pipeline import Annotator
from communique.clean.pipeline import Cleaner
from communique.models import Document, Failure
from communique.read import read_targets

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"
DEMO = ROOT / "src" / "communique" / "demo" / "corpus"


def _documents(count: int) -> list[Document]:
    targets = [str(p) for p in sorted(DEMO.iterdir()) if p.name != "README.md"]
    if SEEDS.is_dir():
        targets.append(str(SEEDS / "*.txt"))
    cleaner = Cleaner.create()
    base = [cleaner.clean(raw) for raw in read_targets(targets) if not isinstance(raw, Failure)]
    return [base[n % len(base)] for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    documents = _documents(args.docs)
    words = sum(len(doc.text.split()) for doc in documents)
    annotator = Annotator.create()
    annotator.nlp(documents[0].text)  # warm up

    start = time.perf_counter()
    for _ in annotator.nlp.pipe((doc.text for doc in documents), batch_size=16):
        pass
    spacy_s = time.perf_counter() - start

    start = time.perf_counter()
    for _ in annotator.annotate_documents(documents):
        pass
    ours_s = time.perf_counter() - start

    print(f"{len(documents)} documents, {words} words\n")
    print("| pipeline | docs/s | words/s | seconds |")
    print("|---|---:|---:|---:|")
    for name, seconds in (("spaCy nlp.pipe alone", spacy_s), ("communique layer", ours_s)):
        print(
            f"| {name} | {len(documents) / seconds:.1f} | {words / seconds:.0f} | {seconds:.1f} |"
        )
    print(f"\nour work beyond spaCy: {100 * (ours_s - spacy_s) / spacy_s:.0f} % of spaCy's time")


if __name__ == "__main__":
    main()
