"""Local files: expanding targets into paths and reading each path by its format.

The format comes from the name (``.html.gz`` is gzipped HTML, ``.warc.gz`` is a WARC); a name
communique does not know is sniffed, and read as HTML, a feed or plain text when its bytes are
text. Whole-document formats are refused past the size limit before they are read; JSON Lines
and WARC are streamed, so the limit applies to each record instead of the whole file.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from communique.errors import (
    EmptyInput,
    EncodingProblem,
    MalformedInput,
    OversizedInput,
    UnreadableInput,
    UnsupportedInput,
)
from communique.models import Failure
from communique.read.common import ReadResult, is_url, read_limited
from communique.read.decode import binary_kind
from communique.read.feeds import read_feed
from communique.read.net import HttpClient
from communique.read.pages import page_input, sniff_family
from communique.read.records import read_json, read_jsonl
from communique.read.warc import read_warc

__all__ = ["expand_target", "file_format", "read_file"]

FileFormat = Literal["text", "markdown", "html", "json", "jsonl", "warc", "feed", "unknown"]

_SUFFIXES: tuple[tuple[str, FileFormat], ...] = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "markdown"),
    (".markdown", "markdown"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
)
_GLOB_CHARS = frozenset("*?[")


def file_format(path: str) -> tuple[FileFormat, bool]:
    """The format a file name says, and whether it is gzipped (``a.html.gz``)."""
    name = path.lower()
    if name.endswith(".warc.gz"):
        return "warc", False  # read_warc gunzips it, member by member
    compressed = name.endswith(".gz")
    if compressed:
        name = name[:-3]
    for suffix, fmt in _SUFFIXES:
        if name.endswith(suffix):
            return fmt, compressed
    return "unknown", compressed


def expand_target(target: str) -> Iterator[str | Failure]:
    """Yield the files (or the URL) a target names, or a :class:`Failure` when it names none.

    Folders are walked recursively in sorted order, skipping hidden files and folders; glob
    patterns (``*``, ``?``, ``[``, ``**``) are expanded the same way.
    """
    if is_url(target):
        yield target
        return
    if os.path.isdir(target):
        yield from _walk(target)
        return
    if _lexists(target):
        yield target  # a file, or a broken link or locked file that read_file will name
        return
    if _GLOB_CHARS.intersection(target):
        matches = sorted(glob.glob(target, recursive=True))
        if not matches:
            yield Failure(target, "no file matches this pattern", UnreadableInput.code)
        for match in matches:
            yield from (_walk(match) if os.path.isdir(match) else [match])
        return
    yield Failure(target, "no such file or folder", UnreadableInput.code)


def _lexists(path: str) -> bool:
    try:
        os.lstat(path)
    except PermissionError:
        return True  # it may exist; reading it will say permission denied
    except (OSError, ValueError):
        return False
    return True


def _walk(folder: str) -> Iterator[str | Failure]:
    errors: list[OSError] = []
    paths: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        paths.extend(os.path.join(root, f) for f in files if not f.startswith("."))
    for error in errors:
        where = str(error.filename or folder)
        yield Failure(where, f"cannot list folder: {error.strerror}", UnreadableInput.code)
    yield from sorted(paths, key=lambda p: Path(p).parts)


def read_file(path: str, *, client: HttpClient | None, limit: int) -> Iterator[ReadResult]:
    """Read one file by its format; raise an :class:`InputError` naming it on failure."""
    fmt, compressed = file_format(path)
    with _translated_errors(path):
        size = os.stat(path).st_size
        if size == 0:
            raise EmptyInput(path, "empty file (0 bytes)")
        if fmt == "warc":
            with open(path, "rb") as stream:
                yield from read_warc(stream, source=path, limit=limit)
            return
        with _open(path, compressed=compressed) as stream:
            if fmt == "jsonl":
                _refuse_binary(stream.peek(8192), path)
                yield from read_jsonl(stream, source=path, limit=limit)
                return
            if not compressed and size > limit:
                raise OversizedInput(path, f"{size:,} bytes is over the limit of {limit:,} bytes")
            data = read_limited(stream, source=path, limit=limit)
        yield from _read_document(data, path=path, fmt=fmt, client=client, limit=limit)


def _read_document(
    data: bytes, *, path: str, fmt: FileFormat, client: HttpClient | None, limit: int
) -> Iterator[ReadResult]:
    if fmt == "unknown":
        yield from _read_sniffed(data, path=path, client=client, limit=limit)
    elif fmt == "json":
        yield from read_json(data, source=path, limit=limit)
    elif fmt == "feed":
        _refuse_binary(data, path)
        yield from read_feed(data, source=path, client=client, limit=limit)
    elif fmt == "html":
        yield page_input(data, source=path, kind="html", content_type="text/html")
    else:
        content_type = "text/markdown" if fmt == "markdown" else "text/plain"
        yield page_input(data, source=path, kind="text", content_type=content_type)


def _read_sniffed(
    data: bytes, *, path: str, client: HttpClient | None, limit: int
) -> Iterator[ReadResult]:
    """Read a file whose name says nothing: as HTML, a feed or text if its bytes are text."""
    family = sniff_family(data)
    if family == "feed":
        yield from read_feed(data, source=path, client=client, limit=limit)
        return
    try:
        yield page_input(
            data,
            source=path,
            kind="html" if family == "html" else "text",
            content_type="text/html" if family == "html" else "text/plain",
        )
    except (UnsupportedInput, EncodingProblem) as exc:
        suffix = Path(path).suffix or "none"
        raise UnsupportedInput(
            path, f"unknown extension ({suffix}) and not readable as text: {exc.reason}"
        ) from exc


def _refuse_binary(head: bytes, path: str) -> None:
    """Stop a binary file before a parser reports its bytes as thousands of syntax errors."""
    kind = binary_kind(head)
    if kind is not None and kind != "UTF-16 text":
        raise UnsupportedInput(path, f"binary content ({kind})")


def _open(path: str, *, compressed: bool) -> gzip.GzipFile | io.BufferedReader:
    return gzip.open(path, "rb") if compressed else open(path, "rb")


@contextlib.contextmanager
def _translated_errors(path: str) -> Iterator[None]:
    """Turn the OS's and gzip's errors into input errors that name the file."""
    try:
        yield
    except FileNotFoundError as exc:
        raise UnreadableInput(path, "no such file or folder") from exc
    except PermissionError as exc:
        raise UnreadableInput(path, "permission denied") from exc
    except IsADirectoryError as exc:
        raise UnreadableInput(path, "a folder where a file was expected") from exc
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise MalformedInput(path, f"truncated or corrupt gzip data ({exc})") from exc
    except OSError as exc:
        raise UnreadableInput(path, f"cannot read: {exc.strerror or exc}") from exc
