"""A throwaway PostgreSQL server on this machine: for the tests, the benchmarks, and trying the
PostgreSQL backend without a database administrator.

``initdb`` and ``pg_ctl`` (Debian's ``postgresql`` package) make a cluster in a temporary
folder that listens on a free loopback port and a socket in that folder only. PostgreSQL
refuses to run as root, so under root the server runs as an unprivileged user (``nobody`` by
default) who owns the folder. Stopping the server removes the folder.

>>> with local_server() as server:                     # doctest: +SKIP
...     url = server.create_database("talks")          # postgresql://communique@127.0.0.1:…/talks
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.errors import StoreError

__all__ = ["LocalServer", "find_binaries", "local_server", "unavailable_reason"]

SUPERUSER = "communique"
_RUN_AS_ROOT = "nobody"


def find_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: $PG_BIN, then ``pg_config --bindir``,
    then the newest /usr/lib/postgresql/*/bin (Debian keeps them off PATH)."""
    candidates: list[Path] = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]))
    config = shutil.which("pg_config")
    if config:
        done = subprocess.run([config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(done.stdout.strip()))
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = sorted(debian.iterdir(), key=lambda p: _version_key(p.name), reverse=True)
        candidates.extend(v / "bin" for v in versions)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def unavailable_reason() -> str | None:
    """Why a local server cannot be started here, or None when it can."""
    if find_binaries() is None:
        return "PostgreSQL's initdb/pg_ctl not found (apt-get install postgresql, or set PG_BIN)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root and runuser (util-linux) is missing to drop to a plain user"
    return None


@dataclass(frozen=True)
class LocalServer:
    """A running throwaway server: connect as :data:`SUPERUSER` on ``127.0.0.1:port``."""

    folder: Path
    port: int
    binaries: Path
    prefix: tuple[str, ...]  # runs a command as the server's user

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
        return self.url(name)

    def stop(self) -> None:
        self._run(
            [str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop"]
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, command: Sequence[str]) -> None:
        done = subprocess.run(
            [*self.prefix, *command], capture_output=True, text=True, check=False, cwd="/"
        )
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise StoreError(
                f"{Path(command[0]).name} failed ({done.returncode}): "
                f"{done.stderr.strip() or done.stdout.strip()} {tail}".strip()
            )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(*, run_as: str | None = None, settings: Sequence[str] = ()) -> LocalServer:
    """initdb and start a server; ``settings`` are extra ``name=value`` server settings."""
    reason = unavailable_reason()
    binaries = find_binaries()
    if reason is not None or binaries is None:
        raise StoreError(f"cannot start a local PostgreSQL server: {reason}")
    folder = Path(tempfile.mkdtemp(prefix="communique-pg-"))
    prefix: tuple[str, ...] = ()
    user = run_as or (_RUN_AS_ROOT if os.geteuid() == 0 else None)
    if user is not None and user != pwd.getpwuid(os.geteuid()).pw_name:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        prefix = ("runuser", "-u", user, "--")
    folder.chmod(0o700)
    server = LocalServer(folder=folder, port=_free_port(), binaries=binaries, prefix=prefix)
    try:
        server._run(
            [str(binaries / "initdb"), "-D", str(folder / "data"), "-U", SUPERUSER,
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
        )  # fmt: skip
        options = [
            f"-p {server.port}",
            f"-k {folder}",
            "-c listen_addresses=127.0.0.1",
            *(f"-c {s}" for s in settings),
        ]
        server._run(
            [str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "server.log"),
             "-w", "-o", " ".join(options), "start"]
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server


@contextlib.contextmanager
def local_server(
    *, run_as: str | None = None, settings: Sequence[str] = ()
) -> Iterator[LocalServer]:
    """A started server, stopped and removed on exit."""
    server = start_server(run_as=run_as, settings=settings)
    try:
        yield server
    finally:
        server.stop()
