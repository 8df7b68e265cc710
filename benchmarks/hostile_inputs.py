"""Hostile inputs: what ``communique ingest`` (and ``brief``, when something is stored) does
with each, how long it takes and its peak memory.

    python benchmarks/hostile_inputs.py [--only NAME ...] [--no-brief]

Every input is built here at run time (invented text, generated markup and archives); the one
network input is a server on 127.0.0.1 that drips a byte every half second. Each row runs
``communique ingest --json`` in a fresh process on a fresh store and reads that process's peak
RSS (``os.wait4``, in soak.run's launcher); when the input is stored, ``communique brief`` runs
on the store too. The first row is the baseline: one ordinary invented article, the same way.
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import os
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from soak import Run, run  # benchmarks/ is on sys.path when this file runs as a script

WORDS = ["delegation", "envoy", "ceasefire", "tariff", "ministry", "border", "annex", "talks",
         "round", "proposal", "draft", "mediator", "harbour", "union", "wage", "offer", "clause",
         "vote", "budget", "summit"]  # fmt: skip
ARTICLE = (
    "Harbour talks end without a deal\nBy Petra Lind\nPublished 3 June 2025\n"
    "Negotiators for the dockworkers' union and the port authority ended a third day of talks "
    "in Selmark on Tuesday without agreement on pay.\n"
    '"We are further apart than we were on Monday," the union\'s chief negotiator told '
    "reporters outside the hall.\nThe port authority said it would present a revised offer "
    "next week, according to a statement.\n"
)
PARAGRAPH = "<p>" + ARTICLE.replace("\n", " ") + "</p>"


@dataclass(frozen=True)
class Hostile:
    """One hostile input: a name, what it is, and a builder returning the ingest targets."""

    name: str
    what: str
    build: Callable[[Path, str], list[str]]
    ingest_args: tuple[str, ...] = ()
    brief: bool = True  # False where briefing what was stored is a throughput test, not this


def _file(folder: Path, name: str, data: bytes) -> list[str]:
    path = folder / name
    path.write_bytes(data)
    return [str(path)]


def _attributes(folder: Path, _server: str) -> list[str]:
    names = " ".join(f"a{i}" for i in range(1_000_000))
    page = f"<html><body><div {names}>{PARAGRAPH}</div></body></html>"
    return _file(folder, "attributes.html", page.encode())


def _unpunctuated(folder: Path, _server: str) -> list[str]:
    text = " ".join(WORDS[(i * 7 + i // 20) % len(WORDS)] for i in range(200_000))
    return _file(folder, "unpunctuated.txt", text.encode())


def _gzip_bomb(folder: Path, _server: str) -> list[str]:
    """1 GiB of spaces in about 1 MB of gzip, written in chunks (never held in memory)."""
    path = folder / "bomb.txt.gz"
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b" " * (1 << 20)
    with open(path, "wb") as out:
        out.write(packer.compress(ARTICLE.encode()))
        for _ in range(1024):
            out.write(packer.compress(chunk))
        out.write(packer.flush())
    return [str(path)]


def _fifty_mb(folder: Path, _server: str) -> list[str]:
    return _file(folder, "fifty.txt", (ARTICLE * (50_000_000 // len(ARTICLE) + 1)).encode())


def _nul_bytes(folder: Path, _server: str) -> list[str]:
    return _file(folder, "nul.txt", ARTICLE.encode().replace(b" ", b" \x00"))


def _truncated_warc(folder: Path, _server: str) -> list[str]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for number in range(2):
        body = f"<html><body>{PARAGRAPH * (number + 1)}</body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news.example/{number}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
        )
    return _file(folder, "cut.warc", buffer.getvalue()[:-300])


def _drip(_folder: Path, server: str) -> list[str]:
    return [f"{server}/drip"]


def _control_names(folder: Path, _server: str) -> list[str]:
    (folder / "bad\nerror: injected-line.txt").write_bytes(b"")
    (folder / "tab\there\x1b[31mred.txt").write_text(ARTICLE, encoding="utf-8")
    return [str(folder)]


def _utf16(folder: Path, _server: str) -> list[str]:
    # UTF-16 without a BOM, one byte cut off, an unpaired surrogate in the middle.
    data = ARTICLE.encode("utf-16-le")
    data = data[:200] + b"\x00\xd8" + data[200:-1]
    return _file(folder, "utf16.txt", data)


def _feed(folder: Path, server: str) -> list[str]:
    items = "".join(
        f"<item><title>Round {n}</title><link>{server}/none/{n}</link>"
        f"<description>{ARTICLE.replace(chr(10), ' ')} Round {n} of the talks.</description>"
        "</item>"
        for n in range(10_000)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
    return _file(folder, "wire.rss", (feed + "</channel></rss>").encode())


def _tags(folder: Path, _server: str) -> list[str]:
    page = "<html><body>" + PARAGRAPH + "<b>w</b>" * 1_000_000 + "</body></html>"
    return _file(folder, "tags.html", page.encode())


def _deep(folder: Path, _server: str) -> list[str]:
    page = "<html><body>" + "<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000 + "</body></html>"
    return _file(folder, "deep.html", page.encode())


def _shell_names(folder: Path, _server: str) -> list[str]:
    return _file(folder, "$(touch pwned); `id` | rm -rf ~.txt", ARTICLE.encode())


def _redirect_loop(_folder: Path, server: str) -> list[str]:
    return [f"{server}/loop"]


def _baseline(folder: Path, _server: str) -> list[str]:
    return _file(folder, "article.txt", ARTICLE.encode())


HOSTILE = [
    Hostile("baseline", "one ordinary invented article (.txt)", _baseline),
    Hostile("attributes", "HTML, one tag with 1,000,000 attributes (7.9 MB)", _attributes),
    Hostile("tags", "HTML with 1,000,000 tags (8 MB)", _tags),
    Hostile("deep", "HTML nested 100,000 deep", _deep),
    Hostile("unpunctuated", "1.7 MB text, 200,000 words, no punctuation", _unpunctuated),
    Hostile("gzip-bomb", "gzip bomb: 1 MB .txt.gz of 1 GiB", _gzip_bomb),
    Hostile("50mb", "50 MB plain text", _fifty_mb),
    Hostile("nul", "text with NUL bytes", _nul_bytes),
    Hostile("warc", "uncompressed WARC, last record cut short", _truncated_warc),
    Hostile(
        "drip",
        "server on 127.0.0.1 sending a byte every 0.5 s, --timeout 5",
        _drip,
        ("--timeout", "5"),
    ),
    Hostile("redirects", "redirect loop on 127.0.0.1", _redirect_loop, ("--timeout", "5")),
    Hostile("control-names", "file names with a newline, tab and escape", _control_names),
    Hostile("shell-names", "file name with shell metacharacters", _shell_names),
    Hostile("utf16", "UTF-16 without BOM, odd length, lone surrogate", _utf16),
    Hostile("feed", "RSS feed with 10,000 entries", _feed, brief=False),
]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path != "/drip":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PARAGRAPH) * 10))
        self.end_headers()
        try:
            for byte in (PARAGRAPH * 10).encode()[:240]:  # two minutes, then it hangs up
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def local_server() -> Iterator[str]:
    """A threaded server on 127.0.0.1 only, on a free port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()


