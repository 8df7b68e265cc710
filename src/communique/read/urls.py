"""http(s) URLs: fetched through the one :class:`HttpClient`, then read by content type.

An HTML or text page is one input (``meta['url']`` is where redirects ended); a feed yields its
entries (``https://host/feed.xml#2``); JSON and JSON Lines yield their records.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from communique.errors import FetchError, UnsupportedInput
from communique.read.common import ReadResult
from communique.read.decode import binary_kind
from communique.read.feeds import read_feed
from communique.read.net import FetchedResource, HttpClient
from communique.read.pages import resource_page, sniff_family
from communique.read.records import read_json, read_jsonl

__all__ = ["read_resource", "read_url"]


def read_url(url: str, *, client: HttpClient | None, limit: int) -> Iterator[ReadResult]:
    """Fetch ``url`` and read what came back; without a client, network access is off."""
    if client is None:
        raise FetchError(url, "network access is off: no HTTP client was given")
    resource = client.fetch(url, max_bytes=limit)
    yield from read_resource(resource, source=url, client=client, limit=limit)


def read_resource(
    resource: FetchedResource, *, source: str, client: HttpClient | None, limit: int
) -> Iterator[ReadResult]:
    """Read a fetched body by its content type, sniffing it when the server did not say."""
    family = resource.family
    if family == "unknown":
        kind = binary_kind(resource.body)
        if kind is not None and kind != "UTF-16 text":
            raise UnsupportedInput(source, f"binary content ({kind})")
        family = sniff_family(resource.body)
    if family == "feed":
        content_type = resource.mime + (f"; charset={resource.charset}" if resource.charset else "")
        yield from read_feed(
            resource.body, source=source, client=client, limit=limit, content_type=content_type
        )
    elif family == "json":
        yield from read_json(resource.body, source=source, limit=limit)
    elif family == "jsonl":
        yield from read_jsonl(io.BytesIO(resource.body), source=source, limit=limit)
    else:
        yield resource_page(resource, source=source)
