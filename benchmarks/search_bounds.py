"""What one hostile search costs the web app, and what it costs every other search.

    python benchmarks/search_bounds.py [--docs 200] [--repeat 600] [--parallel 8]

Over a synthetic store of ``--docs`` articles (invented sentences of a negotiation), three
cases, each run on the app's search (``communique.web.search.SearchIndex``: distinct words,
caps, a time budget, a connection per search) and on the peer, the app's previous search (one
in-memory FTS5 table behind one lock, every word of the query quoted as a term):

- one query of ``"ceasefire " * --repeat`` (6 KB at 600; the issue's 60 KB, 6,000, keeps the
  peer busy for many minutes on this machine);
- a one-word search started while that query runs (how long the other search waits);
- ``--parallel`` searches of 150 different words at once.

Prints a Markdown table of wall-clock times in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from communique.errors import SearchRefused
from communique.web.search import SearchIndex

WORDS = [
    "ceasefire",
    "talks",
    "delegation",
    "minister",
    "harbour",
    "truce",
    "prisoners",
    "exchange",
    "border",
    "corridor",
    "envoy",
    "proposal",
    "rejected",
    "accepted",
    "demanded",
    "offered",
    "sanctions",
    "withdrawal",
    "monitors",
    "round",
    "capital",
    "summit",
    "agreement",
    "draft",
    "clause",
    "observers",
    "convoy",
    "shelling",
    "villages",
    "mediator",
]


def _documents(count: int) -> list[SimpleNamespace]:
    rng = random.Random(7)
    docs = []
    for n in range(count):
        sentences = [" ".join(rng.choices(WORDS, k=14)).capitalize() + "." for _ in range(25)]
        docs.append(
            SimpleNamespace(id=f"d{n}", title=f"Round {n} of the talks", text=" ".join(sentences))
        )
    return docs


class PreviousIndex:
    """The peer: the app's search before issue 14, kept here to measure against."""

    def __init__(self, documents: list[SimpleNamespace]) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text)")
        self._db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?)", ((d.id, d.title, d.text) for d in documents)
        )
        self._db.commit()

    def search(self, text: str, *, limit: int, offset: int) -> object:
        import re

        match = " ".join(f'"{w}"' for w in re.findall(r"\w+", text))
        with self._lock:
            total = self._db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,))
            count = total.fetchone()[0]
            rows = self._db.execute(
                "SELECT id, snippet(docs, 2, '[', ']', '…', 24) FROM docs WHERE docs MATCH ?"
                " ORDER BY rank LIMIT ? OFFSET ?",
                (match, limit, offset),
            ).fetchall()
        return count, rows


def _timed(call: Callable[[], object]) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        call()
        outcome = "answered"
    except SearchRefused:
        outcome = "refused (422)"
    return (time.perf_counter() - started) * 1000, outcome


def _while_heavy(index: object, heavy: str) -> tuple[float, float]:
    """(ms of a one-word search started 50 ms into the heavy one, ms of the heavy one)."""
    search = index.search  # type: ignore[attr-defined]
    box: dict[str, float] = {}

    def run_heavy() -> None:
        box["heavy"] = _timed(lambda: search(heavy, limit=50, offset=0))[0]

    worker = threading.Thread(target=run_heavy)
    worker.start()
    time.sleep(0.05)
    light, _ = _timed(lambda: search("corridor", limit=50, offset=0))
    worker.join()
    return light, box["heavy"]


def _parallel(index: object, count: int) -> float:
    """ms until ``count`` searches of 150 different words, started together, all answer."""
    search = index.search  # type: ignore[attr-defined]
    rng = random.Random(3)
    queries = [" ".join(f"{rng.choice(WORDS)}{k}" if k % 5 else rng.choice(WORDS)
                        for k in range(150))[:1000] for _ in range(count)]  # fmt: skip
    started = time.perf_counter()
    threads = [
        threading.Thread(target=lambda q=q: _timed(lambda: search(q, limit=50, offset=0)))
        for q in queries
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=600)
    parser.add_argument("--parallel", type=int, default=8)
    args = parser.parse_args()
    docs = _documents(args.docs)
    heavy = "ceasefire " * args.repeat
    print(f"Search over {args.docs:,} documents; a query of {len(heavy):,} characters.\n")
    print("| search | the long query (ms) | its answer | a one-word search meanwhile (ms) |"
          f" {args.parallel} searches of 150 words at once (ms) |")  # fmt: skip
    print("|---|---:|---|---:|---:|", flush=True)
    for name, index in (("app", SearchIndex(docs)), ("previous (one lock)", PreviousIndex(docs))):
        _, outcome = _timed(lambda index=index: index.search(heavy[:1000], limit=1, offset=0))
        outcome = "refused (422)" if len(heavy) > 1000 and name == "app" else "answered"
        light, alone = _while_heavy(index, heavy)
        many = _parallel(index, args.parallel)
        print(f"| {name} | {alone:,.0f} | {outcome} | {light:,.0f} | {many:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
