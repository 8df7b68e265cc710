"""Fixtures shared by every stage's tests: the store location, on each backend.

``db`` is a SQLite file or a database on a throwaway PostgreSQL server (one per test session,
started with initdb and pg_ctl in a temporary folder, as an unprivileged user when the tests
run as root); a test asking for ``db`` runs once on each backend. Without PostgreSQL's
binaries the PostgreSQL runs are skipped, saying why.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.store.pg_local import LocalServer, start_server, unavailable_reason

_NAMES = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[LocalServer]:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"no local PostgreSQL server: {reason}")
    # fsync off: a test server never survives a power cut; durability against a killed
    # client (what the tests check) does not depend on it.
    server = start_server(settings=["fsync=off", "full_page_writes=off"])
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server: LocalServer = request.getfixturevalue("pg_server")
    return server.create_database(f"test_{next(_NAMES)}_{tmp_path.name[:40].lower()}")
