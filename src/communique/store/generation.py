"""The store's generation (migration 0008) and the briefing keys worked out at one generation.

``store_generation.n`` moves in the same transaction as any write to what a briefing is built
from, on both backends: triggers on documents, annotation records, failures and corrections
(one row per document), and one explicit bump by the store for each rewrite of the canonical
entities and their mentions (migration 0011: a row trigger on SQLite fired for each of
hundreds of thousands of mention rows). A key worked out at generation ``n`` is remembered
under a digest of ``n`` and the build's options; while ``n`` has not moved, that key is still
the store's, and a server restarted over the store finds it with two indexed reads instead of
reading every document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["remember_key", "remembered_key", "store_generation"]


_KEEP = 16
"""Remembered keys kept: older generations are never asked for again."""


def _run(
    store: object, statement: str, params: tuple[object, ...] = (), *, fetch: bool = True
) -> list[tuple[Any, ...]]:
    db: Any = getattr(store, "_db", None)
    if db is None:
        return []
    if type(store).__module__.endswith("postgres"):
        statement = statement.replace("?", "%s")
    cursor = db.execute(statement, params)
    return list(cursor.fetchall()) if fetch else []


def store_generation(store: object) -> int | None:
    """The store's generation, or None for a store that does not keep one."""
    found = _run(store, "SELECT n FROM store_generation WHERE one = 1")
    return int(found[0][0]) if found else None


def remembered_key(store: object, fast: str) -> str | None:
    """The key remembered under ``fast``, if any."""
    found = _run(store, "SELECT key FROM briefing_keys WHERE fast = ?", (fast,))
    return str(found[0][0]) if found else None


def remember_key(store: object, fast: str, key: str, *, generation: int) -> bool:
    """Remember ``key`` under ``fast`` when the store is still at ``generation`` (a write
    while the key was worked out may not be in it); True when remembered. Remembering only
    saves time: a store another writer holds is left as it is."""
    writable: Any = store
    try:
        writable._begin()
    except Exception:  # busy (another process writes): the key is worked out again next time
        return False
    remembered = False
    try:
        if store_generation(store) == generation:
            at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
            _run(store, "DELETE FROM briefing_keys WHERE fast = ?", (fast,), fetch=False)
            _run(store, "INSERT INTO briefing_keys VALUES (?, ?, ?)", (fast, key, at), fetch=False)
            _run(
                store,
                "DELETE FROM briefing_keys WHERE fast NOT IN"
                " (SELECT fast FROM briefing_keys ORDER BY at DESC LIMIT ?)",
                (_KEEP,),
                fetch=False,
            )
            remembered = True
    finally:
        writable.commit()
    return remembered
