"""WARC archives: each HTTP response (or resource) with an HTML or text body is one input.

A crawl holds far more than articles (images, scripts, redirects, error pages), so records
that are not a successful HTML or text response are passed over quietly; only a record that
should have been read and could not be becomes a :class:`Failure`. Damage part-way through
(a truncated or corrupt gzip member, a last record shorter than its Content-Length) ends the
archive with a :class:`MalformedInput`, after every record read before it; an article record
cut short is reported as such, never stored as if whole.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from communique.errors import EmptyInput, InputError, MalformedInput, OversizedInput
from communique.read.common import ByteStream, ReadResult, failure, web_url
from communique.read.net import content_family, split_content_type
from communique.read.pages import page_input

__all__ = ["read_warc"]

_CHUNK = 65536
_GZIP_WBITS = zlib.MAX_WBITS | 16
_WARC_STARTS = (b"WARC/", b"filedesc://")


def read_warc(stream: ByteStream, *, source: str, limit: int) -> Iterator[ReadResult]:
    """Read a ``.warc`` or ``.warc.gz`` stream record by record (``file.warc.gz#<uri>``)."""
    found = 0
    try:
        records = ArchiveIterator(_uncompressed_warc(stream, source=source))
        for number, record in enumerate(records, start=1):
            result = _record_result(record, source=source, number=number, limit=limit)
            if result is not None:
                found += 1
                yield result
            elif _missing_bytes(record):
                raise _Truncated(f"record {number} is cut short")
    except (
        _GzipDamage,
        _Truncated,
        ArchiveLoadFailed,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        kept = f"after {found} input(s)" if found else "before any input"
        raise MalformedInput(source, f"damaged WARC {kept}: {_describe(exc)}") from exc
    if not found:
        raise EmptyInput(source, "no HTML or text responses in this WARC")


def _uncompressed_warc(stream: ByteStream, *, source: str) -> ByteStream:
    """The WARC's bytes, gunzipped here rather than by warcio, and checked to be a WARC.

    warcio stops quietly at a truncated gzip member (it takes EOFError for the end), refuses
    single-stream gzip and parses any text as records. :class:`_Gunzipped` reads both gzip
    layouts and reports damage only after handing over every byte before it.
    """
    magic = stream.read(2)
    raw = _Prefixed(magic, stream)
    body: ByteStream = _Gunzipped(raw) if magic == b"\x1f\x8b" else raw
    head = body.read(64)
    if not head.lstrip(b"\r\n").startswith(_WARC_STARTS):
        raise MalformedInput(source, "not a WARC file (no WARC/ record header at the start)")
    return _Prefixed(head, body)


class _GzipDamage(Exception):
    """A gzip stream that is cut short or corrupt; not EOFError, which warcio swallows."""


class _Truncated(Exception):
    """A record whose block ends before its Content-Length: the archive stops short."""


class _Prefixed:
    """A stream with some bytes already read put back in front."""

    def __init__(self, prefix: bytes, stream: ByteStream) -> None:
        self._prefix = prefix
        self._stream = stream

    def read(self, size: int = -1, /) -> bytes:
        if not self._prefix:
            return self._stream.read(size)
        data, self._prefix = self._prefix, b""
        if size < 0:
            return data + self._stream.read()
        if len(data) > size:
            data, self._prefix = data[:size], data[size:]
            return data
        return data + self._stream.read(size - len(data))

    def readline(self, size: int = -1, /) -> bytes:
        raise NotImplementedError("warcio reads WARCs with read() only")


class _Gunzipped:
    """Multi-member gunzip that returns every byte before damage, then raises."""

    def __init__(self, stream: ByteStream) -> None:
        self._stream = stream
        self._inflater = zlib.decompressobj(_GZIP_WBITS)
        self._carry = b""  # compressed bytes read but not yet inflated
        self._in_member = False
        self._done = False
        self._error: _GzipDamage | None = None

    def read(self, size: int = -1, /) -> bytes:
        if self._error is not None:
            raise self._error
        want = size if size >= 0 else sys.maxsize
        out = bytearray()
        while len(out) < want and not self._done:
            try:
                out += self._inflate(want - len(out))
            except _GzipDamage as exc:
                if not out:
                    raise
                self._error = exc  # hand over what came before; raise on the next read
                break
        return bytes(out)

    def readline(self, size: int = -1, /) -> bytes:
        raise NotImplementedError("warcio reads WARCs with read() only")

    def _inflate(self, limit: int) -> bytes:
        raw = self._carry or self._stream.read(_CHUNK)
        if not self._in_member:
            raw = raw.lstrip(b"\x00")  # zero padding between members, as gzip allows
        if not raw:
            self._done = True
            if self._in_member:
                raise _GzipDamage("truncated gzip data: the last member is cut short")
            return b""
        try:
            data = self._inflater.decompress(raw, limit)
        except zlib.error as exc:
            raise _GzipDamage(f"corrupt gzip data ({exc})") from exc
        self._in_member = not self._inflater.eof
        self._carry = self._inflater.unconsumed_tail
        if self._inflater.eof:
            self._carry = self._inflater.unused_data
            self._inflater = zlib.decompressobj(_GZIP_WBITS)
        return data


def _record_result(record: Any, *, source: str, number: int, limit: int) -> ReadResult | None:
    """One record's input or failure; ``None`` for records that are not articles."""
    content_type = _content_type(record)
    if content_type is None:
        return None
    mime, charset = split_content_type(content_type)
    family = content_family(mime)
    if family not in ("html", "text"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"record-{number}"
    where = f"{source}#{uri}"
    body = record.content_stream().read(limit + 1)
    try:
        if len(body) > limit:
            raise OversizedInput(where, f"record body is over the limit of {limit:,} bytes")
        missing = _missing_bytes(record)
        if missing:
            raise MalformedInput(
                where,
                f"truncated WARC record: {missing:,} of its {record.length:,} bytes are missing",
            )
        return page_input(
            body,
            source=where,
            kind="html" if family == "html" else "text",
            declared=charset,
            meta={"url": uri} if web_url(uri) else {},
            content_type=mime,
        )
    except InputError as exc:
        return failure(exc)


def _missing_bytes(record: Any) -> int:
    """How many bytes of the record's block the archive lacks (0 for a whole record).

    warcio hands over a short block without a word; the rest of the block is read here and
    what its reader still expects is what the file did not have.
    """
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return int(getattr(raw, "limit", 0) or 0)


def _content_type(record: Any) -> str | None:
    """The body's Content-Type for a successful response or a resource record, else ``None``."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        status = str(http.get_statuscode() or "")
        if not status.startswith("2"):
            return None  # redirects and error pages are not articles
        return str(http.get_header("Content-Type") or "")
    if record.rec_type == "resource":
        return str(record.rec_headers.get_header("Content-Type") or "")
    return None


def _describe(exc: BaseException) -> str:
    """A one-line reason: warcio's messages can span lines and quote raw binary."""
    if isinstance(exc, EOFError | zlib.error):
        return f"truncated or corrupt data ({exc})"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    first = lines[0] if lines else type(exc).__name__
    first = first.split("first line:", 1)[0].rstrip(" :,")
    return "".join(ch for ch in first if ch.isprintable())[:160]
