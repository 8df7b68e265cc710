"""A real HTTP server on 127.0.0.1 serving the read fixtures, so URL tests never leave the machine.

Routes are a small table; each answers with a status, headers and a body. Pages that link to
other pages use the server's own address, so a feed's entry links resolve to this server.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

LONG_PAGE = (
    "<html><head><title>Full story: the gauge compromise</title></head><body><article>"
    + "<p>Mediators in Lindqvist set out the compromise on the Harrow border gauge, under which "
    "engineers from Veldmark and Ostria would take turns reading it each season.</p>"
    * 6
    + "</article></body></html>"
)


@dataclass
class LocalSite:
    """The running server's address and the request headers it has seen."""

    base: str
    long_page: str = LONG_PAGE
    seen: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _feed(base: str) -> bytes:
    teaser = "Mediators proposed a compromise on the border gauge."
    full = "<p>" + "Ostria's cabinet met to discuss the Harrow proposal. " * 12 + "</p>"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harrow Wire</title><language>en</language>
<item><title>Gauge compromise</title><link>{base}/story/gauge</link>
<pubDate>Mon, 19 May 2025 10:00:00 +0200</pubDate><description>{teaser}</description></item>
<item><title>Cabinet meets</title><link>{base}/story/missing</link>
<description><![CDATA[{full}]]></description></item>
<item><title>Dead link teaser</title><link>{base}/story/missing</link>
<description>A short teaser whose page is gone.</description></item>
</channel></rss>""".encode()


Route = Callable[[str], tuple[int, dict[str, str], bytes]]


def _routes() -> dict[str, Route]:
    article = (FIXTURES / "article.html").read_bytes()
    cp1252 = (FIXTURES / "article_cp1252.html").read_bytes()
    plain = (FIXTURES / "article.txt").read_bytes()
    html = "text/html; charset=utf-8"
    return {
        "/article.html": lambda base: (200, {"Content-Type": html}, article),
        "/legacy.html": lambda base: (200, {"Content-Type": "text/html"}, cp1252),
        "/plain.txt": lambda base: (200, {"Content-Type": "text/plain; charset=utf-8"}, plain),
        "/feed.xml": lambda base: (200, {"Content-Type": "application/rss+xml"}, _feed(base)),
        "/story/gauge": lambda base: (200, {"Content-Type": html}, LONG_PAGE.encode()),
        "/redirect": lambda base: (302, {"Location": "/article.html"}, b""),
        "/loop": lambda base: (302, {"Location": "/loop"}, b""),
        "/image.png": lambda base: (
            200,
            {"Content-Type": "image/png"},
            b"\x89PNG\r\n\x1a\n" + bytes(64),
        ),
        "/big.html": lambda base: (200, {"Content-Type": html}, b"<p>gauge</p>" * 20_000),
        "/untyped": lambda base: (200, {}, plain),
        "/slow.html": lambda base: (200, {"Content-Type": html}, article),
        "/records.jsonl": lambda base: (
            200,
            {"Content-Type": "application/x-ndjson"},
            (FIXTURES / "records.jsonl").read_bytes(),
        ),
    }


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}
    site: ClassVar[LocalSite]

    def do_GET(self) -> None:
        self.site.seen.append(dict(self.headers.items()))
        if self.path == "/endless.html":
            self._endless()
            return
        if self.path.startswith("/drip"):
            self._drip(headers_too=self.path == "/drip-headers.html")
            return
        if self.path == "/slow.html":
            time.sleep(1.5)  # longer than the test client's timeout
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, headers, body = route(self.site.base)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _endless(self) -> None:
        """No Content-Length: the client can only stop by counting bytes as they come."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(400):
                self.wfile.write(b"<p>" + b"flow " * 2000 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its limit, as it should

    def _drip(self, *, headers_too: bool) -> None:
        """A byte every 0.1 s for 4 s or so: every read is quick, the whole response is not.

        The dripped headers announce an empty body, so only a deadline on the socket reads
        (not a check between body chunks) can stop them.
        """
        body = b"" if headers_too else b"<p>" + b"w" * 33 + b"</p>"
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
        head += b"Content-Length: %d\r\n\r\n" % len(body)
        dripped = head if headers_too else body
        try:
            if not headers_too:
                self.wfile.write(head)
            for byte in dripped:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up at its deadline, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture(scope="session")
def local_site() -> Iterator[LocalSite]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True  # a slow handler must not hold up shutdown
    host, port = server.server_address[:2]
    site = LocalSite(base=f"http://{host!s}:{port}")
    handler = type("Handler", (_Handler,), {"routes": _routes(), "site": site})
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
