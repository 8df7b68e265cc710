"""JSON and JSON Lines: one article per record.

A record is an object with ``text`` or ``html`` and optionally ``title``, ``url``, ``outlet``,
``author``, ``published`` and ``language`` (a ``url`` that is not http(s), such as
``javascript:`` or ``data:``, is dropped at once: it could only ever become a hostile link).
When both bodies are present ``text`` wins: the
producer already extracted it, and extracting again from ``html`` could only disagree.

JSON Lines are read one line at a time, so a file of any length costs one record of memory,
and a bad line fails alone (``file.jsonl#12``) while the others still come through.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from communique.errors import EmptyInput, InputError, MalformedInput, OversizedInput
from communique.models import Failure, RawInput
from communique.read.common import ByteStream, ReadResult, failure, meta_from
from communique.read.decode import decode_bytes
from communique.read.pages import repaired_input

__all__ = ["read_json", "read_jsonl", "record_input"]

_BODIES = (("text", "text/plain"), ("html", "text/html"))


def read_json(data: bytes, *, source: str, limit: int) -> Iterator[ReadResult]:
    """Read a ``.json`` document: one record, or a list of records (``file.json#3``)."""
    text = decode_bytes(data, source=source)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            # One object per line saved as .json: read it as what it is.
            yield from read_jsonl(io.BytesIO(text.encode()), source=source, limit=limit)
            return
        where = f"line {exc.lineno}, column {exc.colno}"
        raise MalformedInput(source, f"invalid JSON at {where}: {_json_problem(exc)}") from exc
    if isinstance(value, dict):
        yield record_input(value, source=source)
        return
    if not isinstance(value, list):
        raise MalformedInput(
            source, f"expected a JSON object or a list of objects, found {_json_type(value)}"
        )
    if not value:
        raise EmptyInput(source, "an empty list: no records")
    for number, item in enumerate(value, start=1):
        yield _guarded_record(item, source=f"{source}#{number}")


def read_jsonl(stream: ByteStream, *, source: str, limit: int) -> Iterator[ReadResult]:
    """Read JSON Lines one line at a time; each bad line becomes a :class:`Failure`."""
    records = 0
    for lineno, line in _lines(stream, limit=limit):
        where = f"{source}#{lineno}"
        if line is None:
            yield failure(OversizedInput(where, f"line is over the limit of {limit:,} bytes"))
            records += 1
            continue
        if not line.strip():
            continue
        records += 1
        yield _line_result(line, source=where, lineno=lineno)
    if not records:
        raise EmptyInput(source, "no records, only blank lines")


def record_input(value: object, *, source: str) -> RawInput:
    """Turn one decoded record into an input; raise when it has no usable body."""
    if not isinstance(value, dict):
        raise MalformedInput(source, f"expected a JSON object, found {_json_type(value)}")
    for name, content_type in _BODIES:
        body = value.get(name)
        if isinstance(body, str) and body.strip():
            return repaired_input(
                source=source,
                kind="text" if name == "text" else "html",
                body=body,
                meta=meta_from(value),
                content_type=content_type,
            )
    present = [name for name, _ in _BODIES if value.get(name) is not None]
    if not present:
        raise MalformedInput(source, "record has neither 'text' nor 'html'")
    for name in present:
        if not isinstance(value[name], str):
            found = _json_type(value[name])
            raise MalformedInput(source, f"'{name}' is {found}, not a string")
    raise EmptyInput(source, f"record's '{present[0]}' is empty")


def _guarded_record(value: object, *, source: str) -> ReadResult:
    try:
        return record_input(value, source=source)
    except InputError as exc:
        return failure(exc)


def _line_result(line: bytes, *, source: str, lineno: int) -> ReadResult:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = decode_bytes(line, source=source)
        except InputError as exc:
            return failure(exc)
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON on line {lineno}, column {exc.colno}: {_json_problem(exc)}"
        return Failure(source=source, reason=reason, code=MalformedInput.code)
    return _guarded_record(value, source=source)


def _lines(stream: ByteStream, *, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line); ``None`` for a line over ``limit``, which is skipped unread."""
    lineno = 0
    while line := stream.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
            continue
        yield lineno, line


def _json_problem(exc: json.JSONDecodeError) -> str:
    return exc.msg.removesuffix(" at").lower()


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
