"""The store's caches (migration 0006): vectors, per-document results, finished briefings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from communique.models import Document
from communique.store import StoredDocument, open_store


def _add(store: object, doc_id: str) -> None:
    doc = Document(
        id=doc_id,
        source=f"/in/{doc_id}.txt",
        text="The delegations met on the quay.",
        published=dt.date(2025, 3, 2),
        content_hash=f"h-{doc_id}",
    )
    stored = StoredDocument(document=doc, kind="text", raw=doc.text, meta={})
    store.add_document(stored, signature=b"", bands=[], line_keys=[])  # type: ignore[attr-defined]


def test_vectors_are_kept_per_model_and_a_kept_key_is_not_overwritten(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        store.cache_vectors("m1", [(b"k" * 32, "float32", 2, b"\x00" * 8)])
        store.cache_vectors("m1", [(b"k" * 32, "float32", 2, b"\x01" * 8)])
        store.commit()
        assert store.cached_vectors("m1", [b"k" * 32, b"x" * 32]) == {
            b"k" * 32: ("float32", 2, b"\x00" * 8)
        }
        assert store.cached_vectors("m2", [b"k" * 32]) == {}


def test_many_keys_are_looked_up_in_chunks(tmp_path: Path) -> None:
    keys = [i.to_bytes(32, "big") for i in range(1_200)]
    with open_store(tmp_path / "a.db") as store:
        store.cache_vectors("m", [(k, "int8", 1, b"\x07") for k in keys])
        assert len(store.cached_vectors("m", keys)) == 1_200


def test_a_documents_result_is_replaced_and_goes_with_the_document(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        _add(store, "d1")
        store.put_document_results([("d1", "key-1", b"first")])
        store.put_document_results([("d1", "key-2", b"second")])
        assert store.document_results(["d1", "d2"]) == {"d1": ("key-2", b"second")}
        store.commit()
        store._db.execute("PRAGMA foreign_keys = ON")
        store._db.execute("DELETE FROM documents WHERE id = 'd1'")
        assert store.document_results(["d1"]) == {}


def test_only_the_latest_briefing_is_kept(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store:
        store.cache_briefing("one", b"1")
        store.cache_briefing("two", b"2")
        store.commit()
    with open_store(tmp_path / "a.db") as store:
        assert store.cached_briefing("one") is None
        assert store.cached_briefing("two") == b"2"
