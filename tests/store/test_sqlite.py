"""The store, on both backends (``db`` is a SQLite file, then a PostgreSQL database): migrations,
atomic adds, idempotence, failures, durability."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from communique.errors import StoreError
from communique.models import Document, Failure, RemovedLine
from communique.store import StoredDocument, open_store
from communique.store.postgres import PostgresStore
from communique.store.postgres import migrations as pg_migrations
from communique.store.sqlite import SQLiteStore, migrations


def _stored(
    doc_id: str, *, text: str = "Body.", outlet: str | None = "Harbour Ledger"
) -> StoredDocument:
    doc = Document(
        id=doc_id,
        source=f"/in/{doc_id}.txt",
        text=text,
        title="Talks resume",
        outlet=outlet,
        published=dt.date(2025, 5, 16),
        published_basis="text:Published 16 May 2025",
        language="en",
        flags=("wire:reuters",),
        removed=(RemovedLine(line=0, text="Share this", reason="share"),),
        content_hash=f"h-{text}",
    )
    return StoredDocument(document=doc, kind="text", raw=f"Share this\n{text}", meta={"k": "v"})


def test_new_store_is_migrated_to_the_latest_version(db: str) -> None:
    with open_store(db) as store:
        assert store.schema_version == migrations()[-1][0]
        assert store.path == db
        assert store.count_documents() == 0


def test_reopening_does_not_migrate_twice(db: str) -> None:
    open_store(db).close()
    with open_store(db) as store:
        assert isinstance(store, SQLiteStore | PostgresStore)
        rows = store._db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()
        assert rows is not None and rows[0] == len(migrations())


def test_document_round_trips_every_field(db: str) -> None:
    with open_store(db) as store:
        stored = _stored("d1")
        assert store.add_document(stored, signature=b"\x01\x02", bands=["b1"], line_keys=["x"])
    with open_store(db) as store:
        assert store.get_document("d1") == stored.document
        assert store.get_stored("d1") == stored


def test_adding_the_same_id_twice_adds_nothing(db: str) -> None:
    with open_store(db) as store:
        assert store.add_document(_stored("d1"), signature=b"s", bands=["b"], line_keys=["x"])
        assert not store.add_document(_stored("d1"), signature=b"s", bands=["b"], line_keys=["x"])
        assert store.count_documents() == 1
        # The line count must not be bumped by the refused second add.
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset()


def test_repeated_lines_count_documents_per_outlet(db: str) -> None:
    with open_store(db) as store:
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=["follow us", "a"])
        store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=["follow us", "b"])
        store.add_document(
            _stored("d3", outlet="Other"), signature=b"s", bands=[], line_keys=["follow us"]
        )
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset({"follow us"})
        assert store.repeated_lines("Other", min_docs=2) == frozenset()


def test_near_duplicate_candidates_come_from_shared_bands(db: str) -> None:
    with open_store(db) as store:
        store.add_document(_stored("d1"), signature=b"one", bands=["x", "y"], line_keys=[])
        store.add_document(_stored("d2"), signature=b"two", bands=["z"], line_keys=[])
        assert store.near_duplicate_candidates(["y", "q"]) == [("d1", b"one")]
        assert store.near_duplicate_candidates([]) == []


def test_exact_duplicate_lookup_returns_the_earliest(db: str) -> None:
    with open_store(db) as store:
        store.add_document(_stored("d2", text="Same"), signature=b"s", bands=[], line_keys=[])
        store.add_document(_stored("d1", text="Same"), signature=b"s", bands=[], line_keys=[])
        assert store.find_by_content_hash("h-Same") == "d2"
        assert store.find_by_content_hash("h-none") is None


def test_failures_are_kept_once_per_source_and_cleared_by_success(db: str) -> None:
    with open_store(db) as store:
        store.record_failure(Failure("/in/d1.txt", "empty file", "E103"))
        store.record_failure(Failure("/in/d1.txt", "binary content", "E102"))
        assert store.failures() == [Failure("/in/d1.txt", "binary content", "E102")]
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=[])
        assert store.failures() == []


def test_uncommitted_work_is_rolled_back_and_committed_work_survives(db: str) -> None:
    store = open_store(db)
    store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=[])
    store.commit()
    store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=[])
    # Simulate a killed process: a second connection sees only committed work.
    with open_store(db) as other:
        assert other.document_ids() == ["d1"]
    with pytest.raises(RuntimeError), store:
        raise RuntimeError("the batch fails")  # leaving on an error rolls back
    with open_store(db) as other:
        assert other.document_ids() == ["d1"]


def test_update_document_replaces_cleaned_fields(db: str) -> None:
    from dataclasses import replace

    with open_store(db) as store:
        stored = _stored("d1")
        store.add_document(stored, signature=b"s", bands=[], line_keys=[])
        changed = replace(stored.document, text="New body.", flags=("opinion",))
        store.update_document(changed)
        assert store.get_document("d1") == changed


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        open_store(path)


def test_sqlite_and_postgresql_migrations_are_twins() -> None:
    """Each SQLite migration has a PostgreSQL one with the same number and name."""
    assert [name for _v, name, _s in migrations()] == [name for _v, name, _s in pg_migrations()]
