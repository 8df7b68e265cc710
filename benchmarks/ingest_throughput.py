"""Ingest throughput and peak memory as the corpus grows.

    python benchmarks/ingest_throughput.py [--sizes 1000 10000]

Builds a corpus of N documents from the seed articles (../shared/seeds, when present) and the
demo corpus, each repeated with variations (numbers shifted, a unique closing sentence) so
that no two are identical, then runs ``communique ingest`` on it in a fresh
process and reads that process's peak RSS. The peer row runs trafilatura alone on the same
files (HTML extracted, text read) in the same way: the floor any ingester pays.
Memory should stay flat as N grows: documents are streamed, committed in batches, and
near-duplicates found by index look-up.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"
DEMO = ROOT / "src" / "communique" / "demo" / "corpus"

PEER = """
import sys, pathlib, trafilatura
for path in sorted(pathlib.Path(sys.argv[1]).rglob('*')):
    if path.suffix == '.html':
        trafilatura.extract(path.read_text(encoding='utf-8'))
    elif path.suffix == '.txt':
        path.read_text(encoding='utf-8')
"""


def _bases() -> list[tuple[str, str]]:
    """(suffix, text) of every single-article base file."""
    bases = []
    folders = [DEMO] + ([SEEDS] if SEEDS.is_dir() else [])
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in {".txt", ".html"} and path.name != "README.md":
                bases.append((path.suffix, path.read_text(encoding="utf-8")))
    return bases


def _vary(text: str, n: int) -> str:
    """Shift every number and add a unique sentence to the last paragraph, keeping the page's
    layout (reordering furniture and paragraphs would make pages no outlet publishes)."""
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + n % 97), text)
    closing = f"This is report number {n} in the series, filed from desk {n % 13}."
    if text.lstrip().startswith("<"):
        return text.replace("</article>", f"<p>{closing}</p></article>", 1)
    return text.rstrip() + f" {closing}\n"


def build_corpus(folder: Path, size: int) -> None:
    bases = _bases()
    for n in range(size):
        suffix, text = bases[n % len(bases)]
        sub = folder / f"{n // 1000:03}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:06}{suffix}").write_text(_vary(text, n), encoding="utf-8")


MEASURE = (
    "import resource, subprocess, sys;"
    "done = subprocess.run(sys.argv[1:]);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
    "sys.exit(done.returncode)"
)


def _run(command: list[str]) -> tuple[float, float, str]:
    """Seconds, peak RSS in MB of the command's own process, and its stdout."""
    # A fresh parent per command, so each peak belongs to that command alone.
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed: {done.stderr[-2000:]}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    rows = []
    for size in sorted(args.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            build_corpus(corpus, size)
            db = str(Path(tmp) / "bench.db")
            peer_s, peer_mb, _ = _run([sys.executable, "-c", PEER, str(corpus)])
            ours_s, ours_mb, out = _run(
                [sys.executable, "-m", "communique", "ingest", str(corpus), "--db", db, "--json"]
            )
            report = json.loads(out)
            rows.append((size, ours_s, ours_mb, peer_s, peer_mb, report))
    print(
        "| documents | communique ingest docs/s | peak RSS MB | trafilatura alone docs/s "
        "| peak RSS MB | added | duplicates | failed |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, ours_s, ours_mb, peer_s, peer_mb, report in rows:
        print(
            f"| {size} | {size / ours_s:.1f} | {ours_mb:.0f} | {size / peer_s:.1f} | "
            f"{peer_mb:.0f} | {len(report['added'])} | {len(report['duplicates'])} | "
            f"{len(report['failed'])} |"
        )


if __name__ == "__main__":
    main()
