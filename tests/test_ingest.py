"""Ingestion end to end: real inputs in, cleaned documents and failures in the store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique.clean.pipeline import Cleaner
from communique.ingest import ingest
from communique.store import is_postgres, open_store

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"

ARTICLE = """Valdoria and Kestrel resume border talks
Share on Facebook
Follow The Harbour Ledger on X
By Mara Okonjo
Published 14 May 2025
Negotiators from Valdoria and the Republic of Kestrel met in Lisvane on Friday for a second round of talks on a ceasefire along their disputed border.
"We came here to find common ground," said Tomas Hrabal, who leads the Valdorian delegation, as he arrived at the conference centre.
Kestrel's foreign minister, Ilse Marrow, told reporters that her government would not discuss territory until the shelling stopped.
Also Read: Flooding closes the northern highway for a third day
The mediators said a prisoner exchange could be agreed as early as next week.
"""


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.create()


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_folder_with_good_and_bad_inputs_stores_the_good_and_reports_the_bad(
    tmp_path: Path, db: str, cleaner: Cleaner
) -> None:
    inbox = tmp_path / "inbox"
    _write(inbox, "a.txt", ARTICLE)
    _write(inbox, "empty.txt", "")
    _write(inbox, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    _write(inbox, "bad.jsonl", '{"text": "' + "Talks went on. " * 20 + '"}\n{not json\n')
    with open_store(db) as store:
        report = ingest([str(inbox)], store=store, cleaner=cleaner)
        failed = {Path(f.source).name.split("#")[0] for f in report.failed}
        assert {"empty.txt", "image.png", "bad.jsonl"} <= failed
        assert all(f.reason for f in report.failed)
        assert len(report.added) == 2  # the article and the good JSON line
        assert store.count_documents() == 2
        assert {Path(f.source).name.split("#")[0] for f in store.failures()} == failed


def test_the_same_ingest_twice_adds_nothing_twice(
    tmp_path: Path, db: str, cleaner: Cleaner
) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    with open_store(db) as store:
        first = ingest([str(path)], store=store, cleaner=cleaner)
        second = ingest([str(path)], store=store, cleaner=cleaner)
        assert len(first.added) == 1
        assert second.added == [] and second.unchanged == first.added
        assert store.count_documents() == 1


def test_a_cleaned_document_carries_its_metadata_and_what_was_removed(
    tmp_path: Path, db: str, cleaner: Cleaner
) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    with open_store(db) as store:
        (doc_id,) = ingest([str(path)], store=store, cleaner=cleaner).added
        doc = store.get_document(doc_id)
    assert doc is not None
    assert doc.published is not None and doc.published.isoformat() == "2025-05-14"
    assert doc.published_basis and doc.published_basis.startswith("text")
    assert doc.author == "Mara Okonjo"
    assert doc.language == "en"
    assert "Share on Facebook" not in doc.text
    assert "Also Read" not in doc.text
    assert "common ground" in doc.text and "prisoner exchange" in doc.text
    removed = {r.text for r in doc.removed}
    assert "Share on Facebook" in removed


def test_a_copy_under_another_masthead_is_kept_and_flagged_as_a_duplicate(
    tmp_path: Path, db: str, cleaner: Cleaner
) -> None:
    first = _write(tmp_path, "one/a.txt", ARTICLE)
    copy = ARTICLE.replace("Follow The Harbour Ledger on X", "Subscribe to the Daily Lantern")
    second = _write(tmp_path, "two/a.txt", "Border talks: day two\n" + copy)
    with open_store(db) as store:
        report = ingest([str(first), str(second)], store=store, cleaner=cleaner)
        assert len(report.added) == 2
        original, duplicate = report.added
        assert report.duplicates == {duplicate: original}
        doc = store.get_document(duplicate)
        assert doc is not None and f"duplicate_of:{original}" in doc.flags


def test_lines_an_outlet_repeats_are_removed_from_all_its_documents(
    tmp_path: Path, db: str, cleaner: Cleaner
) -> None:
    footer = "Ledger Plus members read every story without limits"
    bodies = [
        "Delegates from both sides arrived at the lakeside venue before dawn on Monday.",
        "The mediator's office published a schedule for three more days of meetings.",
        "Farmers near the border said the shelling had stopped for the first time in weeks.",
    ]
    paths = []
    for n, body in enumerate(bodies):
        text = f"Story {n}\nFollow The Harbour Ledger on X\n{body} {body}\n{footer}\n"
        paths.append(str(_write(tmp_path, f"s{n}.txt", text)))
    with open_store(db) as store:
        ingest(paths, store=store, cleaner=cleaner)
        docs = list(store.documents())
    assert len(docs) == 3
    for doc in docs:
        assert footer not in doc.text, doc.id
        assert any(r.text == footer for r in doc.removed)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds absent: no real articles to read")
def test_the_real_seed_articles_ingest_cleanly(tmp_path: Path, db: str, cleaner: Cleaner) -> None:
    with open_store(db) as store:
        report = ingest([str(SEEDS / "*.txt")], store=store, cleaner=cleaner)
        assert report.failed == []
        docs = list(store.documents())
    assert len(docs) == 5
    assert all(doc.language == "en" for doc in docs)
    assert sum(1 for doc in docs if "ai_generated" in doc.flags) >= 1
    assert all(doc.removed for doc in docs), "every seed carries some page furniture"
    dated = [doc for doc in docs if doc.published is not None]
    assert all(doc.published_basis for doc in dated)


def _ingest_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "communique", "ingest", *args]


def test_a_killed_ingest_leaves_a_consistent_store_and_a_rerun_completes_it(
    tmp_path: Path, db: str
) -> None:
    inbox = _inbox(tmp_path, 400)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(_ingest_command(str(inbox), "--db", db, "-q"), env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if _count(db) >= 60:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert 0 < partial < 400
    done = subprocess.run(
        _ingest_command(str(inbox), "--db", db, "--json"), env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["added"]) + len(result["unchanged"]) == 400
    assert _count(db) == 400
    with open_store(db) as store:
        ids = store.document_ids()
    assert len(ids) == len(set(ids)) == 400
    if not is_postgres(db):
        import sqlite3

        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_ingests_at_once_store_each_document_once(tmp_path: Path, db: str) -> None:
    inbox = _inbox(tmp_path, 60)
    open_store(db).close()  # created and migrated before the race, as a team's store is
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    command = _ingest_command(str(inbox), "--db", db, "--json")
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    added = [doc for report in reports for doc in report["added"]]
    assert len(added) == len(set(added)) == 60
    with open_store(db) as store:
        assert store.count_documents() == 60
        ids = set(store.document_ids())
        originals = {
            f.split(":", 1)[1]
            for d in store.documents()
            for f in d.flags
            if f.startswith("duplicate_of:")
        }
        assert originals and originals <= ids  # the near copies point at stored documents


def _inbox(tmp_path: Path, count: int) -> Path:
    inbox = tmp_path / "inbox"
    for n in range(count):
        body = ARTICLE.replace("Friday", f"day {n}").replace("second round", f"round {n}")
        _write(inbox, f"{n:04}.txt", body + f"\nThe {n}th report ends here.\n")
    return inbox


def _count(db: str) -> int:
    """Documents committed so far, read without migrating (the ingest may be creating the
    store at that moment)."""
    if is_postgres(db):
        import psycopg

        with psycopg.connect(db) as con:
            row = con.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'documents'"
            ).fetchone()
            if not row or not row[0]:
                return 0
            row = con.execute("SELECT count(*) FROM documents").fetchone()
            return int(row[0]) if row else 0
    import sqlite3

    if not Path(db).exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
