"""The app's full-text search: every word must occur; a very common query is listed newest
first rather than ranked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from communique.web import snapshot
from communique.web.snapshot import SearchIndex

ARTICLES = [
    ("a", "Ferry talks", "The ferry talks stalled over the levy. The levy, the levy."),
    ("b", "Levy row", "A row over the ferry levy."),
    ("c", "Harbour news", "The harbour reopened; no word on the ferry."),
]


@pytest.fixture()
def index() -> SearchIndex:
    docs = [SimpleNamespace(id=i, title=t, text=x) for i, t, x in ARTICLES]
    return SearchIndex(docs)  # type: ignore[arg-type]


def test_every_word_must_occur_and_the_best_match_comes_first(index: SearchIndex) -> None:
    total, hits = index.search("ferry levy", limit=10, offset=0)
    assert total == 2
    assert [h.document for h in hits] == ["a", "b"]  # "levy" three times in a
    assert "\x02" in hits[0].snippet


def test_past_the_ranking_limit_the_latest_stored_come_first(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "RANKED_UP_TO", 2)
    total, hits = index.search("ferry", limit=2, offset=0)
    assert total == 3
    assert [h.document for h in hits] == ["c", "b"]
    _, rest = index.search("ferry", limit=2, offset=2)
    assert [h.document for h in rest] == ["a"]
