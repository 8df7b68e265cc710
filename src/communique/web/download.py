"""CSV downloads of what a page or an API list shows: the same tables ``communique export``
writes (:mod:`communique.export.tables`), so a download and an export never differ.

A download is the whole filtered list, not one page of it, streamed a row at a time, and
starts with a UTF-8 byte-order mark: people open these in Excel, which otherwise reads UTF-8
as the local code page. Cells that a spreadsheet would run as formulas are defused as in
:mod:`communique.export.writers`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from communique.brief.model import BriefDocument
from communique.export.tables import TABLES, rows_of
from communique.export.writers import csv_lines

__all__ = ["csv_download", "csv_kind"]


def csv_kind(
    request: Request,
    format: Annotated[
        Literal["json", "csv"],
        Query(description="json: one page; csv: the whole filtered list as a CSV download."),
    ] = "json",
) -> str | None:
    """The table a list answers as CSV (its path's last part), or None for JSON."""
    if format == "json":
        return None
    kind = request.url.path.rstrip("/").rsplit("/", 1)[-1]
    if kind not in TABLES:
        raise HTTPException(422, f"format: csv is not offered for {request.url.path}")
    return kind


def csv_download(
    kind: str, items: Sequence[Any], documents: Mapping[str, BriefDocument]
) -> StreamingResponse:
    """``items`` of one kind as a CSV file the browser saves as ``communique-<kind>.csv``."""
    spec = TABLES[kind]
    lines = csv_lines(spec.columns, rows_of(spec, items, documents), bom=True)
    return StreamingResponse(
        (line.encode("utf-8") for line in lines),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="communique-{kind}.csv"'},
    )
