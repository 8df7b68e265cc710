"""End to end at scale: ingest → annotate → brief, one process against Dask workers, SQLite
against PostgreSQL, with each process's peak memory, and spaCy's own two-process pipe as the
floor.

    python benchmarks/scale.py [--docs 1000] [--real-share 0.5] [--no-postgres]

The corpus: real articles from ../shared/eval (PolNeAR's 2016 election news and the
negotiations set's coverage), each used once, and the synthetic pattern of
``corpus_scaling.py`` (invented negotiations, outlets, wire copies) for the rest; written as
JSON Lines files of 25 records, so ingest workers have files to share out. Rows:

- ingest, one process, into SQLite and into PostgreSQL (a throwaway local server, default
  durability settings), and on 2 Dask workers into SQLite;
- annotation (the language layer over every document, then entity resolution) on copies of
  the ingested store: ``--workers 1`` and ``--workers 2`` (a LocalCluster), with the writer's
  own time (this process storing results) shown apart;
- spaCy ``nlp.pipe(n_process=2)`` alone on the same cleaned texts: the floor no layer built on
  spaCy can beat on two processes;
- the briefing built from the annotated store (``build_briefing`` with the MiniLM embedder that
  ships), one process.

Each row runs in its own child process; its peak RSS and that of the largest of its own child
processes (Dask workers, spaCy's pipe processes) are sampled every 0.2 s with psutil, as is the
CPU time of the whole family (on a shared machine, the cost whatever share of the cores it
got). Per-document costs and an estimate for 1M and 10M documents on an N-node cluster follow
the table; the estimate is arithmetic on these measured costs, said as such.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / ".." / "shared" / "eval"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

RECORDS_PER_FILE = 25


# --- the corpus ----------------------------------------------------------------------------------


def real_records() -> Iterator[dict[str, str]]:
    """PolNeAR texts (outlet and date from the file name) and the negotiations set's records."""
    negotiations = sorted((EVAL / "negotiations").glob("*/articles.jsonl"))
    for path in negotiations:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("text"):
                yield {k: str(v) for k, v in record.items() if k != "id" and v is not None}
    for path in sorted((EVAL / "polnear" / "data").glob("*/text/*.txt")):
        outlet, date, _slug = [*path.stem.split("_", 2), "", ""][:3]
        text = path.read_text(encoding="utf-8", errors="replace")
        yield {"text": text, "outlet": outlet, "published": date}


def synthetic_records(count: int) -> list[dict[str, str]]:
    from corpus_scaling import build_corpus

    out = []
    for doc in build_corpus(count).documents:
        record = {"text": doc.text, "outlet": doc.outlet or ""}
        if doc.published:
            record["published"] = doc.published.isoformat()
        out.append(record)
    return out


