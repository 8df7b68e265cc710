"""Every format written from a real store and read back with another library (pandas, pyarrow,
openpyxl, csv, json) must give the tables the JSON briefing gives; hostile cells stay text;
the command's exit codes and messages are exact."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from communique.brief.filters import filter_briefing
from communique.brief.model import Briefing
from communique.cli import cli
from communique.errors import OutputError, UsageError
from communique.export import KINDS, export_briefing
from communique.export.frames import BriefingTables
from communique.export.writers import FORMULA_STARTS

pd = pytest.importorskip("pandas", reason="round trips read with pandas: pip install pandas")
pq = pytest.importorskip("pyarrow.parquet", reason="Parquet needs pyarrow: pip install pyarrow")
openpyxl = pytest.importorskip("openpyxl", reason="xlsx is read back with openpyxl")

Rows = list[dict[str, str]]


def norm(value: Any) -> str:
    """One spelling per cell whatever the format kept: "" for none, true/false, digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unescape(cell: str) -> str:
    """What a spreadsheet shows of a defused cell: the apostrophe is not part of the text."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def read_csv(path: Path) -> Rows:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return [{k: _unescape(v) for k, v in row.items()} for row in frame.to_dict("records")]


def read_jsonl(path: Path) -> Rows:
    with path.open(encoding="utf-8") as handle:
        return [{k: norm(v) for k, v in json.loads(line).items()} for line in handle]


def read_parquet(path: Path) -> Rows:
    return [{k: norm(v) for k, v in row.items()} for row in pq.read_table(path).to_pylist()]


def read_sheet(path: Path, kind: str) -> Rows:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[kind].iter_rows(values_only=True))
    book.close()
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, map(norm, row), strict=True)) for row in rows[1:]]


def tables_of(briefing: Briefing) -> dict[str, Rows]:
    tables = BriefingTables(briefing)
    return {k: [{c: norm(v) for c, v in r.items()} for r in tables.section(k)] for k in KINDS}


# What each kind's rows must say, taken from the JSON briefing itself, not from the tables.
def _cite(ev: dict[str, Any]) -> tuple[str, ...]:
    return (ev["document"], str(ev["start"]), str(ev["end"]), ev["text"])


EXPECTED: dict[str, Callable[[dict[str, Any]], list[tuple[str, ...]]]] = {
    "positions": lambda b: [
        (norm(p["party"]), p["issue"], p["stance"], *_cite(p["evidence"])) for p in b["positions"]
    ],
    "position-changes": lambda b: [
        (c["party"], c["issue"], c["before"]["stance"], *_cite(c["after"]["evidence"]))
        for c in b["position_changes"]
    ],
    "events": lambda b: [
        (e["id"], e["type"], norm(e["date"]), *_cite(e["evidence"][0])) for e in b["events"]
    ],
    "quotes": lambda b: [
        (
            norm(q["speaker"]),
            norm(q["speaker_side"]),
            q["document"],
            str(q["start"]),
            str(q["end"]),
            q["content"],
        )
        for q in b["quotes"]
    ],
    "claims": lambda b: [
        (c["id"], c["status"], *_cite(next(e for e in c["evidence"] if e["role"] == "mention")))
        for c in b["claims"]
    ],
    "entities": lambda b: [(e["id"], e["name"], norm(e["party"])) for e in b["entities"]],
    "documents": lambda b: [(d["id"], norm(d["title"]), norm(d["outlet"])) for d in b["documents"]],
    "sources": lambda b: [
        (s["outlet"], str(len(s["documents"])), str(s["counts"]["corroborated"]))
        for s in b["sources"]
    ],
}
PROJECTION = {
    "positions": (
        "party",
        "issue",
        "stance",
        "cite_document",
        "cite_start",
        "cite_end",
        "cite_text",
    ),
    "position-changes": (
        "party",
        "issue",
        "before_stance",
        "cite_document",
        "cite_start",
        "cite_end",
        "cite_text",
    ),
    "events": ("id", "type", "date", "cite_document", "cite_start", "cite_end", "cite_text"),
    "quotes": ("speaker", "speaker_side", "cite_document", "cite_start", "cite_end", "cite_text"),
    "claims": ("id", "status", "cite_document", "cite_start", "cite_end", "cite_text"),
    "entities": ("id", "name", "party"),
    "documents": ("id", "title", "cite_outlet"),
    "sources": ("outlet", "document_count", "corroborated"),
}


def test_each_table_says_what_the_json_briefing_says(
    briefing: Briefing, briefing_data: dict[str, Any]
) -> None:
    tables = tables_of(briefing)
    for kind in KINDS:
        got = [tuple(row[c] for c in PROJECTION[kind]) for row in tables[kind]]
        assert got == EXPECTED[kind](briefing_data), kind
    assert tables["positions"] and tables["events"] and tables["claims"] and tables["quotes"]


def test_every_row_cites_words_that_are_in_its_document(
    briefing: Briefing, store_path: Path
) -> None:
    from communique.store import open_store

    with open_store(store_path) as store:
        texts = {d.id: d.text for d in store.documents()}
    published = {d.id: norm(d.published) for d in briefing.documents}
    for kind, rows in tables_of(briefing).items():
        for row in rows:
            assert row["cite_document"] in texts, (kind, row)
            assert row["cite_published"] == published[row["cite_document"]]
            if row["cite_start"]:
                start, end = int(row["cite_start"]), int(row["cite_end"])
                assert texts[row["cite_document"]][start:end] == row["cite_text"], (kind, row)


@pytest.mark.parametrize(
    ("fmt", "read"),
    [("csv", read_csv), ("jsonl", read_jsonl), ("parquet", read_parquet)],
)
def test_a_folder_of_tables_reads_back_as_the_briefing(
    briefing: Briefing, tmp_path: Path, fmt: str, read: Callable[[Path], Rows]
) -> None:
    written = export_briefing(briefing, what="all", fmt=fmt, out=tmp_path / "out")
    assert [w.kind for w in written] == list(KINDS)
    expected = tables_of(briefing)
    for w in written:
        assert Path(w.path) == tmp_path / "out" / f"{w.kind}.{fmt}"
        assert read(Path(w.path)) == expected[w.kind], w.kind
        assert w.rows == len(expected[w.kind])


def test_a_workbook_has_a_sheet_per_kind_that_reads_back_as_the_briefing(
    briefing: Briefing, tmp_path: Path
) -> None:
    path = tmp_path / "briefing.xlsx"
    export_briefing(briefing, what="all", fmt="xlsx", out=path)
    expected = tables_of(briefing)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == list(KINDS)
    book.close()
    for kind in KINDS:
        assert read_sheet(path, kind) == expected[kind], kind


def test_parquet_columns_are_typed(briefing: Briefing, tmp_path: Path) -> None:
    path = tmp_path / "positions.parquet"
    export_briefing(briefing, what="positions", fmt="parquet", out=path)
    schema = pq.read_schema(path)
    assert str(schema.field("cite_start").type) == "int64"
    assert str(schema.field("negated").type) == "bool"
    assert str(schema.field("cite_text").type) == "string"


def test_hostile_cells_are_text_in_csv_and_excel(
    briefing: Briefing, tmp_path: Path, hostile: dict[str, str]
) -> None:
    title, outlet = hostile["title"], hostile["outlet"]
    export_briefing(briefing, what="documents", fmt="csv", out=tmp_path / "d.csv", bom=True)
    raw = (tmp_path / "d.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    cells = [c for row in csv.reader(raw.decode("utf-8-sig").splitlines()) for c in row]
    assert "'" + title in cells and "'" + outlet in cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]

    export_briefing(briefing, what="documents", fmt="xlsx", out=tmp_path / "d.xlsx")
    book = openpyxl.load_workbook(tmp_path / "d.xlsx")  # not read-only: it keeps data types
    sheet = book["documents"]
    found = [c for row in sheet.iter_rows() for c in row if c.value == title]
    assert found and all(c.data_type == "s" for c in found)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_hostile_document_is_cited_with_its_outlet_on_every_row(
    briefing: Briefing, hostile: dict[str, str]
) -> None:
    doc_id = next(d.id for d in briefing.documents if d.outlet == hostile["outlet"])
    rows = [r for rows in tables_of(briefing).values() for r in rows]
    cited = [r for r in rows if r["cite_document"] == doc_id]
    assert len(cited) > 1 and {r["cite_outlet"] for r in cited} == {hostile["outlet"]}


def test_one_table_to_a_folder_is_named_after_its_kind(briefing: Briefing, tmp_path: Path) -> None:
    [written] = export_briefing(briefing, what="events", fmt="jsonl", out=tmp_path)
    assert written.path == str(tmp_path / "events.jsonl")


@pytest.mark.parametrize(
    ("what", "fmt", "out", "message"),
    [
        ("quotes", "plover", None, "--format plover writes events only, not 'quotes'"),
        ("all", "csv", None, "--format csv with --what all writes a folder: give --out PATH"),
        ("events", "parquet", None, "--format parquet with --what events writes a file"),
        ("all", "xlsx", None, "--format xlsx with --what all writes a file"),
        ("nothing", "csv", None, "--what 'nothing': choose one of positions"),
    ],
)
def test_what_cannot_be_written_is_refused_by_name(
    briefing: Briefing, what: str, fmt: str, out: Path | None, message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        export_briefing(briefing, what=what, fmt=fmt, out=out)
    assert raised.value.message.startswith(message)


def test_an_out_path_that_cannot_be_written_names_it(briefing: Briefing, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="a-file"):
        export_briefing(briefing, what="all", fmt="csv", out=blocker)
    with pytest.raises(OutputError, match="missing"):
        export_briefing(briefing, what="events", fmt="csv", out=tmp_path / "missing" / "e.csv")


def test_a_table_too_long_for_an_excel_sheet_is_refused_before_writing(
    briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import communique.export

    monkeypatch.setattr(communique.export, "XLSX_MAX_ROWS", len(briefing.positions) - 1)
    with pytest.raises(OutputError, match=r"positions has .* rows, more than an Excel sheet holds"):
        export_briefing(briefing, what="all", fmt="xlsx", out=tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()


# -- the command ---------------------------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["export", *args])


def test_the_command_writes_csv_to_stdout_with_the_same_filters_as_brief(
    store_path: Path, briefing: Briefing
) -> None:
    party = next(p.party for p in briefing.positions if p.party)
    result = _run("--db", str(store_path), "--what", "positions", "--party", party)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    kept = filter_briefing(briefing, party=party).positions
    assert len(rows) == len(kept) > 0
    assert [r["cite_start"] for r in rows] == [str(p.evidence.start) for p in kept]


def test_the_command_writes_a_folder_and_says_what_it_wrote(
    store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tables"
    result = _run(
        "--db", str(store_path), "--what", "all", "--out", str(out), "--since", "2025-01-01"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.csv" for k in KINDS)
    assert result.stderr.splitlines()[0].startswith("positions: ")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--what", "speeches"],
            "Error: Invalid value for '--what': 'speeches' is not one of 'positions', "
            "'position-changes', 'events', 'quotes', 'claims', 'entities', 'documents', "
            "'sources', 'all'.",
        ),
        (["--what", "events", "--format", "ods"], "Error: Invalid value for '--format': 'ods'"),
        (
            ["--what", "quotes", "--format", "plover"],
            "error: [E300] --format plover writes events only, not 'quotes': use --what events",
        ),
        (
            ["--what", "events", "--since", "last week"],
            "error: [E300] since 'last week' is not a date of the form YYYY-MM-DD",
        ),
        (
            ["--what", "all", "--format", "parquet"],
            "error: [E300] --format parquet with --what all writes a folder: give --out PATH",
        ),
    ],
)
def test_bad_usage_exits_2_with_one_clear_line(
    store_path: Path, args: list[str], message: str
) -> None:
    result = _run("--db", str(store_path), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_what_is_bad_usage(store_path: Path) -> None:
    result = _run("--db", str(store_path))
    assert result.exit_code == 2
    assert "Missing option '--what'" in result.stderr


def test_an_unwritable_out_exits_2_naming_it(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "events.csv"
    result = _run("--db", str(store_path), "--what", "events", "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: [E301] {out}: cannot write")


def test_a_store_that_cannot_be_opened_exits_3(tmp_path: Path) -> None:
    result = _run("--db", str(tmp_path), "--what", "events")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: [E200]")
