"""RSS and Atom feeds: each entry is one input (``feed.xml#3``).

An entry's body is its longest content, else its summary. Many feeds carry only a teaser; when
an entry has less than :data:`SHORT_BODY` characters of text and a client is given, the page at
its link is fetched instead (source: the link). If that fetch fails, the failure is reported
and the teaser is still kept, so the entry is not lost.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from communique.errors import EmptyInput, InputError, MalformedInput
from communique.models import InputKind, RawInput
from communique.read.common import ReadResult, failure, is_url, meta_from
from communique.read.net import HttpClient
from communique.read.pages import repaired_input, resource_page, visible_text

__all__ = ["SHORT_BODY", "read_feed"]

_MARKUP = re.compile(r"<[!/?a-zA-Z]|&#?\w+;")

SHORT_BODY = 400
"""Characters of visible text below which an entry is a teaser, not an article."""


def read_feed(
    data: bytes,
    *,
    source: str,
    client: HttpClient | None,
    limit: int,
    content_type: str | None = None,
) -> Iterator[ReadResult]:
    """Read a feed document's entries; fetch teasers' links when ``client`` is given."""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    entries: list[Any] = list(parsed.entries)
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception") or "unreadable XML"
            raise MalformedInput(source, f"not a readable feed: {problem}")
        if not parsed.get("version"):
            raise MalformedInput(source, "not an RSS or Atom feed")
        raise EmptyInput(source, "feed has no entries")
    channel = _channel_meta(parsed.get("feed") or {})
    for number, entry in enumerate(entries, start=1):
        where = f"{source}#{number}"
        try:
            yield from _entry_results(
                entry, source=where, channel=channel, client=client, limit=limit
            )
        except InputError as exc:
            yield failure(exc)


def _entry_results(
    entry: Any,
    *,
    source: str,
    channel: Mapping[str, str],
    client: HttpClient | None,
    limit: int,
) -> Iterator[ReadResult]:
    meta = {**channel, **_entry_meta(entry)}
    body, kind = _entry_body(entry)
    text_length = len(" ".join(visible_text(body).split())) if kind == "html" else len(body)
    link = meta.get("url", "")
    if client is not None and text_length < SHORT_BODY and is_url(link):
        try:
            resource = client.fetch(link, max_bytes=limit)
            yield resource_page(resource, source=link, meta=meta)
            return
        except InputError as exc:
            yield failure(exc)
            if not body.strip():
                return  # the fetch failure already says why this entry has nothing
    if not body.strip():
        raise EmptyInput(source, "feed entry has no content or summary")
    yield _teaser_input(body, kind=kind, source=source, meta=meta)


def _teaser_input(body: str, *, kind: InputKind, source: str, meta: dict[str, str]) -> RawInput:
    content_type = "text/html" if kind == "html" else "text/plain"
    return repaired_input(source=source, kind=kind, body=body, meta=meta, content_type=content_type)


def _entry_body(entry: Any) -> tuple[str, InputKind]:
    """The longest content block, else the summary, with whether it is HTML."""
    candidates: list[tuple[str, str]] = []
    for block in entry.get("content") or []:
        candidates.append((str(block.get("value") or ""), str(block.get("type") or "")))
    if not any(value.strip() for value, _ in candidates):
        detail = entry.get("summary_detail") or {}
        candidates.append((str(entry.get("summary") or ""), str(detail.get("type") or "")))
    value, mime = max(candidates, key=lambda c: len(c[0]))
    # feedparser calls every RSS description HTML; one without a single tag is plain text.
    is_html = mime != "text/plain" and _MARKUP.search(value) is not None
    return value, ("html" if is_html else "text")


def _entry_meta(entry: Any) -> dict[str, str]:
    detail = entry.get("author_detail") or {}
    record = {
        "title": entry.get("title"),
        "url": entry.get("link"),
        "author": detail.get("name") or entry.get("author"),
        "published": _iso_date(entry.get("published") or entry.get("updated")),
        "language": _entry_language(entry),
    }
    return meta_from(record)


def _channel_meta(channel: Any) -> dict[str, str]:
    return meta_from({"outlet": channel.get("title"), "language": channel.get("language")})


def _entry_language(entry: Any) -> str | None:
    for block in entry.get("content") or []:
        if block.get("language"):
            return str(block["language"])
    detail = entry.get("summary_detail") or entry.get("title_detail") or {}
    language = detail.get("language")
    return str(language) if language else None


def _iso_date(raw: object) -> str | None:
    """Normalise RSS (RFC 822) and Atom (RFC 3339) dates to ISO 8601, keeping the offset.

    feedparser's own ``*_parsed`` values are converted to UTC, which can move an evening
    article to the next day; the outlet's local date is what a timeline needs.
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(text).isoformat()
    except ValueError:
        return text