def _communique(*args: str) -> list[str]:
    return [sys.executable, "-m", "communique", *args]


def _report(ingest: Run) -> dict[str, list[dict[str, str]]] | None:
    try:
        report: dict[str, list[dict[str, str]]] = json.loads(ingest.stdout)
    except json.JSONDecodeError:
        return None
    return report


def outcome(ingest: Run) -> str:
    """stored N, rejected [codes], or a crash, from the ingest report."""
    report = _report(ingest)
    if report is None:
        return f"exit {ingest.code}: {ingest.crash or 'no report'}"
    added = len(report["added"])
    codes: dict[str, int] = {}
    for failed in report["failed"]:
        codes[failed["code"]] = codes.get(failed["code"], 0) + 1
    parts = [f"stored {added}"] if added else []
    parts += [f"rejected {code}" + (f" ×{n}" if n > 1 else "") for code, n in codes.items()]
    reasons = {f["reason"][:70] for f in report["failed"]}
    return "; ".join(parts) + (f" ({'; '.join(sorted(reasons)[:2])})" if reasons else "")


def try_one(item: Hostile, *, work: Path, server: str, brief: bool, timeout: float) -> str:
    folder = work / item.name
    folder.mkdir()
    targets = item.build(folder, server)
    db = str(work / f"{item.name}.db")
    ingest = run(_communique("ingest", *targets, "--db", db, "--json", *item.ingest_args),
                 timeout=timeout)  # fmt: skip
    stderr_lines = len([ln for ln in ingest.stderr.splitlines() if ln.startswith("error:")])
    row = (
        f"| {item.what} | {outcome(ingest)} | {ingest.code} | {stderr_lines} | "
        f"{ingest.seconds:.1f} | {ingest.peak_mb:.0f} |"
    )
    report = _report(ingest)
    if brief and item.brief and report and report["added"]:
        done = run(_communique("brief", "--db", db, "--out", os.devnull), timeout=timeout)
        said = f"exit {done.code}" + (f": {done.crash}" if done.code else "")
        row += f" {said} | {done.seconds:.1f} | {done.peak_mb:.0f} |"
    else:
        row += " - | | |"
    return row.replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="run only these rows (by name)")
    parser.add_argument("--no-brief", action="store_true", help="do not brief stored inputs")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per command")
    args = parser.parse_args(argv)
    chosen = [h for h in HOSTILE if not args.only or h.name in args.only]
    print(
        "| input | ingest outcome | exit | error lines | ingest s | ingest peak MB | "
        "brief | brief s | brief peak MB |\n|---|---|---:|---:|---:|---:|---|---:|---:|"
    )
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp, local_server() as server:
        for item in chosen:
            row = try_one(
                item, work=Path(tmp), server=server, brief=not args.no_brief, timeout=args.timeout
            )
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
