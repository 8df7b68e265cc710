"""The app's full-text search, on each backend (SQLite's FTS5 index, PostgreSQL's tsvector
column): every word must occur; a very common query is listed newest first rather than ranked;
a query's cost is bounded (length, distinct words, word length, time) the same way on both, and
one search never waits for another."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from communique.errors import SearchRefused
from communique.models import Document
from communique.store import StoredDocument, open_store, search
from communique.store.search import DocumentSearch
from communique.web.search import MAX_TERMS, SearchIndex, parse_query

ARTICLES = [
    ("a", "Ferry talks", "The ferry talks stalled over the levy. The levy, the levy."),
    ("b", "Levy row", "A row over the ferry levy."),
    ("c", "Harbour news", "The harbour reopened; no word on the ferry."),
]


@pytest.fixture()
def stored(db: str) -> Iterator[DocumentSearch]:
    with open_store(db) as store:
        for doc_id, title, text in ARTICLES:
            doc = Document(id=doc_id, source=doc_id, text=text, title=title, content_hash=doc_id)
            raw = StoredDocument(document=doc, kind="text", raw=text, meta={})
            store.add_document(raw, signature=b"s", bands=[], line_keys=[])
        store.commit()
        built = store.search_index()
    yield built
    built.close()


@pytest.fixture()
def index() -> Iterator[SearchIndex]:
    docs = [SimpleNamespace(id=i, title=t, text=x) for i, t, x in ARTICLES]
    built = SearchIndex(docs)  # type: ignore[arg-type]
    yield built
    built.close()


def test_every_word_must_occur_and_the_best_match_comes_first(stored: DocumentSearch) -> None:
    found = stored.search("ferry levy", limit=10, offset=0)
    assert found.total == 2
    assert [h.document for h in found.hits] == ["a", "b"]  # "levy" three times in a
    assert found.hits[0].title == "Ferry talks"
    assert "\x02" in found.hits[0].snippet and "\x03" in found.hits[0].snippet


def test_case_and_punctuation_are_not_syntax(stored: DocumentSearch) -> None:
    assert stored.search("HARBOUR!", limit=10, offset=0).total == 1
    assert stored.search('"levy" AND (row*', limit=10, offset=0).total == 0  # AND is a word
    assert stored.search('"levy" (row*', limit=10, offset=0).total == 1
    assert stored.search("?!", limit=10, offset=0).hits == []
    assert stored.search("submarine", limit=10, offset=0).total == 0


def test_past_the_ranking_limit_the_latest_stored_come_first(stored: DocumentSearch) -> None:
    found = stored.search("ferry", limit=2, offset=0, ranked_up_to=2)
    assert found.total == 3 and not found.ranked
    assert [h.document for h in found.hits] == ["c", "b"]
    rest = stored.search("ferry", limit=2, offset=2, ranked_up_to=2)
    assert [h.document for h in rest.hits] == ["a"]


def test_both_backends_apply_the_same_caps(stored: DocumentSearch) -> None:
    with pytest.raises(SearchRefused, match="q: 60,000 characters"):
        stored.search("ceasefire " * 6_000, limit=10, offset=0)
    found = stored.search("x" * 41 + " harbour " + "ferry " * 50, limit=10, offset=0)
    assert found.query.terms == ("harbour", "ferry") and found.query.ignored == ("x" * 41,)
    assert found.total == 1


@pytest.mark.parametrize(
    ("text", "terms", "ignored"),
    [
        ("ferry " * 160, ("ferry",), ()),  # one word said 160 times is one term
        ("Ferry FERRY ferry levy", ("Ferry", "levy"), ()),
        ("x" * 41 + " levy", ("levy",), ("x" * 41,)),
        (" ".join(f"w{n}" for n in range(20)), tuple(f"w{n}" for n in range(12)),
         tuple(f"w{n}" for n in range(12, 20))),
        ("\"a\" OR NEAR(b) *", ("a", "OR", "NEAR", "b"), ()),
    ],
)  # fmt: skip
def test_a_query_is_its_distinct_words_up_to_the_caps(
    text: str, terms: tuple[str, ...], ignored: tuple[str, ...]
) -> None:
    parsed = parse_query(text)
    assert parsed.terms == terms and parsed.ignored == ignored
    assert len(parsed.terms) <= MAX_TERMS


def test_a_search_out_of_time_is_refused_not_left_running(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "_PROGRESS_STEPS", 1)  # look at the clock at every step
    index.seconds = 0.0  # every search is past its time at the first look
    with pytest.raises(SearchRefused, match="took more than 0 s"):
        index.search("ferry levy", limit=10, offset=0)
    index.seconds = 2.0
    assert index.search("ferry levy", limit=10, offset=0).total == 2  # the pool still works


def test_a_search_under_way_does_not_hold_another(index: SearchIndex) -> None:
    """One search is held inside SQLite (its progress handler blocks on an event) while a
    second runs to completion: there is no lock between them."""
    inside, release = threading.Event(), threading.Event()
    with index._connection() as held:  # the held search's connection, taken from the pool
        held.set_progress_handler(lambda: int(inside.set() or not release.wait(10)), 1)
        outcome: list[int] = []
        worker = threading.Thread(
            target=lambda: outcome.append(
                len(held.execute("SELECT id FROM docs WHERE docs MATCH 'ferry'").fetchall())
            )
        )
        worker.start()
        assert inside.wait(10), "the held search never started"
        other = index.search("harbour", limit=10, offset=0)  # answers while the first waits
        assert other.total == 1 and worker.is_alive()
        release.set()
        worker.join(10)
        held.set_progress_handler(None, 0)
    assert outcome == [3]


def test_an_index_built_in_the_background_answers_once_built(index: SearchIndex) -> None:
    """A server's search is built beside its first pages; a search waits for it, and an
    index that failed to build names its error at each search."""
    release = threading.Event()

    def slow() -> DocumentSearch:
        release.wait()
        return index

    building = search.SearchBuilding(slow)
    answers: list[int] = []
    waiting = threading.Thread(
        target=lambda: answers.append(building.search("levy", limit=5, offset=0).total)
    )
    waiting.start()
    waiting.join(0.2)
    assert answers == []  # still waiting for the index
    release.set()
    waiting.join()
    assert answers == [2]

    def broken() -> DocumentSearch:
        raise OSError("no room for the index")

    failed = search.SearchBuilding(broken)
    for _ in range(2):
        with pytest.raises(OSError, match="no room"):
            failed.search("levy", limit=5, offset=0)
    failed.close()
