"""The store's caches (migrations 0006 and 0011): vectors, per-document results, finished
briefings, the corpus passes' kept results, on both backends; and the user's corrections
(migration 0005)."""

from __future__ import annotations

import datetime as dt

from communique.models import Correction, Document
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


def test_vectors_are_kept_per_model_and_a_kept_key_is_not_overwritten(db: str) -> None:
    with open_store(db) as store:
        store.cache_vectors("m1", [(b"k" * 32, "float32", 2, b"\x00" * 8)])
        store.cache_vectors("m1", [(b"k" * 32, "float32", 2, b"\x01" * 8)])
        store.commit()
        assert store.cached_vectors("m1", [b"k" * 32, b"x" * 32]) == {
            b"k" * 32: ("float32", 2, b"\x00" * 8)
        }
        assert store.cached_vectors("m2", [b"k" * 32]) == {}


def test_many_keys_are_looked_up_in_chunks(db: str) -> None:
    keys = [i.to_bytes(32, "big") for i in range(1_200)]
    with open_store(db) as store:
        store.cache_vectors("m", [(k, "int8", 1, b"\x07") for k in keys])
        assert len(store.cached_vectors("m", keys)) == 1_200


def test_a_few_keys_or_most_of_a_models_give_the_same_vectors(db: str) -> None:
    # Asked for most of a model's vectors, SQLite reads them in one pass; for a few, by key:
    # either way only those asked for (and kept, of that model) come back.
    keys = [i.to_bytes(32, "big") for i in range(40)]
    rows = [(k, "float32", 1, bytes([n, 0, 0, 0])) for n, k in enumerate(keys)]
    with open_store(db) as store:
        store.cache_vectors("m", rows)
        store.cache_vectors("other", [(keys[0], "float32", 1, b"\xff" * 4)])
        expected = {k: (d, n, v) for k, d, n, v in rows}
        most = [*keys[:30], b"x" * 32]
        few = [keys[3], keys[7], b"y" * 32]
        assert store.cached_vectors("m", most) == {k: expected[k] for k in keys[:30]}
        assert store.cached_vectors("m", few) == {k: expected[k] for k in few if k in expected}
        assert store.cached_vectors("other", most) == {keys[0]: ("float32", 1, b"\xff" * 4)}


def test_pass_results_are_kept_per_pass_and_a_kept_key_is_not_overwritten(db: str) -> None:
    keys = [i.to_bytes(32, "big") for i in range(700)]
    with open_store(db) as store:
        store.keep_pass_results("p1", [(k, k[-2:]) for k in keys])
        store.keep_pass_results("p1", [(keys[0], b"other")])
        store.commit()
        found = store.pass_results("p1", [*keys, b"x" * 32])
        assert found == {k: k[-2:] for k in keys}
        assert store.pass_results("p2", keys[:3]) == {}
        assert store.pass_results("p1", []) == {}


def test_a_documents_result_is_replaced_and_goes_with_the_document(db: str) -> None:
    with open_store(db) as store:
        _add(store, "d1")
        store.put_document_results([("d1", "key-1", b"first")])
        store.put_document_results([("d1", "key-2", b"second")])
        assert store.document_results(["d1", "d2"]) == {"d1": ("key-2", b"second")}
        store.commit()
        assert store.forget_document("d1", line_keys=[])
        assert store.document_results(["d1"]) == {}


def test_only_the_latest_briefing_is_kept(db: str) -> None:
    with open_store(db) as store:
        store.cache_briefing("one", b"1")
        store.cache_briefing("two", b"2")
        store.commit()
    with open_store(db) as store:
        assert store.cached_briefing("one") is None
        assert store.cached_briefing("two") == b"2"


def test_corrections_keep_their_order_and_ids_never_come_back(db: str) -> None:
    with open_store(db) as store:
        first = store.add_correction(Correction("rename_entity", {"entity": "e1"}, {"name": "Vel"}))
        second = store.add_correction(Correction("set_side", {"entity": "e2"}, {"party": ""}, "n"))
        assert second > first
        kept = store.corrections()
        assert [(c.id, c.kind, dict(c.target), c.note) for c in kept] == [
            (first, "rename_entity", {"entity": "e1"}, ""),
            (second, "set_side", {"entity": "e2"}, "n"),
        ]
        assert store.remove_correction(second) and not store.remove_correction(second)
        third = store.add_correction(Correction("rename_entity", {"entity": "e3"}, {"name": "O"}))
        assert third > second
        assert store.fingerprint()[4:] == (2, third)
