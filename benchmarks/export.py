"""How fast ``communique export`` writes a large briefing, and in how much memory, beside pandas.

    python benchmarks/export.py [--docs 10000] [--rebuild]

The store is ``web_latency.py``'s synthetic one (negotiations of 200 documents each, written
straight through the store API, entities resolved by the real ``refresh_entities``), kept in
``benchmarks/out/web-stores/`` and shared with that benchmark. Its briefing is built once, with
``claims_scaling.py``'s word-hashing stand-in for the sentence model, and pickled; every step
below then runs in a subprocess of its own that loads that pickle, so one step's memory never
counts towards another's.

Each step writes every table of the briefing (``--what all``). "extra MB" is the most the
process's resident memory rose above what it held with the briefing loaded, sampled every
5 ms while the step ran: what the export itself costs on top of the briefing it exports (the
writing library is imported before, as a long-lived process would have it).
Peers, in the same run, on the same rows: pandas making a DataFrame of each table and calling
its own ``to_csv`` (and ``to_parquet``), what an analyst's script would do.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

OUT = Path(__file__).resolve().parent / "out"
STEPS = {
    "csv": "communique export --format csv",
    "xlsx": "communique export --format xlsx",
    "parquet": "communique export --format parquet",
    "jsonl": "communique export --format jsonl",
    "plover": "communique export --what events --format plover",
    "pandas-csv": "peer: pandas DataFrame + to_csv",
    "pandas-parquet": "peer: pandas DataFrame + to_parquet",
}


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * 4096 / 2**20


class _PeakSampler:
    """The highest resident memory seen while running, sampled on a thread."""

    def __init__(self) -> None:
        self.peak = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _rss_mb())

    def __enter__(self) -> _PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def briefing_file(docs: int, *, rebuild: bool) -> tuple[Path, dict[str, Any]]:
    """The pickled briefing of the ``docs``-document store, built (and the store made) if
    missing; and what building cost."""
    from web_latency import OUT as STORES
    from web_latency import build_store

    target = OUT / "export" / f"briefing-{docs}.pickle"
    if target.exists() and not rebuild:
        return target, {}
    from claims_scaling import HashingEmbedder
    from communique.brief.build import build_briefing
    from communique.store import open_store

    STORES.mkdir(parents=True, exist_ok=True)
    db = STORES / f"web-{docs}.db"
    facts: dict[str, Any] = {}
    if rebuild or not db.exists():
        facts["store_s"] = sum(build_store(db, docs).values())
    started = time.perf_counter()
    with open_store(db) as store:
        briefing = build_briefing(store=store, embedder=HashingEmbedder())  # type: ignore[arg-type]
    facts["build_s"] = time.perf_counter() - started
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        pickle.dump(briefing, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return target, facts


def _pandas(briefing: Any, folder: Path, ext: str) -> int:
    import pandas as pd

    from communique.export.frames import BriefingTables

    rows = 0
    for section in BriefingTables(briefing).sections():
        frame = pd.DataFrame.from_records(list(section.rows()), columns=section.spec.names)
        path = folder / f"{section.kind}.{ext}"
        if ext == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
        rows += len(frame)
        del frame
    return rows


def _load_libraries(step: str) -> None:
    """Import what a step writes with before measuring: a library's import (pyarrow's is
    about 100 MB) is paid once per process, not per export."""
    import importlib

    needs = {"xlsx": ["xlsxwriter"], "parquet": ["pyarrow.parquet"]}
    needs |= {"pandas-csv": ["pandas"], "pandas-parquet": ["pandas", "pyarrow.parquet"]}
    for name in needs.get(step, []):
        importlib.import_module(name)
    if "parquet" in step:
        import pyarrow

        pyarrow.array(["x"])  # its first array imports pandas' parts behind it (0.8 s)


def run_step(step: str, pickled: Path) -> dict[str, Any]:
    """In the child: load the briefing, run one step, say what it cost."""
    import gc

    from communique.export import export_briefing

    with pickled.open("rb") as handle:
        briefing = pickle.load(handle)
    _load_libraries(step)
    gc.collect()
    base = _rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "out"
        folder.mkdir()
        started = time.perf_counter()
        with _PeakSampler() as sampler:
            if step.startswith("pandas-"):
                rows = _pandas(briefing, folder, step.split("-")[1])
            else:
                what = "events" if step == "plover" else "all"
                target = {"plover": folder / "events.jsonl", "xlsx": folder / "all.xlsx"}
                written = export_briefing(
                    briefing, what=what, fmt=step, out=target.get(step, folder)
                )
                rows = sum(w.rows for w in written)
        elapsed = time.perf_counter() - started
        size = sum(p.stat().st_size for p in folder.iterdir())
    return {
        "step": step,
        "s": elapsed,
        "extra_mb": sampler.peak - base,
        "base_mb": base,
        "rows": rows,
        "mb": size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true", help="Make the store and briefing again.")
    parser.add_argument("--steps", nargs="+", default=list(STEPS), choices=list(STEPS))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--pickled", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_step(args.one, args.pickled)))
        return
    pickled, facts = briefing_file(args.docs, rebuild=args.rebuild)
    results = []
    for step in args.steps:
        command = [sys.executable, __file__, "--one", step, "--pickled", str(pickled)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{step} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.splitlines()[-1]))
    _print(args.docs, results, facts)


def _print(docs: int, results: list[dict[str, Any]], facts: dict[str, Any]) -> None:
    print(f"Export of every table of a {docs:,}-document synthetic store's briefing\n")
    print("| step | rows | written (MB) | time (s) | extra memory (MB) |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {STEPS[r['step']]} | {r['rows']:,} | {r['mb']:.1f} | {r['s']:.2f} "
            f"| {r['extra_mb']:.0f} |"
        )
    if results:
        print(f"\nThe briefing itself, loaded: {results[0]['base_mb']:.0f} MB resident.")
    if facts:
        made = ", ".join(f"{k.removesuffix('_s')} {v:.0f} s" for k, v in facts.items())
        print(f"Made for this run: {made}.")


if __name__ == "__main__":
    main()
