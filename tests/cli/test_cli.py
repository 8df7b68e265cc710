"""The command line: exact output lines and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.cli import cli

ARTICLE = """Harbour talks end without a deal
By Petra Lind
Published 3 June 2025
Negotiators for the dockworkers' union and the port authority ended a third day of talks in Selmark on Tuesday without agreement on pay.
"We are further apart than we were on Monday," the union's chief negotiator, Aleksi Varn, told reporters outside the hall.
The port authority said it would present a revised offer on wages and shift patterns next week, according to a statement.
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_ingest_reports_counts_and_each_failure_and_exits_1(inbox: Path, db: str) -> None:
    code, out, err = _run("ingest", str(inbox), "--db", db)
    assert code == 1
    assert out == "1 added, 0 already stored, 0 flagged as duplicates, 1 failed\n"
    assert err.startswith(f"error: {inbox / 'empty.txt'}: [E103] ")


def test_ingest_again_stores_nothing_twice(inbox: Path, db: str) -> None:
    (inbox / "empty.txt").unlink()
    assert _run("ingest", str(inbox), "--db", db)[0] == 0
    code, out, _ = _run("ingest", str(inbox), "--db", db)
    assert (code, out) == (0, "0 added, 1 already stored, 0 flagged as duplicates, 0 failed\n")


def test_ingest_json_is_a_report_for_scripts(inbox: Path, db: str) -> None:
    code, out, _ = _run("ingest", str(inbox), "--db", db, "--json")
    report = json.loads(out)
    assert code == 1
    assert len(report["added"]) == 1
    assert report["failed"][0]["code"] == "E103"
    assert report["failed"][0]["source"].endswith("empty.txt")


def test_docs_json_lists_every_documented_field(inbox: Path, db: str) -> None:
    _run("ingest", str(inbox), "--db", db)
    code, out, _ = _run("docs", "--db", db, "--format", "json")
    (doc,) = json.loads(out)
    assert code == 0
    expected = {"id", "source", "title", "outlet", "author", "published", "published_basis",
                "language", "flags", "text", "removed"}  # fmt: skip
    assert expected <= set(doc)
    assert doc["published"] == "2025-06-03"
    assert doc["author"] == "Petra Lind"
    assert doc["title"] == "Harbour talks end without a deal"


def test_show_prints_one_document_and_unknown_ids_exit_2(inbox: Path, db: str) -> None:
    _run("ingest", str(inbox), "--db", db, "--quiet")
    (doc,) = json.loads(_run("docs", "--db", db, "--format", "json")[1])
    code, out, _ = _run("show", doc["id"], "--db", db)
    assert code == 0
    assert out.startswith(f"id:        {doc['id']}\n")
    assert "published: 2025-06-03 (text:" in out
    code, out, err = _run("show", "nope", "--db", db)
    assert (code, out) == (2, "")
    assert err == f"error: [E300] no document with id 'nope' in {db}\n"


def test_failures_lists_what_could_not_be_used(inbox: Path, db: str) -> None:
    _run("ingest", str(inbox), "--db", db, "--quiet")
    code, out, _ = _run("failures", "--db", db)
    assert code == 0
    assert out.startswith(f"{inbox / 'empty.txt'}\t[E103] ")


def test_control_characters_in_names_cannot_forge_lines(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "bad\nerror: injected-line.txt").write_bytes(b"")
    (folder / "tab\tcolumn.txt").write_bytes(b"")
    db = str(tmp_path / "s.db")
    code, _, err = _run("ingest", str(folder), "--db", db, "--quiet")
    assert code == 1
    assert err.count("\n") == 2 and err.count("error:") == 3  # two lines, one forged-looking name
    assert f"error: {folder}/bad\\nerror: injected-line.txt: [E103] " in err
    _, out, _ = _run("failures", "--db", db)
    lines = out.splitlines()
    assert len(lines) == 2 and all(line.count("\t") == 1 for line in lines)
    assert f"{folder}/tab\\tcolumn.txt\t[E103] " in out


def test_annotate_keeps_the_input_errors_own_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run("annotate", str(empty))
    assert (code, out) == (1, "")
    assert err == f"error: [E103] {empty}: empty file (0 bytes)\n"


def test_a_store_that_is_not_a_database_exits_3(tmp_path: Path) -> None:
    db = tmp_path / "not.db"
    db.write_bytes(b"plain words, not a database " * 50)
    code, _, err = _run("docs", "--db", str(db))
    assert code == 3
    assert err.startswith(f"error: [E200] cannot open the store {db}: ")


def test_an_unreachable_postgresql_server_exits_3_without_its_password() -> None:
    code, _, err = _run("docs", "--db", "postgresql://talks:s3cret@127.0.0.1:1/talks")
    assert code == 3
    assert err.startswith(
        "error: [E200] cannot open the store postgresql://talks:***@127.0.0.1:1/talks: "
    )
    assert "s3cret" not in err


def test_entities_and_brief_read_the_store(inbox: Path, db: str) -> None:
    (inbox / "empty.txt").unlink()
    assert _run("ingest", str(inbox), "--db", db, "--quiet")[0] == 0
    code, out, _ = _run("entities", "--db", db, "--format", "json")
    assert code == 0
    assert "Aleksi Varn" in {e["name"] for e in json.loads(out)}
    code, out, _ = _run("brief", "--db", db, "--format", "md")
    assert code == 0
    assert "Aleksi Varn" in out


def test_python_m_communique_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "communique", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "ingest" in done.stdout and "demo" in done.stdout


def test_demo_ingests_the_shipped_corpus_without_failures(tmp_path: Path) -> None:
    code, out, _ = _run("demo", "--db", str(tmp_path / "demo.db"))
    assert code == 0, out
    assert " 0 failed" in out
    assert "1 flagged as duplicates" in out


def test_a_users_sides_file_puts_names_on_sides_for_brief_and_entities(
    inbox: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "s.db")
    _run("ingest", str(inbox / "talks.txt"), "--db", db)
    sides = tmp_path / "sides.yaml"
    sides.write_text("Dockworkers: [Aleksi Varn]\n", encoding="utf-8")
    code, out, _err = _run("entities", "--db", db, "--format", "json", "--sides", str(sides))
    assert code == 0
    assert {row["name"]: row["party"] for row in json.loads(out)}["Aleksi Varn"] == "Dockworkers"
    code, out, _err = _run("brief", "--db", db, "--sides", str(sides))
    assert code == 0
    parties = {e["name"]: e["party"] for e in json.loads(out)["entities"]}
    assert parties["Aleksi Varn"] == "Dockworkers"


def test_a_bad_sides_file_is_named_with_the_problem(inbox: Path, tmp_path: Path) -> None:
    sides = tmp_path / "sides.yaml"
    sides.write_text("- just a list\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["brief", "--db", str(tmp_path / "s.db"), "--sides", str(sides)]
    )
    assert result.exit_code != 0
    assert "sides.yaml" in result.stderr
