"""The PostgreSQL store beyond what both backends share (tests/store/test_sqlite.py runs those on
both): annotations and entities round trips, long results in pages, the web app's change probe,
migrations raced by two processes, and the throwaway server itself."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from communique.errors import StoreError
from communique.models import Annotation, Document
from communique.store import StoredDocument, open_store, shared
from communique.store import postgres as pg
from communique.store.base import StoredEntity, redacted
from communique.store.pg_local import LocalServer


def _add(store_db: str, count: int) -> list[str]:
    ids = [f"d{n:03}" for n in range(count)]
    with open_store(store_db) as store:
        for doc_id in ids:
            doc = Document(
                id=doc_id,
                source=f"/in/{doc_id}.txt",
                text=f"Body of {doc_id}.",
                published=dt.date(2025, 5, 1),
                content_hash=f"h-{doc_id}",
            )
            stored = StoredDocument(document=doc, kind="text", raw=doc.text, meta={})
            store.add_document(stored, signature=b"s", bands=[], line_keys=[])
    return ids


def test_annotations_round_trip_and_mark_the_document_done(db: str) -> None:
    (doc_id,) = _add(db, 1)
    spans = [
        Annotation(doc_id, "sentence", 0, 12, "Body of d000"),
        Annotation(doc_id, "entity", 8, 12, "d000", {"label": "ORG", "role": None, "n": [1, 2]}),
    ]
    with open_store(db) as store:
        assert [d.id for d in store.documents_to_annotate(version="v1")] == [doc_id]
        store.replace_annotations(doc_id, spans, version="v1", content_hash="h-d000")
        store.commit()
        assert store.annotations(doc_id) == spans
        assert store.annotations(doc_id, layer="entity") == spans[1:]
        assert list(store.documents_to_annotate(version="v1")) == []
        assert [d.id for d in store.documents_to_annotate(version="v2")] == [doc_id]
        store.replace_annotations(doc_id, spans[:1], version="v2", content_hash="h-d000")
        assert store.annotations(doc_id) == spans[:1]


def test_annotations_of_many_documents_are_each_documents_own(db: str) -> None:
    with open_store(db) as store:
        for doc_id in ("d2", "d1", "d3"):
            doc = Document(id=doc_id, source=f"/in/{doc_id}", text="Ostria and Valdoria met.")
            store.add_document(
                StoredDocument(document=doc, kind="text", raw=doc.text, meta={}),
                signature=b"s",
                bands=[],
                line_keys=[],
            )
        for doc_id in ("d1", "d2"):
            rows = [
                Annotation(doc_id, "entity", 11, 19, "Valdoria", {"label": "GPE"}),
                Annotation(doc_id, "entity", 0, 6, "Ostria", {"label": "GPE"}),
                Annotation(doc_id, "sentence", 0, 24, "Ostria and Valdoria met.", {}),
            ]
            store.replace_annotations(doc_id, rows, version="v", content_hash="h")
        ids = ["d3", "d2", "d1"]
        assert store.annotations_of(ids) == {d: store.annotations(d) for d in ("d2", "d1")}
        entities = store.annotations_of(ids, layer="entity")
        assert [a.start for a in entities["d1"]] == [0, 11]
        assert entities == {d: store.annotations(d, layer="entity") for d in ("d2", "d1")}


def test_entities_are_replaced_whole_and_keep_their_order(db: str) -> None:
    first = StoredEntity("e2", "Mira Talvik", "PERSON", "Ardenia", (("d1", 4, 15),), {"a": [1]})
    second = StoredEntity("e1", "Vostrel", "GPE", None, (), {})
    with open_store(db) as store:
        store.replace_entities([first, second])
        store.commit()
        assert store.entities() == [first, second]
        assert store.fingerprint()[3] == 2
        store.replace_entities([second])
        assert store.entities() == [second]


def test_long_results_come_in_pages_while_the_store_is_written(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shared, "PAGE", 3)
    ids = _add(db, 8)
    with open_store(db) as store:
        assert [d.id for d in store.documents()] == ids
        seen = []
        for doc in store.documents_to_annotate(version="v"):
            store.replace_annotations(doc.id, [], version="v", content_hash=doc.content_hash)
            seen.append(doc.id)
        assert seen == ids
        assert store.fingerprint()[:2] == (8, 8)


def test_the_change_probe_moves_when_another_connection_commits(db: str) -> None:
    with open_store(db) as probe:
        before = probe.data_version()
        assert probe.data_version() == before  # reading changes nothing
        _add(db, 1)
        assert probe.data_version() != before
        assert probe.fingerprint()[0] == 1


def test_a_document_the_server_refuses_leaves_the_batch_around_it_stored(
    pg_server: LocalServer,
) -> None:
    # PostgreSQL text cannot hold NUL: the statement fails inside the batch's transaction, and
    # the savepoint sent in the same pipeline keeps what came before and after it.
    url = pg_server.create_database("refused_document")
    with open_store(url) as store:

        def stored(doc_id: str, text: str) -> StoredDocument:
            doc = Document(id=doc_id, source=f"/in/{doc_id}.txt", text=text, content_hash=doc_id)
            return StoredDocument(document=doc, kind="text", raw=text, meta={})

        assert store.add_document(stored("a", "First."), signature=b"s", bands=[], line_keys=[])
        with pytest.raises(StoreError, match=r"/in/bad\.txt"):
            store.add_document(stored("bad", "No\x00body."), signature=b"s", bands=[], line_keys=[])
        assert store.add_document(stored("b", "Second."), signature=b"s", bands=[], line_keys=[])
    with open_store(url) as store:
        assert store.document_ids() == ["a", "b"]


def test_look_ups_are_planned_for_the_table_as_it_is_not_as_it_was(
    pg_server: LocalServer,
) -> None:
    # psycopg prepares a statement from its sixth run; left to itself, the server then settles
    # on one generic plan made while the store was nearly empty (a full scan of the band rows)
    # and keeps it while the store grows: a quadratic ingest.
    url = pg_server.create_database("custom_plans")
    with open_store(url) as store:
        for n in range(12):
            bands = [f"band-{n}-{k}" for k in range(28)]  # as many as a real signature has
            doc = Document(
                id=f"p{n}", source=f"/in/p{n}.txt", text=f"Text {n}.", content_hash=f"{n}"
            )
            stored = StoredDocument(document=doc, kind="text", raw=doc.text, meta={})
            store.original_candidates(doc.content_hash, bands)
            store.add_document(stored, signature=b"s", bands=bands, line_keys=[])
        generic = store._db.execute(
            "SELECT count(*) FROM pg_prepared_statements"
            " WHERE statement LIKE '%FROM bands WHERE band%' AND generic_plans > 0"
        ).fetchone()
    assert generic == (0,)


def test_the_writer_analyzes_the_band_rows_as_an_ingest_grows_the_store(
    pg_server: LocalServer,
) -> None:
    # Unanalyzed band rows look small to the planner, which then scans them whole for every
    # document (a full scan of 28,000 rows at 1,000 documents); the writer analyzes them once
    # it has added 200 documents, and again whenever it doubles them.
    url = pg_server.create_database("analyzed_bands")
    with open_store(url) as store:
        for n in range(250):
            doc = Document(
                id=f"g{n}", source=f"/in/g{n}.txt", text=f"Text {n}.", content_hash=f"{n}"
            )
            bands = [f"band-{n}-{k}" for k in range(28)]
            stored = StoredDocument(document=doc, kind="text", raw=doc.text, meta={})
            store.add_document(stored, signature=b"s", bands=bands, line_keys=[])
            if n % 50 == 49:
                store.commit()
        rows = store._db.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'bands'::regclass"
        ).fetchone()
        asked = ["band-7-1", "band-9-2", *(f"new-{k}" for k in range(30))]  # a signature's 32
        assert store.near_duplicate_candidates(asked) == [("g7", b"s"), ("g9", b"s")]
    assert rows is not None and rows[0] >= 200 * 28  # -1 until analyzed


def test_two_processes_opening_a_new_database_migrate_it_once(pg_server: LocalServer) -> None:
    url = pg_server.create_database("race")
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            open_store(url).close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(url) as store:
        assert isinstance(store, pg.PostgresStore)
        row = store._db.execute("SELECT count(*) FROM schema_migrations").fetchone()
        assert row is not None and row[0] == len(pg.migrations())


def test_passwords_never_reach_a_message() -> None:
    assert redacted("postgresql://ann:pw@db.example.org:5433/talks") == (
        "postgresql://ann:***@db.example.org:5433/talks"
    )
    assert redacted("postgresql://ann@db/talks") == "postgresql://ann@db/talks"


def test_the_throwaway_server_listens_on_loopback_only(pg_server: LocalServer) -> None:
    import psycopg

    with psycopg.connect(pg_server.url()) as conn:
        row = conn.execute("SHOW listen_addresses").fetchone()
        assert row == ("127.0.0.1",)
        user = conn.execute("SELECT current_user").fetchone()
        assert user == ("communique",)
