"""The SQLite store: migrations, atomic adds, idempotence, failures, durability."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from communique.errors import StoreError, UsageError
from communique.models import Document, Failure, RemovedLine
from communique.store import StoredDocument, open_store
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


def test_new_store_is_migrated_to_the_latest_version(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        assert store.schema_version == migrations()[-1][0]
        assert store.count_documents() == 0


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    open_store(path).close()
    with open_store(path) as store:
        rows = store._db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()
        assert rows[0] == len(migrations())


def test_document_round_trips_every_field(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        stored = _stored("d1")
        assert store.add_document(stored, signature=b"\x01\x02", bands=["b1"], line_keys=["x"])
    with open_store(tmp_path / "a.db") as store:
        assert store.get_document("d1") == stored.document
        assert store.get_stored("d1") == stored


def test_adding_the_same_id_twice_adds_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        assert store.add_document(_stored("d1"), signature=b"s", bands=["b"], line_keys=["x"])
        assert not store.add_document(_stored("d1"), signature=b"s", bands=["b"], line_keys=["x"])
        assert store.count_documents() == 1
        # The line count must not be bumped by the refused second add.
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset()


def test_repeated_lines_count_documents_per_outlet(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=["follow us", "a"])
        store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=["follow us", "b"])
        store.add_document(
            _stored("d3", outlet="Other"), signature=b"s", bands=[], line_keys=["follow us"]
        )
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset({"follow us"})
        assert store.repeated_lines("Other", min_docs=2) == frozenset()


def test_near_duplicate_candidates_come_from_shared_bands(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        store.add_document(_stored("d1"), signature=b"one", bands=["x", "y"], line_keys=[])
        store.add_document(_stored("d2"), signature=b"two", bands=["z"], line_keys=[])
        assert store.near_duplicate_candidates(["y", "q"]) == [("d1", b"one")]
        assert store.near_duplicate_candidates([]) == []


def test_exact_duplicate_lookup_returns_the_earliest(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        store.add_document(_stored("d2", text="Same"), signature=b"s", bands=[], line_keys=[])
        store.add_document(_stored("d1", text="Same"), signature=b"s", bands=[], line_keys=[])
        assert store.find_by_content_hash("h-Same") == "d2"
        assert store.find_by_content_hash("h-none") is None


def test_failures_are_kept_once_per_source_and_cleared_by_success(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        store.record_failure(Failure("/in/d1.txt", "empty file", "E103"))
        store.record_failure(Failure("/in/d1.txt", "binary content", "E102"))
        assert store.failures() == [Failure("/in/d1.txt", "binary content", "E102")]
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=[])
        assert store.failures() == []


def test_uncommitted_work_is_rolled_back_and_committed_work_survives(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    store = SQLiteStore(path)
    store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=[])
    store.commit()
    store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=[])
    # Simulate a killed process: a second connection sees only committed work.
    other = sqlite3.connect(path)
    assert [r[0] for r in other.execute("SELECT id FROM documents")] == ["d1"]
    other.close()


def test_update_document_replaces_cleaned_fields(tmp_path: Path) -> None:
    from dataclasses import replace

    with open_store(tmp_path / "a.db") as store:
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


def test_postgresql_urls_are_refused_clearly() -> None:
    with pytest.raises(UsageError, match="PostgreSQL"):
        open_store("postgresql://localhost/talks")
