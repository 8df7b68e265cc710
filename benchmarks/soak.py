"""Soak: ingest and brief every real text we have, one store per corpus and one for all.

    python benchmarks/soak.py [--sample N] [--corpora zyte,polnear] [--all-only] [--json]

The corpora are read from ../shared at run time (nothing is copied into the project):
the Zyte pages (``.html.gz`` as they are), the PolNeAR texts, the TempEval-3 documents (TimeML
tags stripped, the creation time kept as ``published``), the CoNLL-2003 documents (text rebuilt
from the tokens), the negotiations set's ``articles.jsonl`` files and the seeds. Each store is
built by ``communique ingest --json`` and read by ``communique brief --format json`` in fresh
processes; the table gives exit codes, failures by stage and code, wall time and each process's
peak RSS (``os.wait4`` in a small launcher). ``--sample N`` takes N documents per corpus,
evenly spaced.

The baseline is the same work split: the "all" store against the sum of the per-corpus stores
(a briefing should cost about the sum of its parts, and fail no more often).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
EVAL = SHARED / "eval"


@dataclass(frozen=True)
class Source:
    """One real document: where it comes from, the file name to give it, and its bytes."""

    name: str
    data: Callable[[], bytes]


def _files(folder: Path, pattern: str) -> list[Source]:
    paths = sorted(folder.glob(pattern)) if folder.is_dir() else []
    return [Source(p.name, p.read_bytes) for p in paths if p.name != "README.md"]


def _timeml_record(path: Path) -> bytes:
    """A TempEval-3 document as a JSON record: its text without tags, title and creation date."""
    markup = path.read_text(encoding="utf-8")
    text = re.search(r"<TEXT>(.*?)</TEXT>", markup, re.S)
    title = re.search(r"<TITLE>(.*?)</TITLE>", markup, re.S)
    created = re.search(r'functionInDocument="CREATION_TIME"[^>]*>([^<]*)<', markup)
    created = created or re.search(r'<DCT>.*?value="(\d{4}-\d{2}-\d{2})', markup, re.S)

    def plain(found: re.Match[str] | None) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""

    record = {"text": plain(text) or plain(re.search(r"(.*)", markup, re.S)), "title": plain(title)}
    if created:
        record["published"] = created.group(1)[:10]
    return json.dumps(record, ensure_ascii=False).encode()


_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ll\b|'d\b|'ve\b|'m\b)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def _conll_documents(path: Path) -> Iterator[tuple[int, bytes]]:
    """Each CoNLL-2003 document as text: one sentence per line, tokens rejoined."""
    sentences: list[str] = []
    tokens: list[str] = []
    number = 0

    def text() -> bytes:
        return ("\n".join(sentences) + "\n").encode()

    for line in [*path.read_text(encoding="utf-8").splitlines(), "-DOCSTART- -X- -X- O"]:
        word = line.split(" ", 1)[0]
        if not word or word == "-DOCSTART-":
            if tokens:
                joined = _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(tokens)))
                sentences.append(joined)
                tokens = []
            if word == "-DOCSTART-" and sentences:
                number += 1
                yield number, text()
                sentences = []
            continue
        tokens.append(word)


def _conll() -> list[Source]:
    sources = []
    for split in ("train", "valid", "test"):
        path = EVAL / "conll2003" / "data" / f"{split}.txt"
        if path.is_file():
            for number, data in _conll_documents(path):
                sources.append(Source(f"conll-{split}-{number:04d}.txt", _constant(data)))
    return sources


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _tempeval() -> list[Source]:
    paths = sorted((EVAL / "tempeval3").rglob("*.tml"))
    return [Source(p.stem + ".json", lambda p=p: _timeml_record(p)) for p in paths]


def _zyte() -> list[Source]:
    return _files(EVAL / "zyte" / "html", "*.html.gz")


def _polnear() -> list[Source]:
    return _files(EVAL / "polnear" / "data" / "train" / "text", "*.txt") + _files(
        EVAL / "polnear" / "data" / "dev" / "text", "*.txt"
    )


def _negotiations() -> list[Source]:
    folder = EVAL / "negotiations"
    paths = sorted(folder.glob("*/articles.jsonl")) if folder.is_dir() else []
    return [Source(f"{p.parent.name}.jsonl", p.read_bytes) for p in paths]


def _seeds() -> list[Source]:
    return _files(SHARED / "seeds", "*.txt")


CORPORA: dict[str, Callable[[], list[Source]]] = {
    "zyte": _zyte,
    "polnear": _polnear,
    "tempeval3": _tempeval,
    "conll2003": _conll,
    "negotiations": _negotiations,
    "seeds": _seeds,
}


def sample(items: list[Source], n: int | None) -> list[Source]:
    """``n`` items spread evenly over the list (all of them when ``n`` is None)."""
    if n is None or n >= len(items):
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def materialise(sources: list[Source], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        (folder / source.name).write_bytes(source.data())


@dataclass
class Run:
    """One subprocess: exit code, wall seconds, peak RSS in MB, its output."""

    code: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str

    @property
    def crash(self) -> str:
        """The last line naming an exception, for a briefing that died."""
        lines = [ln for ln in self.stderr.splitlines() if re.match(r"^\w+(Error|Exception)", ln)]
        return lines[-1][:100] if lines else (self.stderr.strip().splitlines() or [""])[-1][:100]


# Linux charges a child with the memory of the process it was forked from (exec keeps the old
# high-water mark), so a command is started from this small launcher, not from this script,
# whose own size (a 50 MB input built in memory) would otherwise be every row's peak.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(args: list[str], *, timeout: float) -> Run:
    """Run a command, recording its own peak RSS (not this script's) and killing it at timeout."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r") as peak,
    ):
        start = time.perf_counter()
        launcher = [sys.executable, "-c", _LAUNCHER, peak.name, *args]
        proc = subprocess.Popen(launcher, stdout=out, stderr=err, start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        code = proc.wait()
        timer.cancel()
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        kilobytes = peak.read().strip()
        return Run(
            code=code,
            seconds=seconds,
            peak_mb=int(kilobytes) / 1024 if kilobytes.isdigit() else float("nan"),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


@dataclass
class StoreResult:
    corpus: str
    inputs: int
    ingest: Run
    brief: Run
    failures: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "corpus": self.corpus,
            "inputs": self.inputs,
            "ingest_exit": self.ingest.code,
            "ingest_seconds": round(self.ingest.seconds, 1),
            "ingest_peak_mb": round(self.ingest.peak_mb),
            "brief_exit": self.brief.code,
            "brief_seconds": round(self.brief.seconds, 1),
            "brief_peak_mb": round(self.brief.peak_mb),
            "failures": dict(sorted(self.failures.items())),
            "brief_error": self.brief.crash if self.brief.code else "",
        }


def _communique(*args: str) -> list[str]:
    return [sys.executable, "-m", "communique", *args]


def soak_store(name: str, folders: list[Path], *, work: Path, timeout: float) -> StoreResult:
    """Ingest ``folders`` into a fresh store, brief it, and count its failures by stage."""
    db = str(work / f"{name}.db")
    ingest = run(_communique("ingest", *map(str, folders), "--db", db, "--json"), timeout=timeout)
    inputs = _inputs_read(ingest) or sum(1 for f in folders for _ in f.iterdir())
    out = str(work / f"{name}.brief.json")
    brief = run(_communique("brief", "--db", db, "--format", "json", "--out", out), timeout=timeout)
    listed = run(_communique("failures", "--db", db, "--format", "json"), timeout=timeout)
    failures: Counter[str] = Counter()
    try:
        for row in json.loads(listed.stdout or "[]"):
            failures[f"{row.get('stage', 'ingest')}:{row['code']}"] += 1
    except (json.JSONDecodeError, KeyError, TypeError):
        failures["failures-command:unreadable"] += 1
    return StoreResult(name, inputs, ingest, brief, failures)


def _inputs_read(ingest: Run) -> int:
    """Documents the ingest report names (a JSON Lines file holds several)."""
    try:
        report = json.loads(ingest.stdout)
        return sum(len(report[k]) for k in ("added", "unchanged", "failed"))
    except (json.JSONDecodeError, KeyError, TypeError):
        return 0


def _row(r: StoreResult) -> str:
    d = r.as_dict()
    failed = ", ".join(f"{k} ×{v}" for k, v in d["failures"].items()) or "none"  # type: ignore[attr-defined]
    return (
        f"| {r.corpus} | {r.inputs} | {r.ingest.code} | {r.ingest.seconds:.1f} | "
        f"{r.ingest.peak_mb:.0f} | {r.brief.code} | {r.brief.seconds:.1f} | "
        f"{r.brief.peak_mb:.0f} | {failed} | {d['brief_error'] or '-'} |"
    )


def table(results: list[StoreResult]) -> str:
    lines = [
        "| store | inputs | ingest exit | ingest s | ingest peak MB | brief exit | brief s | "
        "brief peak MB | failures (stage:code) | brief error |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    lines += [_row(r) for r in results]
    parts = [r for r in results if r.corpus != "all"]
    if len(parts) > 1:
        lines.append(
            f"| sum of the per-corpus stores | {sum(r.inputs for r in parts)} | | "
            f"{sum(r.ingest.seconds for r in parts):.1f} | | | "
            f"{sum(r.brief.seconds for r in parts):.1f} | | "
            f"{sum(sum(r.failures.values()) for r in parts)} failures | |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, help="documents per corpus, evenly spaced")
    parser.add_argument("--corpora", default=",".join(CORPORA), help="comma-separated names")
    parser.add_argument("--all-only", action="store_true", help="only the store of all corpora")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per command")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the stores")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.corpora.split(",") if n.strip()]
    unknown = set(names) - set(CORPORA)
    if unknown:
        parser.error(f"unknown corpora: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        folders: dict[str, Path] = {}
        for name in names:
            sources = sample(CORPORA[name](), args.sample)
            if sources:
                materialise(sources, work / "inputs" / name)
                folders[name] = work / "inputs" / name
            else:
                print(f"skipped {name}: no data under {SHARED}", file=sys.stderr)
        results = []
        if not args.all_only:
            for name, folder in folders.items():
                results.append(soak_store(name, [folder], work=work, timeout=args.timeout))
        if folders:
            results.append(
                soak_store("all", list(folders.values()), work=work, timeout=args.timeout)
            )
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
