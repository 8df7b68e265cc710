"""The store, on both backends (``db`` is a SQLite file, then a PostgreSQL database): migrations,
atomic adds, idempotence, failures, durability."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from communique.errors import StoreError
from communique.models import Annotation, Document, Failure, RemovedLine
from communique.store import StoredDocument, open_store
from communique.store.base import StoredEntity
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


def test_stored_documents_of_an_outlet_come_in_order_and_survive_updates_on_the_way(
    db: str,
) -> None:
    from dataclasses import replace

    with open_store(db) as store:
        for n in range(3):
            store.add_document(
                _stored(f"d{n}", text=f"Body {n}."), signature=b"s", bands=[], line_keys=[]
            )
        store.add_document(
            _stored("other", outlet="Valley Post"), signature=b"s", bands=[], line_keys=[]
        )
        html = replace(_stored("page", text="Web page."), kind="html")
        store.add_document(html, signature=b"s", bands=[], line_keys=[])
        seen = []
        for stored in store.stored_documents(outlet="Harbour Ledger", kind="text"):
            assert stored == store.get_stored(stored.document.id)
            store.update_document(replace(stored.document, text="Cleaned again."))
            seen.append(stored.document.id)
        assert seen == ["d0", "d1", "d2"]
        last = store.get_document("d2")
        assert last is not None and last.text == "Cleaned again."


def test_adding_the_same_id_twice_adds_nothing(db: str) -> None:
    with open_store(db) as store:
        assert store.add_document(_stored("d1"), signature=b"s", bands=["b"], line_keys=["x"])
        assert not store.add_document(_stored("d1"), signature=b"s", bands=["b"], line_keys=["x"])
        assert store.count_documents() == 1
        # The line count must not be bumped by the refused second add.
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset()


def test_existing_ids_are_the_stored_ones_among_those_asked(db: str) -> None:
    with open_store(db) as store:
        assert store.existing_ids([]) == set()
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=[])
        store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=[])
        assert store.existing_ids(["d2", "d9", "d1", "d2"]) == {"d1", "d2"}
        many = [f"x{n}" for n in range(1200)]  # past SQLite's host-parameter limit
        assert store.existing_ids([*many, "d1"]) == {"d1"}


def test_repeated_lines_count_documents_per_outlet(db: str) -> None:
    with open_store(db) as store:
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=["follow us", "a"])
        store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=["follow us", "b"])
        store.add_document(
            _stored("d3", outlet="Other"), signature=b"s", bands=[], line_keys=["follow us"]
        )
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset({"follow us"})
        assert store.repeated_lines("Other", min_docs=2) == frozenset()
        # Many outlets at once answer as each alone; one without shared lines is left out.
        outlets = ["Harbour Ledger", "Other", "Unknown"]
        assert store.repeated_lines_of(outlets, min_docs=2) == {
            "Harbour Ledger": frozenset({"follow us"})
        }
        assert store.repeated_lines_of(outlets, min_docs=1) == {
            outlet: store.repeated_lines(outlet, min_docs=1) for outlet in outlets[:2]
        }


def test_shared_lines_follow_this_writers_own_adds_within_one_transaction(db: str) -> None:
    # PostgreSQL keeps an outlet's shared lines for the open write transaction: they must
    # still move with every document this writer adds before it commits.
    with open_store(db) as store:
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=["menu", "a"])
        assert store.repeated_lines("Harbour Ledger", min_docs=1) == frozenset({"menu", "a"})
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset()
        store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=["menu", "b"])
        store.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=["menu", "b"])
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset({"menu"})
        assert store.repeated_lines("Harbour Ledger", min_docs=1) == {"menu", "a", "b"}
        store.commit()
        assert store.forget_document("d2", line_keys=["menu", "b"])
        assert store.repeated_lines("Harbour Ledger", min_docs=2) == frozenset()
        assert store.repeated_lines("Harbour Ledger", min_docs=1) == {"menu", "a"}


def test_shared_lines_kept_by_one_writer_see_what_another_wrote_in_between(db: str) -> None:
    with open_store(db) as first, open_store(db) as second:
        first.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=["menu"])
        assert first.repeated_lines("Harbour Ledger", min_docs=2) == frozenset()
        first.commit()
        second.add_document(_stored("d2"), signature=b"s", bands=[], line_keys=["menu"])
        second.commit()
        first.add_document(_stored("d3"), signature=b"s", bands=[], line_keys=["other"])
        assert first.repeated_lines("Harbour Ledger", min_docs=2) == frozenset({"menu"})


def test_both_duplicate_look_ups_at_once_match_each_alone(db: str) -> None:
    with open_store(db) as store:
        store.add_document(_stored("d2", text="Same"), signature=b"two", bands=["x"], line_keys=[])
        store.add_document(_stored("d1", text="Same"), signature=b"one", bands=["y"], line_keys=[])
        assert store.original_candidates("h-Same", ["y", "x"]) == (
            "d2",
            [("d2", b"two"), ("d1", b"one")],
        )
        assert store.original_candidates("h-none", []) == (None, [])


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


def _annotation(doc_id: str) -> list[Annotation]:
    return [Annotation(doc_id, "sentence", 0, 5, "Body.")]


def test_migration_3_keeps_the_ingest_failures_of_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "CREATE TABLE schema_migrations"
        " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    for version, name, sql in migrations():
        if version < 3:
            db.executescript(sql)
            db.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
    db.execute("INSERT INTO failures VALUES ('/in/a.txt', 'E103', 'empty file', 2, 'then')")
    db.close()
    with open_store(path) as store:
        assert store.schema_version >= 3
        assert store.failures() == [Failure("/in/a.txt", "empty file", "E103")]


def test_failures_of_every_stage_list_after_ingest_and_clear_by_stage(db: str) -> None:
    with open_store(db) as store:
        store.add_document(_stored("d1"), signature=b"s", bands=[], line_keys=[])
        events = Failure("/in/d1.txt", "KeyError: 'S'", "E400", "annotate.events", "d1", 6, 40)
        timeline = Failure("/in/d1.txt", "boom", "E400", "corpus.timeline", "d1")
        ingest = Failure("/in/zz.txt", "empty file", "E103")
        for failure in (timeline, events, ingest):
            store.record_failure(failure)
        assert store.failures() == [ingest, events, timeline]
        assert store.clear_failures(stage="annotate") == 1  # and its sub-stages
        assert store.clear_failures(stage="corpus.time") == 0  # a stage name, not a prefix
        assert store.failures() == [ingest, timeline]
        assert store.clear_failures(stage="corpus.timeline", doc_ids=["d2"]) == 0
        assert store.clear_failures(stage="corpus.timeline", doc_ids=["d1"]) == 1


def test_a_document_the_layer_failed_on_is_not_offered_again(db: str) -> None:
    with open_store(db) as store:
        for doc_id in ("d1", "d2", "d3"):
            store.add_document(_stored(doc_id), signature=b"s", bands=[], line_keys=[])
        store.replace_annotations("d1", _annotation("d1"), version="v", content_hash="h-Body.")
        store.record_failure(Failure("/in/d2.txt", "x", "E400", "annotate.dates", "d2"))
        store.record_failure(Failure("/in/d3.txt", "x", "E400", "corpus.claims", "d3"))
        assert [d.id for d in store.documents_to_annotate(version="v")] == ["d3"]
        assert store.annotated_ids(version="v") == ["d1"]
        assert store.annotated_ids(version="w") == []
        assert store.annotated_ids() == ["d1"]
        store.clear_failures(stage="annotate", doc_ids=["d2"])
        assert [d.id for d in store.documents_to_annotate(version="v")] == ["d2", "d3"]


def test_forgetting_a_document_removes_everything_derived(db: str) -> None:
    with open_store(db) as store:
        store.add_document(_stored("d1"), signature=b"s", bands=["b"], line_keys=["k1", "k2"])
        store.add_document(_stored("d2"), signature=b"s", bands=["b"], line_keys=["k1"])
        store.replace_annotations("d1", _annotation("d1"), version="v", content_hash="h-Body.")
        store.replace_entities(
            [
                StoredEntity("e1", "Ostria", "GPE", None, (("d1", 0, 6),), {}),
                StoredEntity("e2", "Valdoria", "GPE", None, (("d1", 0, 6), ("d2", 0, 8)), {}),
            ]
        )
        store.record_failure(Failure("/in/d1.txt", "x", "E400", "corpus.claims", "d1"))
        assert store.forget_document("d1", line_keys=["k1", "k2"])
        assert not store.forget_document("d1", line_keys=[])
        assert store.document_ids() == ["d2"]
        assert store.annotations("d1") == [] and store.failures() == []
        assert [(e.id, e.mentions) for e in store.entities()] == [("e2", (("d2", 0, 8),))]
        assert store.repeated_lines("Harbour Ledger", min_docs=1) == frozenset({"k1"})
        assert store.near_duplicate_candidates(["b"]) == [("d2", b"s")]


def test_entities_written_again_after_a_document_is_forgotten_get_its_mentions_back(
    db: str,
) -> None:
    """An entity whose mentions are as last written is not compared row by row (its digest
    says so); forgetting a document takes rows away behind the digest's back, so the
    same entities written again must bring them back."""
    entities = [
        StoredEntity("e1", "Ostria", "GPE", None, (("d1", 0, 6), ("d2", 0, 6)), {}),
        StoredEntity("e2", "Valdoria", "GPE", None, (("d2", 8, 16),), {}),
    ]
    with open_store(db) as store:
        for doc_id in ("d1", "d2"):
            store.add_document(_stored(doc_id), signature=b"s", bands=[doc_id], line_keys=[])
        store.replace_entities(entities)
        store.commit()
        assert store.forget_document("d1", line_keys=[])
        store.commit()
        store.replace_entities(entities)
        store.commit()
    with open_store(db) as store:
        assert [(e.id, e.mentions) for e in store.entities()] == [
            (e.id, e.mentions) for e in entities
        ]


def _entity(
    entity_id: str, *mentions: tuple[str, int, int], party: str | None = None
) -> StoredEntity:
    return StoredEntity(entity_id, entity_id.title(), "GPE", party, tuple(mentions), {"n": 1})


def test_rewritten_entities_read_back_as_a_fresh_write_of_them(tmp_path: Path) -> None:
    """Only changed mention rows are written again: what is read back must still be what
    writing the entities into an empty store gives, order and mentions alike."""
    before = [
        _entity("ostria", ("d1", 0, 6), ("d2", 4, 10)),
        _entity("valdoria", ("d1", 10, 18)),
        _entity("gone", ("d3", 0, 4)),
        _entity("twice", ("d4", 0, 5), ("d4", 0, 5)),
    ]
    after = [
        _entity("newcomer", ("d5", 0, 8)),  # a new entity ahead of the kept ones
        _entity("valdoria", ("d1", 10, 18), ("d3", 0, 4), party="Valdoria"),  # took a mention
        _entity("twice", ("d4", 0, 5)),  # a row held twice now once
        _entity("ostria", ("d2", 4, 10), ("d6", 1, 7)),  # lost one, gained one
    ]
    with open_store(tmp_path / "fresh.db") as fresh:
        fresh.replace_entities(after)
        expected = fresh.entities()
    with open_store(tmp_path / "rewritten.db") as store:
        store.replace_entities(before)
        store.commit()
        store.replace_entities(after)
        store.commit()
        assert store.entities() == expected
        assert [e.id for e in expected] == ["newcomer", "valdoria", "twice", "ostria"]
        store.replace_entities([])
        store.commit()
        assert store.entities() == []
        with sqlite3.connect(tmp_path / "rewritten.db") as db:
            assert db.execute("SELECT count(*) FROM entity_mentions").fetchone()[0] == 0


def test_entities_a_connection_wrote_read_back_as_the_tables_hold_them(tmp_path: Path) -> None:
    """The connection that wrote the entities reads them back from what it wrote while
    nothing else has written: another connection, reading the tables, must get the same,
    and a write by that other connection must be seen."""
    path = tmp_path / "store.db"
    out_of_order = _entity("ostria", ("d2", 4, 10), ("d1", 0, 6), ("d2", 4, 10))
    two_ends = _entity("valdoria", ("d1", 10, 18), ("d1", 10, 12))
    for written in ([out_of_order, _entity("empty")], [out_of_order, two_ends]):
        with open_store(path) as store:
            store.replace_entities(written)
            store.commit()
            mine = store.entities()
            mine[0].data["n"] = 2  # each read has data of its own
            with open_store(path) as other:
                assert store.entities() == other.entities()
                assert store.entities()[0].mentions == (("d1", 0, 6), ("d2", 4, 10), ("d2", 4, 10))
                other.replace_entities([_entity("kept", ("d1", 0, 4))])
                other.commit()
            assert store.entities() == [_entity("kept", ("d1", 0, 4))]