def write_corpus(folder: Path, *, docs: int, real_share: float) -> tuple[int, int]:
    real = []
    for record in real_records():
        if len(real) >= round(docs * real_share):
            break
        real.append(record)
    synthetic = synthetic_records(docs - len(real))
    records = real + synthetic
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(0, len(records), RECORDS_PER_FILE):
        chunk = records[n : n + RECORDS_PER_FILE]
        with open(folder / f"part-{n // RECORDS_PER_FILE:05}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk)
    return len(real), len(synthetic)


# --- running one row in a child and watching its memory ------------------------------------------


@dataclass
class Row:
    name: str
    seconds: float
    rss_mb: float
    worker_rss_mb: float | None
    extra: dict[str, Any]


def run_child(name: str, command: Sequence[str]) -> Row:
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(list(command), stdout=subprocess.PIPE, text=True)
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        try:
            parent = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                family = [parent, *parent.children(recursive=True)]
            except psutil.Error:
                return
            for member in family:
                try:
                    rss, times = member.memory_info().rss, member.cpu_times()
                except psutil.Error:
                    continue
                peaks[member.pid] = max(peaks.get(member.pid, 0), rss)
                cpu[member.pid] = times.user + times.system
            done.wait(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    watcher.join()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{name}: exit {proc.returncode}: {' '.join(command)}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    extra = json.loads(lines[-1]) if lines else {}
    # The whole family's CPU time (its last sample): on a shared machine, what the work cost
    # whatever share of the cores it got.
    extra["cpu_s"] = sum(cpu.values())
    others = [rss for pid, rss in peaks.items() if pid != proc.pid]
    worker = max(others) / 2**20 if others else None
    main = peaks.get(proc.pid, usage.ru_maxrss * 1024) / 2**20
    return Row(name, seconds, main, worker, extra)


def communique(*args: str) -> list[str]:
    return [sys.executable, "-m", "communique", *args]


def child(*args: str) -> list[str]:
    return [sys.executable, __file__, "--child", *args]


# --- the children --------------------------------------------------------------------------------


def child_annotate(db: str, workers: int) -> dict[str, Any]:
    """The loop of ``annotate_store``, timing the writer apart, then entity resolution."""
    from communique.analyse.run import BATCH_SIZE, AnnotateStage, refresh_entities
    from communique.annotate.pipeline import Annotator
    from communique.models import Failure
    from communique.parallel import executor_for
    from communique.store import open_store

    writing = 0.0
    count = 0
    first = 0.0
    started = time.perf_counter()
    with executor_for(workers=workers or None, scheduler=None) as run, open_store(db) as store:
        annotator = Annotator()
        todo = store.documents_to_annotate(version=annotator.version)
        for document, read in run.map_batches(
            AnnotateStage(annotator), todo, batch_size=BATCH_SIZE
        ):
            at = time.perf_counter()
            first = first or at - started  # cluster start, model loads, the first batch
            if isinstance(read, Failure):
                store.record_failure(read)
                continue
            store.replace_annotations(
                document.id,
                read.to_annotations(document.id),
                version=annotator.version,
                content_hash=document.content_hash,
            )
            count += 1
            if count % 25 == 0:
                store.commit()
            writing += time.perf_counter() - at
        store.commit()
        annotated = time.perf_counter()
        refresh_entities(store=store)
        resolved = time.perf_counter()
    return {
        "docs": count,
        "annotate_s": annotated - started,
        "first_result_s": first,
        "writer_s": writing,
        "resolve_s": resolved - annotated,
    }


def child_brief(db: str) -> dict[str, Any]:
    from communique.analyse.embed import SentenceEmbedder
    from communique.brief.build import build_briefing
    from communique.store import open_store

    started = time.perf_counter()
    with open_store(db) as store:
        briefing = build_briefing(store=store, embedder=SentenceEmbedder())
    return {
        "brief_s": time.perf_counter() - started,
        "events": len(briefing.events),
        "claims": len(briefing.claims),
    }


def child_floor(db: str) -> dict[str, Any]:
    from communique.annotate.nlp import load_pipeline
    from communique.store import open_store

    with open_store(db) as store:
        texts = [doc.text for doc in store.documents()]
    nlp = load_pipeline()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=2, batch_size=16):
        pass
    return {"docs": len(texts), "floor_s": time.perf_counter() - started}


def run_as_child(args: Sequence[str]) -> None:
    kind, db, *rest = args
    if kind == "annotate":
        result = child_annotate(db, int(rest[0]))
    elif kind == "brief":
        result = child_brief(db)
    else:
        result = child_floor(db)
    print(json.dumps(result))


# --- the run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--real-share", type=float, default=0.5)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--steps", choices=["all", "ingest", "annotate"], default="all", help="only some rows"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_as_child(args.child)
        return
    if not EVAL.is_dir():
        raise SystemExit("../shared/eval absent: no real articles to build the corpus from")
    with tempfile.TemporaryDirectory(prefix="communique-scale-") as tmp:
        measure(
            Path(tmp),
            docs=args.docs,
            real_share=args.real_share,
            pg=not args.no_postgres,
            steps=args.steps,
        )


def measure(tmp: Path, *, docs: int, real_share: float, pg: bool, steps: str) -> None:
    from communique.store import open_store

    real, synthetic = write_corpus(tmp / "corpus", docs=docs, real_share=real_share)
    corpus = str(tmp / "corpus")
    rows: list[Row] = []
    sqlite_db = str(tmp / "one.db")
    rows.append(
        run_child(
            "ingest, SQLite, 1 process", communique("ingest", corpus, "--db", sqlite_db, "-q")
        )
    )
    if steps != "annotate":
        rows.append(run_child(
            "ingest, SQLite, 2 Dask workers",
            communique("ingest", corpus, "--db", str(tmp / "w2.db"), "-q", "--workers", "2"),
        ))  # fmt: skip
    if pg and steps != "annotate":
        from communique.store.pg_local import local_server, unavailable_reason

        reason = unavailable_reason()
        if reason is None:
            with local_server() as server:
                url = server.create_database("scale")
                rows.append(
                    run_child(
                        "ingest, PostgreSQL, 1 process",
                        communique("ingest", corpus, "--db", url, "-q"),
                    )
                )
        else:
            print(f"PostgreSQL rows skipped: {reason}", file=sys.stderr)
    with open_store(sqlite_db) as store:
        stored = store.count_documents()
        words = sum(len(doc.text.split()) for doc in store.documents())
    copies = {}
    for workers in (1, 2):
        copies[workers] = str(tmp / f"annotate-{workers}.db")
        shutil.copy(sqlite_db, copies[workers])
    for workers in (1, 2) if steps != "ingest" else ():
        name = f"annotate, --workers {workers}"
        rows.append(run_child(name, child("annotate", copies[workers], str(workers))))
    if steps != "ingest":
        rows.append(run_child("spaCy nlp.pipe n_process=2 (floor)", child("floor", sqlite_db)))
    if steps == "all":
        rows.append(run_child("brief (build from the annotated store)", child("brief", copies[2])))
    report(rows, docs=stored, words=words, real=real, synthetic=synthetic)


def report(rows: list[Row], *, docs: int, words: int, real: int, synthetic: int) -> None:
    print(f"{docs} documents stored ({real} real from ../shared/eval, {synthetic} synthetic), "
          f"{words} words; load average at the end: {os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print("| step | seconds | docs/s | peak RSS, main process (MB) | "
          "peak RSS, largest worker (MB) | notes |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        seconds = (
            row.extra.get("annotate_s")
            or row.extra.get("floor_s")
            or row.extra.get("brief_s")
            or row.seconds
        )
        notes = ", ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.extra.items()
        )
        worker = f"{row.worker_rss_mb:.0f}" if row.worker_rss_mb else "-"
        print(f"| {row.name} | {seconds:.1f} | {docs / seconds:.1f} | {row.rss_mb:.0f} | "
              f"{worker} | {notes} |")  # fmt: skip
    by = {row.name: row for row in rows}
    pg = by.get("ingest, PostgreSQL, 1 process")
    sqlite = by["ingest, SQLite, 1 process"]
    if pg:
        ratio = pg.seconds / sqlite.seconds
        print(f"\nPostgreSQL ingest over SQLite ingest: {ratio:.2f}x (goal <= 1.5x)")
    if "annotate, --workers 2" not in by:
        return
    one, two = by["annotate, --workers 1"].extra, by["annotate, --workers 2"].extra
    print(f"annotation speedup, 2 workers over 1: {one['annotate_s'] / two['annotate_s']:.2f}x "
          f"(goal >= 1.7x); CPU seconds, 2 workers over 1: "
          f"{two['cpu_s'] / one['cpu_s']:.2f}x")  # fmt: skip
    steady = (one["annotate_s"] - one["first_result_s"]) / (
        two["annotate_s"] - two["first_result_s"]
    )
    print(f"the same after each run's first result (cluster start and model loads): {steady:.2f}x")
    floor = by["spaCy nlp.pipe n_process=2 (floor)"].extra["floor_s"]
    print(f"2 workers over spaCy's own 2-process floor: {two['annotate_s'] / floor:.2f}x "
          "the floor's time")  # fmt: skip
    if "brief (build from the annotated store)" in by:
        estimate(rows, docs=docs)


