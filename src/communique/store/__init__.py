"""Where documents and everything read from them are kept.

``open_store`` picks the backend from the location: a ``postgresql://`` (or ``postgres://``) URL
is a PostgreSQL database (:mod:`communique.store.postgres`, for a team); anything else is a
SQLite file path (or ``:memory:``), the embedded default.
"""

from __future__ import annotations

from pathlib import Path

from communique.store.base import Store, StoredDocument, redacted
from communique.store.sqlite import SQLiteStore

__all__ = [
    "DEFAULT_DB",
    "SQLiteStore",
    "Store",
    "StoredDocument",
    "is_postgres",
    "open_store",
    "redacted",
]

DEFAULT_DB = "communique.db"


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(("postgres://", "postgresql://"))


def open_store(location: str | Path = DEFAULT_DB) -> Store:
    """Open (creating and migrating on first use) the store at ``location``."""
    text = str(location)
    if is_postgres(text):
        # Imported here: psycopg is needed only by those who use PostgreSQL.
        from communique.store.postgres import PostgresStore

        return PostgresStore(text)
    return SQLiteStore(text)
