"""The app's full-text search, on each backend (SQLite's in-memory FTS5 index, PostgreSQL's
tsvector column): every word must occur; a very common query is listed newest first rather than
ranked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from communique.models import Document
from communique.store import StoredDocument, open_store
from communique.store.search import DocumentSearch

ARTICLES = [
    ("a", "Ferry talks", "The ferry talks stalled over the levy. The levy, the levy."),
    ("b", "Levy row", "A row over the ferry levy."),
    ("c", "Harbour news", "The harbour reopened; no word on the ferry."),
]


@pytest.fixture()
def index(db: str) -> Iterator[DocumentSearch]:
    with open_store(db) as store:
        for doc_id, title, text in ARTICLES:
            doc = Document(id=doc_id, source=doc_id, text=text, title=title, content_hash=doc_id)
            stored = StoredDocument(document=doc, kind="text", raw=text, meta={})
            store.add_document(stored, signature=b"s", bands=[], line_keys=[])
        store.commit()
        search = store.search_index()
    yield search
    search.close()


def test_every_word_must_occur_and_the_best_match_comes_first(index: DocumentSearch) -> None:
    total, hits = index.search("ferry levy", limit=10, offset=0)
    assert total == 2
    assert [h.document for h in hits] == ["a", "b"]  # "levy" three times in a
    assert hits[0].title == "Ferry talks"
    assert "\x02" in hits[0].snippet and "\x03" in hits[0].snippet


def test_case_and_punctuation_are_not_syntax(index: DocumentSearch) -> None:
    assert index.search("HARBOUR!", limit=10, offset=0)[0] == 1
    assert index.search('"levy" AND (row*', limit=10, offset=0)[0] == 0  # AND is a word here
    assert index.search('"levy" (row*', limit=10, offset=0)[0] == 1
    assert index.search("?!", limit=10, offset=0) == (0, [])
    assert index.search("submarine", limit=10, offset=0) == (0, [])


def test_past_the_ranking_limit_the_latest_stored_come_first(index: DocumentSearch) -> None:
    total, hits = index.search("ferry", limit=2, offset=0, ranked_up_to=2)
    assert total == 3
    assert [h.document for h in hits] == ["c", "b"]
    _, rest = index.search("ferry", limit=2, offset=2, ranked_up_to=2)
    assert [h.document for h in rest] == ["a"]
