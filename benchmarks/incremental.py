"""The briefing built incrementally: full build, rebuild with nothing new, 1 % new documents.

    python benchmarks/incremental.py --build-real 300 STORE.db   # once: ingest and annotate
    python benchmarks/incremental.py --real STORE.db [--embedder minilm]
    python benchmarks/incremental.py --synthetic 1000 [--embedder minilm|use-m3|stand-in]

``--real``: an annotated store of real articles; ``--build-real N STORE.db`` makes one from the
negotiations gold set's articles and then PolNEAR's texts (dev, then train), N in all, ingested
and annotated by ``communique`` (a document the language layer fails on is left out and named).
``--synthetic N``: ``web_latency.py``'s synthetic store of N documents (no parsing; annotations
written straight to the store).

From the store, 1 % of the documents (the last ingested) are taken out to make the *base*
store. Timed, in one process, each on a copy of the store:

* ``full``: every corpus pass from nothing, the peer: entity resolution over the whole store
  with no mentions kept (``refresh_entities``), then
  :func:`communique.brief.cache.cached_briefing` with empty caches (every document read, every
  sentence embedded), what ``brief`` did before. Both halves are shown; the ``+1 %`` build
  resolves entities too, so its share is of both (of the briefing alone it is shown beside);
* ``nothing new``: the same call again (the kept briefing is read back);
* ``+1 %``: on the base store built once (caches filled), the 1 % added back with their
  annotations (a copy of rows, in the figure), entities resolved again (``refresh_entities``,
  what ``annotate_store`` does after new documents), then the cached build. Annotating the new
  documents with spaCy is not in this figure (it is the language layer's per-document cost,
  ``benchmarks/annotate_speed.py``).

A second ``+1 %`` build says where its CPU time goes, pass by pass: each pass's function is
wrapped to add up its CPU seconds (a profiler's own overhead, and its wall clock on a shared
machine, had hidden some passes and inflated others). CPU seconds are the process's: the
claims' new sentences are embedded on a thread while event merging runs
(``CachedEmbedder.ahead``), so their CPU is counted in event merging's figure, and the
embedding's own figure is what was left to do or wait for when claim clustering asked.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

_PASSES = {
    "entity mentions read (stored_mentions)": ("communique.analyse.run", "stored_mentions"),
    "entity resolution (resolve_entities)": ("communique.analyse.run", "resolve_entities"),
    "entities stored (replace_entities)": (
        "communique.store.sqlite",
        "SQLiteStore.replace_entities",
    ),
    "canonical entities read (store.entities)": ("communique.store.sqlite", "SQLiteStore.entities"),
    "readings read back (unpickled)": ("communique.brief.cache", "_unpickled"),
    "readings computed (read_document)": ("communique.brief.cache", "read_document"),
    "event merging and timeline (_events)": ("communique.brief.build", "_events"),
    "claim clustering (cluster_claims)": ("communique.brief.build", "cluster_claims"),
    "  of which embedding (CachedEmbedder.embed)": (
        "communique.analyse.embed_cache",
        "CachedEmbedder.embed",
    ),
    "positions by meaning": ("communique.brief.build", "_by_meaning"),
    "positions shown and changes": ("communique.brief.build", "_position_passes"),
    "sources": ("communique.brief.build", "_sources"),
    "briefing key (digest of inputs)": ("communique.brief.cache", "briefing_key"),
    "keeping results (kept_bytes)": ("communique.brief.cache", "kept_bytes"),
}
"""label -> (module, attribute) of the function whose CPU seconds the label counts."""


def build_real_store(count: int, path: Path) -> None:
    """Ingest and annotate ``count`` real articles from ``../shared/eval`` into ``path``."""
    import csv
    import json

    from communique.analyse.run import refresh_entities
    from communique.annotate.pipeline import Annotator
    from communique.clean.pipeline import Cleaner
    from communique.ingest import ingest
    from communique.store import open_store

    shared = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
    records = []
    for articles in sorted((shared / "negotiations").glob("*/articles.jsonl")):
        for line in articles.read_text().splitlines():
            row = json.loads(line)
            records.append({k: row.get(k) for k in ("text", "title", "published", "outlet", "url")})
    polnear = shared / "polnear" / "data"
    with (polnear / "metadata.tsv").open() as handle:
        meta = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}
    for part in ("dev", "train"):
        for text in sorted((polnear / part / "text").glob("*.txt")):
            m = meta.get(text.stem, {})
            records.append(
                {
                    "text": text.read_text(),
                    "title": m.get("title"),
                    "published": m.get("publication_date"),
                    "outlet": m.get("publisher"),
                }
            )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records[:count]))
        with open_store(path) as store:
            ingest([str(source)], store=store, cleaner=Cleaner.create())
            annotator = Annotator.create()
            left_out = []
            for doc in list(store.documents_to_annotate(version=annotator.version)):
                try:  # one document at a time: a failure leaves the others annotated
                    for done, read in annotator.annotate_documents([doc]):
                        store.replace_annotations(
                            done.id,
                            read.to_annotations(done.id),
                            version=annotator.version,
                            content_hash=done.content_hash,
                        )
                except RecursionError:
                    left_out.append(doc.id)
                store.commit()
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA foreign_keys = ON")
            db.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in left_out])
        with open_store(path) as store:
            refresh_entities(store=store)
    print(f"{path}: {count - len(left_out)} documents; left out (annotator failed): {left_out}")


def _version(store_path: Path) -> str:
    with sqlite3.connect(store_path) as db:
        row = db.execute("SELECT version FROM annotated LIMIT 1").fetchone()
    return str(row[0])


def _split(store_path: Path, folder: Path, share: float) -> tuple[Path, Path, list[str]]:
    """(whole store with empty caches, base store without the newest ``share``, new ids)."""
    whole = folder / "whole.db"
    base = folder / "base.db"
    shutil.copy(store_path, whole)
    with sqlite3.connect(whole) as db:
        for table in (
            "embedding_cache",
            "document_results",
            "briefing_cache",
            "kept_mentions",
            "pass_results",
        ):
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
                db.execute(f"DELETE FROM {table}")
        ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY seq")]
    new = ids[len(ids) - max(1, round(len(ids) * share)) :]
    shutil.copy(whole, base)
    with sqlite3.connect(base) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in new])
    return whole, base, new


def _add_back(base: Path, whole: Path, new: list[str]) -> None:
    """Copy the new documents and their annotations from the whole store into the base."""
    with sqlite3.connect(base) as db:
        db.execute("ATTACH DATABASE ? AS w", (str(whole),))
        marks = ",".join("?" * len(new))
        cols = [r[1] for r in db.execute("PRAGMA w.table_info(documents)") if r[1] != "seq"]
        names = ", ".join(cols)
        for table, select in (
            ("documents", f"SELECT {names} FROM w.documents"),
            ("annotations", "SELECT * FROM w.annotations"),
            ("annotated", "SELECT * FROM w.annotated"),
        ):
            into = f"documents ({names})" if table == "documents" else table
            key = "id" if table == "documents" else "doc_id"
            db.execute(f"INSERT INTO {into} {select} WHERE {key} IN ({marks})", new)
        db.commit()
        db.execute("DETACH DATABASE w")


def _timed(run: Callable[[], Any]) -> tuple[tuple[float, float], Any]:
    """((wall seconds, CPU seconds of this process), result): CPU time is shown beside wall
    time because the machine is shared and wall time swings with the other jobs."""
    start, cpu = time.perf_counter(), time.process_time()
    out = run()
    return (time.perf_counter() - start, time.process_time() - cpu), out


def _cpu_by_pass(run: Callable[[], Any]) -> tuple[float, dict[str, float]]:
    """(CPU seconds of ``run``, CPU seconds spent in each of :data:`_PASSES`)."""
    spent = dict.fromkeys(_PASSES, 0.0)
    undo: list[tuple[Any, str, Any]] = []
    for label, (module, name) in _PASSES.items():
        owner: Any = importlib.import_module(module)
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        undo.append((owner, attr, getattr(owner, attr)))
        setattr(owner, attr, _counted(getattr(owner, attr), label, spent))
    try:
        (_wall, cpu), _ = _timed(run)
    finally:
        for owner, attr, original in reversed(undo):
            setattr(owner, attr, original)
    return cpu, spent


def _counted(fn: Callable[..., Any], label: str, spent: dict[str, float]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    return counted


class _StandIn:
    """``claims_scaling.py``'s word-hashing vectors under a model id of their own: for sizes
    where the real model's cost is known from its rate (``benchmarks/embedders.py``)."""

    model_id = "word-hashing-stand-in"

    def __init__(self) -> None:
        from corpus_scaling import StandInEmbedder

        self._embedder = StandInEmbedder()

    def embed(self, sentences: Any) -> Any:
        return self._embedder.embed(list(sentences))


