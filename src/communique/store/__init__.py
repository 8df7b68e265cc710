"""Where documents and everything read from them are kept.

``open_store`` picks the backend from the location: a file path (or ``:memory:``) is SQLite; a
``postgresql://`` URL is reserved for the PostgreSQL backend.
"""

from __future__ import annotations

from pathlib import Path

from communique.errors import UsageError
from communique.store.base import Store, StoredDocument
from communique.store.sqlite import SQLiteStore

__all__ = ["DEFAULT_DB", "SQLiteStore", "Store", "StoredDocument", "open_store"]

DEFAULT_DB = "communique.db"


def open_store(location: str | Path = DEFAULT_DB) -> SQLiteStore:
    """Open (creating and migrating on first use) the store at ``location``."""
    text = str(location)
    if text.startswith(("postgres://", "postgresql://")):
        raise UsageError(f"{text}: the PostgreSQL backend is not available yet; use a file path")
    return SQLiteStore(text)
