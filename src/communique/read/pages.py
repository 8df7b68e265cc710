"""Single pages: a plain-text or HTML body becomes one :class:`RawInput`.

The article is not extracted here (the clean stage runs trafilatura on the whole page); a page
is only decoded and checked to hold some text, so an empty or broken page fails early with a
reason a user can act on.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Mapping
from typing import Literal

from communique.errors import EmptyInput, MalformedInput, OverBudgetInput
from communique.models import EMPTY_META, InputKind, RawInput
from communique.read.decode import decode_bytes, repair_text
from communique.read.net import FetchedResource

__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_ELEMENTS",
    "check_markup_budget",
    "checked_input",
    "page_input",
    "repaired_input",
    "resource_page",
    "sniff_family",
    "visible_text",
]

_INVISIBLE = re.compile(
    r"<(script|style|template|noscript)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)",
    re.I | re.S,
)
_TAG = re.compile(r"<[!/?a-zA-Z][^>]*(?:>|\Z)")
_WORD = re.compile(r"\w")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)\b", re.I)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p)\b", re.I)
_SNIFF_BYTES = 4096

MAX_ELEMENTS = 150_000
"""Tags one HTML page may open. The largest of 181 real news pages (the Zyte benchmark) opens
1,667; trafilatura spends about 12 s on 100,000 paragraphs and grows faster than linearly."""
MAX_ATTRIBUTES = 1_000
"""Attributes one element may carry. Real pages stay under 120; lxml checks each attribute
against every earlier one of its element (40,000 on one element: 7 s; 1,000,000: hours)."""

_ELEMENT = re.compile(r"<[A-Za-z]")
# Only a tag this long can hold MAX_ATTRIBUTES attributes (each is at least " a"); excluding
# '<' as well as '>' keeps the scan linear on a page of unclosed tags.
_LONG_TAG = re.compile(rf"<[A-Za-z][^<>]{{{2 * MAX_ATTRIBUTES - 1},}}")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_ATTRIBUTE = re.compile(r"\s+[^\s=>/]")


def visible_text(markup: str) -> str:
    """The text a browser would show, roughly: tags, scripts, styles and comments removed.

    Cheap on purpose (regexes, no parser): it only decides whether a page has any text at all
    and how much, never what the article is.
    """
    without = _INVISIBLE.sub(" ", markup)
    return html.unescape(_TAG.sub(" ", without))


def check_markup_budget(markup: str, *, source: str) -> None:
    """Refuse a page that would hold a parser for minutes, before any parser sees it.

    A time limit cannot stop lxml or trafilatura mid-parse (C code, one call), so the budget
    is on what their cost grows with: the tags a page opens and the attributes of one tag.
    Both are counted with linear regex scans (about 0.1 s on 10 MB) and the limits sit far
    above real pages, so an article is never refused.
    """
    opened = sum(1 for _ in itertools.islice(_ELEMENT.finditer(markup), MAX_ELEMENTS + 1))
    if opened > MAX_ELEMENTS:
        raise OverBudgetInput(
            source, f"HTML with more than {MAX_ELEMENTS:,} tags; too costly to parse"
        )
    for tag in _LONG_TAG.finditer(markup):
        attributes = len(_ATTRIBUTE.findall(_QUOTED.sub("", tag.group())))
        if attributes > MAX_ATTRIBUTES:
            raise OverBudgetInput(
                source,
                f"an HTML tag with {attributes:,} attributes (the limit is "
                f"{MAX_ATTRIBUTES:,}); too costly to parse",
            )


def sniff_family(data: bytes) -> Literal["html", "feed", "text"]:
    """Guess what a body is from its first bytes, for files and responses that do not say."""
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED_ROOT.search(head) and not head[:200].lower().startswith((b"<!doctype", b"<html")):
        return "feed"
    if _HTML_START.match(head) or b"<html" in head.lower():
        return "html"
    return "text"


def checked_input(
    *,
    source: str,
    kind: InputKind,
    body: str,
    meta: Mapping[str, str] = EMPTY_META,
    content_type: str = "",
) -> RawInput:
    """Build a :class:`RawInput` after checking the body holds text.

    A page with no visible text is :class:`EmptyInput` when its markup is complete and
    :class:`MalformedInput` when it stops short (no closing ``</html>``): truncated downloads
    and garbage are the usual causes, and the user fixes them differently.
    """
    if kind == "html":
        check_markup_budget(body, source=source)
        if not _WORD.search(visible_text(body)):
            if re.search(r"</html\s*>", body, re.I):
                raise EmptyInput(source, "HTML page with no visible text")
            raise MalformedInput(source, "broken or truncated HTML with no visible text")
    elif not body.strip():
        raise EmptyInput(source, "nothing but whitespace")
    return RawInput(source=source, kind=kind, body=body, meta=dict(meta), content_type=content_type)


def page_input(
    data: bytes,
    *,
    source: str,
    kind: InputKind,
    declared: str | None = None,
    meta: Mapping[str, str] = EMPTY_META,
    content_type: str = "",
) -> RawInput:
    """Decode one page's bytes and check it holds text."""
    if not data.strip():
        raise EmptyInput(
            source, "nothing to read (0 bytes)" if not data else "nothing but whitespace"
        )
    body = decode_bytes(data, source=source, declared=declared)
    return checked_input(source=source, kind=kind, body=body, meta=meta, content_type=content_type)


def resource_page(
    resource: FetchedResource, *, source: str, meta: Mapping[str, str] = EMPTY_META
) -> RawInput:
    """Turn a fetched HTML or text response into one input; ``meta['url']`` is the final URL."""
    family = resource.family
    if family == "unknown":
        family = sniff_family(resource.body)
    if family not in ("html", "text"):
        raise MalformedInput(source, f"expected an article page, got {resource.mime or family}")
    kind: InputKind = "html" if family == "html" else "text"
    return page_input(
        resource.body,
        source=source,
        kind=kind,
        declared=resource.charset,
        meta={**meta, "url": resource.final_url},
        content_type=resource.mime or ("text/html" if kind == "html" else "text/plain"),
    )


def repaired_input(
    *,
    source: str,
    kind: InputKind,
    body: str,
    meta: Mapping[str, str] = EMPTY_META,
    content_type: str = "",
) -> RawInput:
    """Like :func:`checked_input` for strings that arrive decoded (JSON, feeds): repair first."""
    return checked_input(
        source=source, kind=kind, body=repair_text(body), meta=meta, content_type=content_type
    )
