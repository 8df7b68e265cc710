"""The Python API: ``store.briefing()`` gives sections that become DataFrames or records."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import communique
from communique.analyse.embed import SentenceEmbedder
from communique.brief.model import Briefing
from communique.errors import UsageError
from communique.export.frames import BriefingTables
from communique.export.tables import KINDS, TABLES

pd = pytest.importorskip("pandas", reason="to_pandas needs pandas: pip install pandas")


def test_the_store_gives_the_briefing_as_tables(store_path: Path, briefing: Briefing) -> None:
    with communique.open_store(store_path) as store:
        report = store.briefing(embedder=SentenceEmbedder())
    assert isinstance(report, communique.BriefingTables)
    assert report.briefing == briefing
    frame = report.positions.to_pandas()
    assert list(frame.columns) == TABLES["positions"].names
    assert len(frame) == len(briefing.positions) > 0
    assert str(frame["cite_start"].dtype) == "Int64" and str(frame["negated"].dtype) == "boolean"
    assert frame["cite_start"].tolist() == [p.evidence.start for p in briefing.positions]


def test_the_function_and_the_method_narrow_alike(store_path: Path, briefing: Briefing) -> None:
    party = next(p.party for p in briefing.positions if p.party)
    with communique.open_store(store_path) as store:
        by_method = store.briefing(party=party, embedder=SentenceEmbedder())
        by_function = communique.briefing(store, party=party, embedder=SentenceEmbedder())
    assert by_method.positions.to_records() == by_function.positions.to_records()
    assert {r["party"] for r in by_method.positions} == {party}


def test_every_section_converts_and_has_the_citation_columns(briefing: Briefing) -> None:
    frames = BriefingTables(briefing).to_pandas()
    assert list(frames) == list(KINDS)
    for kind, frame in frames.items():
        assert list(frame.columns)[-6:] == [
            "cite_document",
            "cite_start",
            "cite_end",
            "cite_text",
            "cite_outlet",
            "cite_published",
        ], kind


def test_records_need_no_pandas(briefing: Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    tables = BriefingTables(briefing)
    records = tables.events.to_records()
    assert [r["id"] for r in records] == [e.id for e in briefing.events]
    with pytest.raises(UsageError, match="pip install 'communique\\[tables\\]'"):
        tables.events.to_pandas()


def test_a_section_is_named_either_way_and_an_unknown_one_is_refused(briefing: Briefing) -> None:
    tables = BriefingTables(briefing)
    assert tables.section("position_changes").kind == "position-changes"
    assert len(tables.claims) == len(briefing.claims)
    with pytest.raises(UsageError, match="no section 'speeches'"):
        tables.section("speeches")


def test_a_notebook_shows_sizes_not_items(briefing: Briefing) -> None:
    tables = BriefingTables(briefing)
    assert repr(tables.events) == f"<Section events: {len(briefing.events)} rows x 17 columns>"
    assert repr(tables).startswith(f"<BriefingTables of {briefing.corpus.documents} documents: ")
