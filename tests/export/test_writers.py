"""The writers on hand-built rows: CSV cells defused, lines streamed, Parquet in row groups."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from communique.export.tables import Column, Row
from communique.export.writers import csv_cell, csv_lines, write_csv, write_parquet

COLUMNS = (Column("text"), Column("count", "int"), Column("flag", "bool"))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x.invalid","go")', '\'=HYPERLINK("http://x.invalid","go")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-5 percent is not an offer", "'-5 percent is not an offer"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("talks resume = progress", "talks resume = progress"),
        ("", ""),
        (None, ""),
        (-3, -3),  # a number stays a number
        (True, "true"),
        (False, "false"),
    ],
)
def test_csv_cells(value: str | int | bool | None, cell: str | int) -> None:
    assert csv_cell(value) == cell


def test_streamed_lines_are_the_file() -> None:
    rows: list[Row] = [('a, "quoted"\nline', 1, True), ("=1+1", None, None)]
    handle = io.StringIO(newline="")
    write_csv(handle, COLUMNS, rows)
    assert "".join(csv_lines(COLUMNS, rows)) == handle.getvalue()
    assert "".join(csv_lines(COLUMNS, rows, bom=True)) == "\ufeff" + handle.getvalue()
    parsed = list(csv.reader(io.StringIO(handle.getvalue(), newline="")))
    assert parsed[1] == ['a, "quoted"\nline', "1", "true"]
    assert parsed[2] == ["'=1+1", "", ""]


def test_parquet_is_written_in_bounded_row_groups(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet needs pyarrow")
    from communique.export import writers

    rows: list[Row] = [(f"row {i}", i, i % 2 == 0) for i in range(2 * writers.BATCH + 5)]
    path = tmp_path / "t.parquet"
    assert write_parquet(path, COLUMNS, iter(rows)) == len(rows)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == 3
    last = len(rows) - 1
    assert pq.read_table(path).to_pylist()[-1] == {
        "text": f"row {last}",
        "count": last,
        "flag": True,
    }


def test_an_empty_table_still_has_its_columns(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet needs pyarrow")
    path = tmp_path / "empty.parquet"
    assert write_parquet(path, COLUMNS, []) == 0
    assert pq.read_schema(path).names == ["text", "count", "flag"]