def _embedder(name: str) -> Any:
    from communique.analyse.embedders import make_embedder

    return _StandIn() if name == "stand-in" else make_embedder(name)


def measure(store_path: Path, *, embedder_name: str, share: float) -> None:
    from communique.analyse.run import refresh_entities
    from communique.brief.cache import BuildStats, cached_briefing
    from communique.store import open_store

    version = _version(store_path)
    embedder = _embedder(embedder_name)
    embedder.embed(["Warm-up: the model loads before anything is timed."])
    with tempfile.TemporaryDirectory() as tmp:
        whole, base, new = _split(store_path, Path(tmp), share)
        with open_store(whole) as store:
            docs = store.count_documents()
            entities_s, _ = _timed(lambda: refresh_entities(store=store))
            briefing_s, _ = _timed(
                lambda: cached_briefing(store=store, embedder=embedder, version=version)
            )
            full_s = (entities_s[0] + briefing_s[0], entities_s[1] + briefing_s[1])
            stats = BuildStats()
            again_s, _ = _timed(
                lambda: cached_briefing(
                    store=store, embedder=embedder, version=version, stats=stats
                )
            )
            assert stats.briefing_reused
        with open_store(base) as store:
            refresh_entities(store=store)
            cached_briefing(store=store, embedder=embedder, version=version)
        profiled = Path(tmp) / "profiled.db"
        shutil.copy(base, profiled)
        stats = BuildStats()

        def incremental(path: Path) -> None:
            _add_back(path, whole, new)
            with open_store(path) as store:
                refresh_entities(store=store)
                cached_briefing(store=store, embedder=embedder, version=version, stats=stats)

        inc_s, _ = _timed(lambda: incremental(base))
        stats = BuildStats()
        prof_s, passes = _cpu_by_pass(lambda: incremental(profiled))
    print(f"\n{docs} documents, {len(new)} new, embedder {embedder_name} ({version})\n")
    print("| build | wall s | share of full | CPU s | share of full | of the briefing alone |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = (
        ("full: entity resolution (nothing kept)", entities_s),
        ("full: briefing (empty caches)", briefing_s),
        ("full rebuild (both)", full_s),
        ("nothing new", again_s),
        (f"+{len(new)} documents", inc_s),
    )
    for label, (wall, cpu) in rows:
        print(
            f"| {label} | {wall:.2f} | {wall / full_s[0]:.1%} | {cpu:.2f} | {cpu / full_s[1]:.1%}"
            f" | {cpu / briefing_s[1]:.1%} |"
        )
    print(
        f"\n+{len(new)}: readings {stats.readings_reused} kept / {stats.readings_computed} "
        f"computed; sentences {stats.vectors_reused} kept / {stats.vectors_computed} embedded\n"
    )
    print(f"| pass in a second +1 % build ({prof_s:.2f} CPU s in all) | CPU s |")
    print("|---|---:|")
    for label, seconds in passes.items():
        print(f"| {label} | {seconds:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--real", type=Path, help="an annotated store of real articles")
    source.add_argument("--synthetic", type=int, help="documents in a synthetic store")
    source.add_argument("--build-real", nargs=2, metavar=("N", "STORE"), help="make a real store")
    parser.add_argument("--embedder", default="minilm", help="minilm, use-m3 or stand-in")
    parser.add_argument("--share", type=float, default=0.01, help="share of new documents")
    args = parser.parse_args()
    if args.build_real is not None:
        build_real_store(int(args.build_real[0]), Path(args.build_real[1]))
        return
    if args.real is not None:
        if not args.real.is_file():
            sys.exit(f"{args.real}: no such store")
        measure(args.real, embedder_name=args.embedder, share=args.share)
        return
    from web_latency import build_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"synthetic-{args.synthetic}.db"
        build_store(path, args.synthetic)
        measure(path, embedder_name=args.embedder, share=args.share)


if __name__ == "__main__":
    main()
