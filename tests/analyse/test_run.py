"""Entity mentions read for resolution: kept once read, read again only when a document's
annotations change (on both backends)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from communique.analyse.run import refresh_entities, stored_mentions
from communique.models import Annotation, Document
from communique.store import StoredDocument, open_store
from communique.store.base import Store

_TEXT = "Mara Quell met Tobin Reyes in Harrowgate. Quell said the harbour deal was close."


def _add(store: Store, doc_id: str, text: str = _TEXT) -> None:
    doc = Document(
        id=doc_id,
        source=f"/in/{doc_id}.txt",
        text=text,
        published=dt.date(2026, 3, 2),
        content_hash=f"h-{doc_id}",
    )
    stored = StoredDocument(document=doc, kind="text", raw=text, meta={})
    store.add_document(stored, signature=doc_id.encode(), bands=[], line_keys=[])


def _annotate(store: Store, doc_id: str, names: list[tuple[int, int, str]]) -> None:
    rows = [
        Annotation(doc_id, "entity", start, end, _TEXT[start:end], {"label": label})
        for start, end, label in names
    ]
    rows.append(Annotation(doc_id, "sentence", 0, 41, _TEXT[:41], {}))
    store.replace_annotations(doc_id, rows, version="v1", content_hash=f"h-{doc_id}")


def _counting(store: Store, patch: pytest.MonkeyPatch) -> list[list[str]]:
    """The documents each annotations_of call of ``store`` is asked for."""
    asked: list[list[str]] = []
    original = store.annotations_of

    def annotations_of(doc_ids: Any, **kwargs: Any) -> Any:
        asked.append(list(doc_ids))
        return original(doc_ids, **kwargs)

    patch.setattr(store, "annotations_of", annotations_of)
    return asked


def test_kept_mentions_are_read_back_and_only_new_documents_read(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(db) as store:
        for doc_id in ("a", "b"):
            _add(store, doc_id)
        _annotate(store, "a", [(0, 10, "PERSON"), (15, 26, "PERSON")])
        _annotate(store, "b", [(30, 40, "GPE"), (42, 47, "PERSON")])
        first = stored_mentions(store)
        store.commit()
        _add(store, "c")
        _annotate(store, "c", [(0, 10, "PERSON")])
        asked = _counting(store, monkeypatch)
        second = stored_mentions(store)
    assert asked == [["c"]]
    assert second[: len(first)] == first
    assert [(d, m.text, m.label) for d, m in second[len(first) :]] == [
        ("c", "Mara Quell", "PERSON")
    ]


def test_a_document_annotated_again_is_read_again(db: str) -> None:
    with open_store(db) as store:
        _add(store, "a")
        _annotate(store, "a", [(0, 10, "PERSON")])
        assert [m.text for _, m in stored_mentions(store)] == ["Mara Quell"]
        store.commit()
        _annotate(store, "a", [(0, 10, "PERSON"), (30, 40, "GPE")])
        again = stored_mentions(store)
    assert [(m.text, m.label) for _, m in again] == [
        ("Mara Quell", "PERSON"),
        ("Harrowgate", "GPE"),
    ]


def test_resolution_over_kept_mentions_is_resolution_over_read_ones(db: str) -> None:
    with open_store(db) as store:
        for doc_id in ("a", "b"):
            _add(store, doc_id)
        _annotate(store, "a", [(0, 10, "PERSON"), (15, 26, "PERSON"), (30, 40, "GPE")])
        _annotate(store, "b", [(42, 47, "PERSON"), (30, 40, "GPE")])
        fresh = refresh_entities(store=store)
        kept = refresh_entities(store=store)
    assert kept == fresh
    assert {e.name for e in kept} >= {"Mara Quell", "Tobin Reyes", "Harrowgate"}
