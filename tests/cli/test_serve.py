"""``communique serve`` as a user starts it: a real process on loopback, asked over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx
import pytest

pytest.importorskip("uvicorn", reason="uvicorn absent: pip install -e .")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_loopback_and_stops_cleanly(db: str) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "communique", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/documents", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "communique serve did not start"
                time.sleep(0.2)
        assert answer.status_code == 200
        assert answer.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
        missing = httpx.get(f"http://127.0.0.1:{port}/api/documents/nope", timeout=5)
        assert missing.status_code == 404 and missing.json()["status"] == 404
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out
    assert "holds no documents yet" in out
    assert "warning" not in err


def test_serve_refuses_a_port_out_of_range() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "communique", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "70000" in done.stderr
