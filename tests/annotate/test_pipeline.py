"""The language layer over whole texts and over a store."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.analyse.run import annotate_store
from communique.annotate.pipeline import Annotator
from communique.clean.pipeline import Cleaner
from communique.cli import cli
from communique.ingest import ingest
from communique.store import open_store

TEXT = (
    "Kestrel's foreign minister, Ilse Marrow, met the Valdorian delegation in Lisvane on "
    "Friday. \u201cWe will not discuss the border until the shelling stops,\u201d she told "
    "reporters. The two sides agreed on 9 May 2025 to exchange 300 prisoners next week."
)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.create()


def test_every_span_points_into_the_text(annotator: Annotator) -> None:
    read = annotator.annotate(TEXT, published=dt.date(2025, 5, 14))
    assert read.sentences and read.entities and read.dates and read.quotes
    for start, end in read.sentences:
        assert TEXT[start:end].strip()
    for item in (*read.entities, *read.dates, *read.quotes):
        assert 0 <= item.start < item.end <= len(TEXT)
    for mention in read.entities:
        assert TEXT[mention.start : mention.end] == mention.text


HEADED = (
    "**A change of heart in Tossa**\n\n"
    "In a surprise turn, Arvel announced on Monday that it would\n"
    "accept the ferry levy. Quenby welcomed the move."
)


def test_a_heading_is_its_own_sentence_and_a_wrapped_line_is_not_a_break(
    annotator: Annotator,
) -> None:
    read = annotator.annotate(HEADED, published=dt.date(2025, 5, 14))
    sentences = [HEADED[start:end].strip() for start, end in read.sentences]
    assert sentences[0] == "**A change of heart in Tossa**"
    assert sentences[1].startswith("In a surprise turn") and sentences[1].endswith("levy.")
    assert read.events
    assert not any(e.actor and "Tossa" in e.actor for e in read.events)


WRAPPED = (
    "Workers at the Dunmere cannery returned on Thursday after the\n"
    "owners offered a rise of six per cent. The committee said that\n"
    "Talks on shift patterns would continue into the next month.\n"
)


def test_one_paragraph_to_a_line_breaks_at_each_line_but_wrapped_text_does_not(
    annotator: Annotator,
) -> None:
    per_line = HEADED.replace("\n\n", "\n").replace("would\naccept", "would accept")
    read = annotator.annotate(per_line, published=dt.date(2025, 5, 14))
    assert per_line[slice(*read.sentences[0])].strip() == "**A change of heart in Tossa**"
    read = annotator.annotate(WRAPPED, published=dt.date(2025, 5, 14))
    last = WRAPPED[slice(*read.sentences[-1])].strip()
    assert last.startswith("The committee said that\nTalks"), last


def test_relative_dates_are_anchored_on_the_publication_date(annotator: Annotator) -> None:
    read = annotator.annotate(TEXT, published=dt.date(2025, 5, 14))  # a Wednesday
    values = {TEXT[t.start : t.end]: t.value for t in read.dates}
    assert values["Friday"] == "2025-05-09"
    assert values["9 May 2025"] == "2025-05-09"


def test_the_quote_resolves_its_pronoun_to_the_named_speaker(annotator: Annotator) -> None:
    read = annotator.annotate(TEXT, published=dt.date(2025, 5, 14))
    direct = [q for q in read.quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Ilse Marrow"
    assert direct[0].content.startswith("We will not discuss the border")


def test_an_annotator_pickles_without_its_model(annotator: Annotator) -> None:
    copy = pickle.loads(pickle.dumps(annotator))
    assert copy.model == annotator.model
    assert copy._nlp is None
    assert copy.codebook.ids == annotator.codebook.ids


def test_annotating_a_store_keeps_offsets_and_resolves_entities(
    tmp_path: Path, annotator: Annotator
) -> None:
    (tmp_path / "a.txt").write_text("Talks in Lisvane\nPublished 14 May 2025\n" + TEXT + "\n")
    with open_store(tmp_path / "s.db") as store:
        (doc_id,) = ingest([str(tmp_path / "a.txt")], store=store, cleaner=Cleaner.create()).added
        assert annotate_store(store=store, annotator=annotator) == 1
        assert annotate_store(store=store, annotator=annotator) == 0  # nothing new
        doc = store.get_document(doc_id)
        assert doc is not None
        layers = {a.layer for a in store.annotations(doc_id)}
        assert layers == {
            "sentence",
            "clause",
            "entity",
            "date",
            "figure",
            "quote",
            "event",
            "position",
        }
        for a in store.annotations(doc_id):
            assert doc.text[a.start : a.end] == a.text
        names = {e.name for e in store.entities()}
        assert "Ilse Marrow" in names
        assert list(store.documents_to_annotate(version=annotator.version)) == []


def test_annotate_command_prints_offsets_into_the_text_it_carries(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["annotate", str(path), "--published", "2025-05-14"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert {"sentences", "entities", "dates", "quotes", "text"} <= set(out)
    for kind in ("sentences", "entities", "dates", "quotes"):
        for item in out[kind]:
            assert out["text"][item["start"] : item["end"]]
    assert all("label" in e for e in out["entities"])
    assert all("value" in d for d in out["dates"])
    assert all({"speaker", "cue", "content", "kind"} <= set(q) for q in out["quotes"])


def test_annotate_rejects_a_bad_date_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["annotate", str(path), "--published", "14/05/2025"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: [E300] --published '14/05/2025' is not a date of the form YYYY-MM-DD\n"
    )


def test_entities_command_lists_canonical_entities_as_json(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks in Lisvane\nPublished 14 May 2025\n" + TEXT + "\n")
    db = str(tmp_path / "s.db")
    CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--db", db, "-q"])
    result = CliRunner().invoke(cli, ["entities", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    marrow = next(r for r in rows if r["name"] == "Ilse Marrow")
    assert {"name", "type", "aliases", "roles", "party", "documents"} <= set(marrow)
    assert marrow["type"] == "PERSON"
    assert len(marrow["documents"]) == 1
