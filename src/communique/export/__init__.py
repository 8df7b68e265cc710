"""Export stage: the briefing where analysts work — spreadsheets, dataframes, event data.

``export_briefing`` writes one tidy table per kind (:mod:`communique.export.tables`) as CSV,
Excel, Parquet or JSON Lines, or the events as PLOVER records
(:mod:`communique.export.plover`); :mod:`communique.export.frames` gives the same tables to
notebooks. Output paths:

* one kind: ``out`` is the file (CSV, JSON Lines and PLOVER go to ``stdout`` without one; an
  existing folder gets ``<kind>.<ext>`` inside it);
* ``all``: ``out`` is a folder that gets ``<kind>.<ext>`` per kind, except Excel, where ``out``
  is one workbook with a sheet per kind.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from communique.brief.model import Briefing
from communique.errors import OutputError, UsageError
from communique.export.frames import BriefingTables, Section
from communique.export.plover import plover_records
from communique.export.tables import KINDS

__all__ = ["FORMATS", "KINDS", "WHAT", "Written", "check_options", "export_briefing"]

FORMATS: Final = ("csv", "xlsx", "parquet", "jsonl", "plover")
WHAT: Final = (*KINDS, "all")
XLSX_MAX_ROWS: Final = 1_048_575
"""Rows an Excel sheet holds below its header."""
_EXT: Final = {"csv": "csv", "xlsx": "xlsx", "parquet": "parquet", "jsonl": "jsonl"}


@dataclass(frozen=True, slots=True)
class Written:
    """One table written: its kind, where (``"-"``: standard output) and how many rows."""

    kind: str
    path: str
    rows: int


def export_briefing(
    briefing: Briefing,
    *,
    what: str,
    fmt: str,
    out: Path | None = None,
    bom: bool = False,
    stdout: IO[str] | None = None,
) -> list[Written]:
    """Write the ``what`` table(s) of ``briefing`` in ``fmt``; what was written."""
    check_options(what=what, fmt=fmt, out=out)
    tables = BriefingTables(briefing)
    stream = stdout if stdout is not None else sys.stdout
    if fmt == "plover":
        return [_write_plover(briefing, out, stream)]
    if fmt == "xlsx":
        return _write_xlsx(tables, what, _needs(out, fmt, what))
    if what == "all":
        folder = _needs(out, fmt, what)
        _make_folder(folder)
        return [
            _write_one(s, fmt, folder / f"{s.kind}.{_EXT[fmt]}", bom) for s in tables.sections()
        ]
    section = tables.section(what)
    if out is None:
        return [_write_stream(section, fmt, stream, bom)]
    path = out / f"{what}.{_EXT[fmt]}" if out.is_dir() else out
    return [_write_one(section, fmt, path, bom)]


def check_options(*, what: str, fmt: str, out: Path | None) -> None:
    """Raise :class:`UsageError` for a combination :func:`export_briefing` cannot write, so a
    command can refuse it before the (long) build of the briefing."""
    if what not in WHAT:
        raise UsageError(f"--what {what!r}: choose one of {', '.join(WHAT)}")
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "plover" and what != "events":
        raise UsageError(f"--format plover writes events only, not {what!r}: use --what events")
    if fmt in ("xlsx", "parquet") or (what == "all" and fmt != "plover"):
        _needs(out, fmt, what)
    if fmt == "parquet":
        from communique.export.writers import require_pyarrow

        require_pyarrow()


def _needs(out: Path | None, fmt: str, what: str) -> Path:
    if out is not None:
        return out
    target = "a folder" if what == "all" and fmt != "xlsx" else "a file"
    raise UsageError(f"--format {fmt} with --what {what} writes {target}: give --out PATH")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(folder), f"cannot create the folder: {exc.strerror or exc}") from exc
    if not folder.is_dir():
        raise OutputError(str(folder), "--what all writes a folder, and this is a file")


@contextmanager
def _opened(path: Path, *, bom: bool = False) -> Iterator[IO[str]]:
    try:
        handle = path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="")
    except OSError as exc:
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from exc
    with handle:
        yield handle


def _writer(fmt: str) -> Callable[..., int]:
    from communique.export.writers import write_csv, write_jsonl

    return write_csv if fmt == "csv" else write_jsonl


def _write_stream(section: Section, fmt: str, out: IO[str], bom: bool) -> Written:
    if bom and fmt == "csv":
        out.write("\ufeff")
    rows = _writer(fmt)(out, section.columns, section.rows())
    return Written(section.kind, "-", rows)


def _write_one(section: Section, fmt: str, path: Path, bom: bool) -> Written:
    if fmt == "parquet":
        from communique.export.writers import write_parquet

        try:
            rows = write_parquet(path, section.columns, section.rows())
        except OSError as exc:
            raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from exc
        return Written(section.kind, str(path), rows)
    with _opened(path, bom=bom and fmt == "csv") as handle:
        rows = _writer(fmt)(handle, section.columns, section.rows())
    return Written(section.kind, str(path), rows)


def _write_xlsx(tables: BriefingTables, what: str, path: Path) -> list[Written]:
    from communique.export.writers import SheetWriter

    sections = list(tables.sections()) if what == "all" else [tables.section(what)]
    for s in sections:
        if len(s) > XLSX_MAX_ROWS:
            raise OutputError(
                str(path),
                f"{s.kind} has {len(s):,} rows, more than an Excel sheet holds "
                f"({XLSX_MAX_ROWS:,}): use --format csv or parquet, or narrow it with a filter",
            )
    if path.is_dir():
        path = path / f"{'briefing' if what == 'all' else what}.xlsx"
    written = []
    try:
        with SheetWriter(path) as book:
            for s in sections:
                written.append(Written(s.kind, str(path), book.add(s.kind, s.columns, s.rows())))
    except OSError as exc:
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from exc
    return written


def _write_plover(briefing: Briefing, out: Path | None, stream: IO[str]) -> Written:
    import json

    def write(handle: IO[str]) -> int:
        count = 0
        for record in plover_records(briefing):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count

    if out is None:
        return Written("events", "-", write(stream))
    path = out / "events.plover.jsonl" if out.is_dir() else out
    with _opened(path) as handle:
        return Written("events", str(path), write(handle))