def estimate(rows: list[Row], *, docs: int) -> None:
    """1M and 10M documents on N nodes, from the per-document costs measured above."""
    by = {row.name: row for row in rows}
    one = by["annotate, --workers 1"].extra
    ingest_s = by["ingest, SQLite, 1 process"].seconds / docs
    annotate_s = one["annotate_s"] / docs  # one worker, including its share of startup
    writer_s = one["writer_s"] / docs
    brief_s = by["brief (build from the annotated store)"].extra["brief_s"] / docs
    print(f"\nper document: ingest {ingest_s * 1000:.1f} ms (one process), annotation "
          f"{annotate_s * 1000:.0f} ms per worker core, writer {writer_s * 1000:.1f} ms, "
          f"briefing {brief_s * 1000:.0f} ms (one process)\n")  # fmt: skip
    print("Estimate (arithmetic on those costs, not a measurement): nodes of 8 cores, one Dask "
          "worker per core, ingest spread the same way, one writer, the briefing in one "
          "process and linear in documents (it is not: see docs/scaling.md).\n")  # fmt: skip
    print("| documents | nodes | ingest + annotation (h) | writer alone (h) | briefing (h) |")
    print("|---:|---:|---:|---:|---:|")
    for total in (1_000_000, 10_000_000):
        for nodes in (1, 4, 16):
            cores = 8 * nodes
            spread = total * (ingest_s + annotate_s) / cores / 3600
            writer = total * writer_s / 3600
            print(f"| {total:,} | {nodes} | {max(spread, writer):.1f} | {writer:.1f} | "
                  f"{total * brief_s / 3600:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
