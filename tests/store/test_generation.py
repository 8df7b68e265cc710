"""The store's generation (migration 0008) on both backends: every write a briefing depends on
moves it in its own transaction, reads and the briefing tables do not, and the briefing key
remembered at one generation is found again without reading a document, until a write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from communique.brief import serving
from communique.brief.cache import kept_briefing_key, store_briefing_key
from communique.clean.pipeline import Cleaner
from communique.demo import corpus_path
from communique.ingest import ingest
from communique.models import Annotation, Correction, Failure
from communique.store import Store, open_store
from communique.store.base import StoredEntity
from communique.store.generation import store_generation


class _Stand:
    """What the key takes of an embedder: its model's name."""

    model_id = "stand-in-model"


def _articles(n: int) -> list[str]:
    found = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    if len(found) < n:
        pytest.skip(f"the demo corpus holds {len(found)} articles, {n} needed")
    return found[:n]


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with open_store(db) as opened:
        ingest(_articles(3), store=opened, cleaner=Cleaner.create())
        opened.commit()
        yield opened


def _moved(store: Store, write: Any) -> bool:
    before = store_generation(store)
    write()
    store.commit()
    after = store_generation(store)
    assert before is not None and after is not None
    return after > before


def test_every_write_a_briefing_reads_moves_the_generation(store: Store) -> None:
    doc_id = store.document_ids()[0]
    doc = store.get_document(doc_id)
    assert doc is not None
    words = doc.text[:5]
    note = Annotation(doc_id, "sentence", 0, 5, words, {})
    entity = StoredEntity(
        id="x1",
        name="Odile Prester",
        type="PERSON",
        party=None,
        mentions=((doc_id, 0, 5),),
        data={},
    )
    failure = Failure(source="nowhere.txt", reason="invented: no such file", code="E001")
    fix = Correction("entity_party", {"entity": "Odile Prester"}, {"party": "Invented side"})
    writes = {
        "annotations": lambda: store.replace_annotations(
            doc_id, [note], version="v-test", content_hash=doc.content_hash
        ),
        "entities": lambda: store.replace_entities([entity]),
        "failure": lambda: store.record_failure(failure),
        "correction": lambda: store.add_correction(fix),
        "document": lambda: store.update_document(doc),
        "forget": lambda: store.forget_document(store.document_ids()[-1], line_keys=[]),
    }
    assert {name: _moved(store, write) for name, write in writes.items()} == dict.fromkeys(
        writes, True
    )
    assert not _moved(store, lambda: list(store.documents()))
    assert not _moved(store, lambda: store.fingerprint())


def test_rewriting_the_entities_moves_the_generation_once(store: Store) -> None:
    """Migration 0011: one bump per rewrite, however many entities and mentions it holds."""
    doc_id = store.document_ids()[0]
    entities = [
        StoredEntity(
            id=f"x{n}",
            name=f"Invented Person {n}",
            type="PERSON",
            party=None,
            mentions=tuple((doc_id, 10 * m, 10 * m + 5) for m in range(4)),
            data={},
        )
        for n in range(25)
    ]
    for written in (entities, entities[:3], []):
        before = store_generation(store)
        store.replace_entities(written)
        store.commit()
        after = store_generation(store)
        assert before is not None and after == before + 1
        assert len(store.entities()) == len(written)


def test_a_remembered_key_is_found_without_reading_documents(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    options: dict[str, Any] = {"embedder": _Stand(), "version": "v-test"}
    assert kept_briefing_key(store, **options) is None
    key, _ = store_briefing_key(store, **options)
    assert kept_briefing_key(store, **options) == key
    # Other options are another key.
    assert kept_briefing_key(store, embedder=_Stand(), version="v-other") is None
    assert kept_briefing_key(store, **options, sides={"Side": ["Someone"]}) is None

    def unread(*_args: object, **_kwargs: object) -> Iterator[Any]:
        raise AssertionError("the key should have been found without reading a document")

    monkeypatch.setattr(type(store), "documents", unread)
    assert serving.serving_key(store, **options) == key
    monkeypatch.undo()

    store.add_correction(Correction("event_type", {"event": "ev1"}, {"type": "meet"}))
    store.commit()
    assert kept_briefing_key(store, **options) is None
    changed, _ = store_briefing_key(store, **options)
    assert changed != key
    assert kept_briefing_key(store, **options) == changed


def test_a_write_while_the_key_is_worked_out_is_not_remembered(
    store: Store, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    options: dict[str, Any] = {"embedder": _Stand(), "version": "v-test"}
    documents = type(store).documents

    def racing(self: Store, **kwargs: Any) -> Iterator[Any]:
        with open_store(db) as other:  # another process adds a correction meanwhile
            other.add_correction(Correction("event_type", {"event": "e9"}, {"type": "meet"}))
            other.commit()
        yield from documents(self, **kwargs)

    monkeypatch.setattr(type(store), "documents", racing)
    store_briefing_key(store, **options)
    monkeypatch.undo()
    assert kept_briefing_key(store, **options) is None


def test_a_store_opened_before_the_migration_starts_at_generation_zero(tmp_path: Path) -> None:
    with open_store(tmp_path / "new.db") as store:
        assert store_generation(store) == 0
