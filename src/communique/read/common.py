"""Small pieces every reader shares: the result type, metadata cleaning, error fencing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol, TypeAlias
from urllib.parse import urlsplit

from communique.errors import InputError, OversizedInput
from communique.models import Failure, RawInput

__all__ = [
    "META_FIELDS",
    "ByteStream",
    "ReadResult",
    "failure",
    "guarded",
    "is_url",
    "meta_from",
    "read_limited",
    "web_url",
]

ReadResult: TypeAlias = RawInput | Failure

META_FIELDS = ("title", "url", "outlet", "author", "published", "language")
"""The container fields a reader passes on in :attr:`RawInput.meta`; nothing else."""


class ByteStream(Protocol):
    """What the streaming readers need from a file: a plain, gzip or in-memory one."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def web_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host, else None: a ``javascript:``,
    ``data:`` or ``file:`` address from an input is never kept, so it can never become a link."""
    if not value:
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(c.isspace() or ord(c) < 32 for c in text):
        return None
    return text


def failure(exc: InputError) -> Failure:
    return Failure(source=exc.source, reason=exc.reason, code=exc.code)


def guarded(source: str, results: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """Pass results on; turn an error that ends ``results`` into one last :class:`Failure`.

    A library that breaks on one odd input (a parser bug, an unexpected exception) must not
    stop the batch, so anything that is not an :class:`InputError` is reported too, with its
    type named so the bug can be found.
    """
    try:
        yield from results
    except InputError as exc:
        yield failure(exc)
    except Exception as exc:  # one input's surprise must not end the batch
        reason = f"unexpected {type(exc).__name__} while reading: {exc}"
        yield Failure(source=source, reason=reason, code=InputError.code)


def meta_from(record: Mapping[str, object]) -> dict[str, str]:
    """Keep the known metadata fields that hold a usable value, as stripped strings.

    Numbers become their text (an epoch ``published``), lists of strings are joined (several
    authors); blanks, ``null`` and nested objects are dropped rather than guessed at, and so is
    a ``url`` that is not http(s) (:func:`web_url`).
    """
    meta: dict[str, str] = {}
    for name in META_FIELDS:
        value = _as_text(record.get(name))
        if name == "url":
            value = web_url(value) or ""
        if value:
            meta[name] = value
    return meta


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [_as_text(v) for v in value if isinstance(v, str)]
        return ", ".join(p for p in parts if p)
    return ""


def read_limited(stream: ByteStream, *, source: str, limit: int) -> bytes:
    """Read a whole stream, refusing it as soon as it passes ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise OversizedInput(source, f"more than {limit:,} bytes, over the limit of {limit:,}")
    return data
