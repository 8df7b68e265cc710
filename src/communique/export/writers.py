"""Writing tables out: CSV, JSON Lines, Excel and Parquet, each streaming rows as they come.

No writer holds a whole table: CSV and JSON Lines write a row at a time, Excel through
XlsxWriter's ``constant_memory`` mode (each row is flushed to disk once the next starts),
Parquet through one row group per :data:`BATCH` rows.

CSV is for spreadsheets first. News text is full of cells that Excel and LibreOffice would run
as formulas (a quote opening with "-", a headline with "=", "@" in a handle), and a CSV file
from an untrusted corpus must not run anything when opened (OWASP's "CSV injection"): a text
cell starting with ``= + - @``, a tab or a carriage return gets a leading apostrophe, which
both programs take as "this is text" and do not show. Numbers are written as numbers, so
"-3" stays a number. ``bom=True`` starts the file with a UTF-8 byte-order mark, without which
Excel on Windows reads UTF-8 as the local code page. Excel cells are written as strings, never
as formulas, so they need no escaping; Parquet and JSON Lines are data, kept as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

from communique.export.tables import Cell, Column, Row

__all__ = [
    "BATCH",
    "FORMULA_STARTS",
    "SheetWriter",
    "csv_cell",
    "csv_lines",
    "require_pyarrow",
    "write_csv",
    "write_jsonl",
    "write_parquet",
    "xlsx_workbook",
]

BATCH: Final = 10_000
"""Rows per Parquet row group: memory stays bounded by this, not by the table."""

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may take as the start of a formula (OWASP)."""

XLSX_CELL_LIMIT: Final = 32_767
"""Excel's longest cell; longer text is cut (a claim's origins on a huge corpus)."""


def csv_cell(value: Cell) -> str | int:
    """A cell as CSV text: formulas defused, booleans as true/false, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(out: IO[str], columns: Sequence[Column], rows: Iterable[Row]) -> int:
    """Write a header and ``rows`` to ``out`` (opened with ``newline=""``); the row count."""
    writer = csv.writer(out)
    writer.writerow([c.name for c in columns])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        count += 1
    return count


class _Line:
    """A file-like that keeps the last line the csv writer wrote."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text = text
        return len(text)


def csv_lines(
    columns: Sequence[Column], rows: Iterable[Row], *, bom: bool = False
) -> Iterator[str]:
    """The same CSV as :func:`write_csv`, one line at a time (for a streamed HTTP answer)."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow([c.name for c in columns])
    yield ("\ufeff" if bom else "") + line.text
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        yield line.text


def write_jsonl(out: IO[str], columns: Sequence[Column], rows: Iterable[Row]) -> int:
    """One JSON object per row, keys in column order."""
    names = [c.name for c in columns]
    count = 0
    for row in rows:
        out.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(path: Path, columns: Sequence[Column], rows: Iterable[Row]) -> int:
    """A Parquet file with typed columns, written :data:`BATCH` rows at a time."""
    pa, pq = require_pyarrow()
    types = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_()}
    schema = pa.schema([pa.field(c.name, types[c.type]) for c in columns])
    count = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_batch(_record_batch(pa, schema, batch))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_batch(_record_batch(pa, schema, batch))
            count += len(batch)
    return count


def _record_batch(pa: Any, schema: Any, rows: list[Row]) -> Any:
    arrays = [pa.array([row[i] for row in rows], type=field.type) for i, field in enumerate(schema)]
    return pa.record_batch(arrays, schema=schema)


def require_pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or a :class:`UsageError` saying how to install them."""
    from communique.errors import UsageError

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            "Parquet needs pyarrow: pip install 'communique[tables]' (or pip install pyarrow)"
        ) from None
    return pa, pq


class SheetWriter:
    """Tables into one Excel workbook, a sheet each, in constant memory."""

    def __init__(self, path: Path) -> None:
        import xlsxwriter

        self._book = xlsxwriter.Workbook(
            str(path), {"constant_memory": True, "strings_to_formulas": False}
        )
        self._bold = self._book.add_format({"bold": True})

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    def add(self, name: str, columns: Sequence[Column], rows: Iterable[Row]) -> int:
        """A sheet ``name`` with a header row, frozen, and ``rows``; the row count."""
        sheet = self._book.add_worksheet(name[:31])  # Excel's longest sheet name
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column.name, self._bold)
        sheet.freeze_panes(1, 0)
        count = 0
        for count, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _write_cell(sheet, count, col, value)
        return count


def _write_cell(sheet: Any, row: int, col: int, value: Cell) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, value[:XLSX_CELL_LIMIT])


def xlsx_workbook(path: Path) -> SheetWriter:
    return SheetWriter(path)
