"""How documents and reports look on the terminal and in JSON."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any

import click

from communique.brief.sections import day_words
from communique.models import Document, Failure, iso_day

__all__ = [
    "document_dict",
    "documents_table",
    "echo_json",
    "escape_controls",
    "failure_dict",
    "failure_line",
    "published_words",
    "show_document",
]

# Control and format characters, and the line and paragraph separators: anything that could
# end a line, move the cursor or reorder what the terminal shows.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def escape_controls(text: str) -> str:
    """``text`` on one line with every control character shown as an escape (``\\n``).

    Names come from the user's files and from servers: a file called
    ``bad\\nerror: x.txt`` must not print a second ``error:`` line, nor a tab forge a column.
    """
    if text.isprintable():
        return text
    return "".join(_escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    if ch == " " or unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
        return ch
    return ch.encode("unicode_escape").decode("ascii")


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def document_dict(doc: Document) -> dict[str, Any]:
    """The JSON form of a document, as ``docs --format json`` prints it."""
    return {
        "id": doc.id,
        "source": doc.source,
        "title": doc.title,
        "url": doc.url,
        "outlet": doc.outlet,
        "author": doc.author,
        "published": iso_day(doc.published),
        "published_basis": doc.published_basis,
        "published_earliest": iso_day(doc.published_earliest),
        "published_latest": iso_day(doc.published_latest),
        "language": doc.language,
        "flags": list(doc.flags),
        "text": doc.text,
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in doc.removed],
    }


def published_words(doc: Document) -> str:
    """A day, "between X and Y" (an end may be open), or "unknown"."""
    if doc.published is not None:
        earliest, latest = iso_day(doc.published_earliest), iso_day(doc.published_latest)
        return day_words(doc.published.isoformat(), earliest, latest)
    if doc.published_earliest is None and doc.published_latest is None:
        return "unknown"
    if doc.published_latest is None:
        return f"on or after {iso_day(doc.published_earliest)}"
    if doc.published_earliest is None:
        return f"on or before {iso_day(doc.published_latest)}"
    return f"between {iso_day(doc.published_earliest)} and {iso_day(doc.published_latest)}"


def _cut(value: str | None, width: int) -> str:
    text = (value or "-").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def documents_table(docs: Iterable[Document]) -> str:
    lines = [f"{'id':16}  {'published':10}  {'outlet':22}  {'flags':28}  title"]
    for doc in docs:
        published = doc.published.isoformat() if doc.published else _short_range(doc)
        lines.append(
            f"{doc.id:16}  {published:10}  {_cut(doc.outlet, 22):22}  "
            f"{_cut(','.join(doc.flags), 28):28}  {_cut(doc.title, 60)}"
        )
    return "\n".join(lines)


def _short_range(doc: Document) -> str:
    if doc.published_earliest is None and doc.published_latest is None:
        return "-"
    # Ten characters: the bound that holds, marked as a bound.
    if doc.published_earliest is not None:
        return "≥" + doc.published_earliest.isoformat()
    return "≤" + (iso_day(doc.published_latest) or "-")


def show_document(doc: Document) -> str:
    basis = f" ({doc.published_basis})" if doc.published_basis else ""
    head = [
        f"id:        {doc.id}",
        f"source:    {escape_controls(doc.source)}",
        f"title:     {doc.title or '-'}",
        f"outlet:    {doc.outlet or '-'}",
        f"author:    {doc.author or '-'}",
        f"published: {published_words(doc)}{basis}",
        f"language:  {doc.language or '-'}",
        f"flags:     {', '.join(doc.flags) or '-'}",
        "",
        doc.text,
    ]
    if doc.removed:
        head += ["", f"-- removed ({len(doc.removed)} lines) --"]
        head += [f"[{r.reason}] {r.text}" for r in doc.removed]
    return "\n".join(head)


def failure_dict(failure: Failure) -> dict[str, Any]:
    """The JSON form of a failure, as ``failures --format json`` prints it."""
    return {
        "stage": failure.stage,
        "source": failure.source,
        "document": failure.doc_id,
        "code": failure.code,
        "reason": failure.reason,
        "start": failure.start,
        "end": failure.end,
    }


def failure_line(failure: Failure) -> str:
    """One line per failure: an input's source and reason; for a document a later stage could
    not analyse, also the stage, its id and the sentence's offsets."""
    source, reason = escape_controls(failure.source), escape_controls(failure.reason)
    if failure.stage == "ingest":
        return f"{source}\t[{failure.code}] {reason}"
    where = f" at {failure.start}-{failure.end}" if failure.start is not None else ""
    doc = f"document {failure.doc_id}" if failure.doc_id else "the corpus"
    return f"{source}\t[{failure.code}] {failure.stage} of {doc}{where}: {reason}"
