"""The Add page's network: private addresses refused unless allowed, and a server that drips
its answer one byte at a time cut at the deadline (a server of our own on 127.0.0.1)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from communique.errors import FetchError
from communique.read.net import HttpClient
from communique.web.adding import LinkTransport, public_address


class _Drip(http.server.BaseHTTPRequestHandler):
    """Headers at once, then one byte of body every 0.4 s for as long as the client waits."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "200")
        self.end_headers()
        for _ in range(200):
            try:
                self.wfile.write(b"a")
                self.wfile.flush()
            except OSError:
                return  # the client hung up: what the deadline is for
            time.sleep(0.4)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def drip() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.9", "169.254.169.254", "::1", "0.0.0.0"],
)
def test_loopback_private_and_link_local_addresses_are_refused(host: str) -> None:
    with pytest.raises(FetchError, match="allow-private-links"):
        public_address(host, 80)


def test_a_public_address_literal_passes() -> None:
    public_address("93.184.216.34", 443)  # a literal: resolving it sends nothing


def test_a_link_to_this_machine_is_refused_before_any_connection(drip: str) -> None:
    transport = LinkTransport(deadline=5.0)
    with (
        HttpClient(timeout=5.0, transport=transport) as client,
        pytest.raises(FetchError) as caught,
    ):
        client.fetch(drip)
    assert caught.value.source == drip
    assert "127.0.0.1 is a loopback, private or link-local address" in caught.value.reason


def test_a_dripping_server_is_cut_at_the_deadline(drip: str) -> None:
    """The per-read timeout (5 s) never fires, since a byte comes every 0.4 s; the deadline
    (1 s) does, long before the 200 bytes (80 s) would have arrived."""
    transport = LinkTransport(deadline=1.0, allow_private=True)
    client = HttpClient(timeout=5.0, transport=transport)
    with client, pytest.raises(FetchError, match="timed out"):
        client.fetch(drip)
