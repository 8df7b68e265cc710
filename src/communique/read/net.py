"""The one HTTP client: every byte communique fetches comes through :class:`HttpClient`.

Keeping all network access in one injectable object means the rest of the reader never
imports httpx, tests can hand it an ``httpx.MockTransport`` or point it at a server on
127.0.0.1, and the limits (time, size, content type) are enforced in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

import httpx

from communique.errors import FetchError, OversizedInput

__all__ = [
    "DEFAULT_USER_AGENT",
    "ContentFamily",
    "FetchedResource",
    "HttpClient",
    "content_family",
    "split_content_type",
]

DEFAULT_USER_AGENT = (
    "communique/0.1 (news briefing tool; +https://github.com/communique/communique)"
)

ContentFamily = Literal["html", "text", "feed", "json", "jsonl", "unknown"]

_FAMILIES: dict[str, ContentFamily] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "text",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    # Servers that do not know say these; the body is sniffed instead.
    "": "unknown",
    "application/octet-stream": "unknown",
}

_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,application/json;q=0.7"
)
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)


def content_family(mime: str) -> ContentFamily | None:
    """Say which reader handles a MIME type, or ``None`` when communique does not read it."""
    return _FAMILIES.get(mime.strip().lower())


def split_content_type(header: str) -> tuple[str, str | None]:
    """Split ``text/html; charset=utf-8`` into the lower-cased MIME type and the charset."""
    mime = header.split(";", 1)[0].strip().lower()
    found = _CHARSET.search(header)
    return mime, (found.group(1) if found else None)


@dataclass(frozen=True, slots=True)
class FetchedResource:
    """A successful response, read in full and within the size limit.

    ``url`` is the address asked for, ``final_url`` where redirects ended; ``mime`` is the
    Content-Type without parameters (``""`` when the server sent none) and ``charset`` its
    charset parameter, if any.
    """

    url: str
    final_url: str
    status: int
    mime: str
    charset: str | None
    body: bytes

    @property
    def family(self) -> ContentFamily:
        return content_family(self.mime) or "unknown"


class HttpClient:
    """Fetch URLs with a timeout, a size limit and a content-type check; follow redirects.

    ``transport`` replaces the network (``httpx.MockTransport`` in tests). ``max_bytes`` is
    the default limit for one response body; :meth:`fetch` may lower or raise it per call.
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int = 10_000_000,
        max_redirects: int = 10,
        user_agent: str = DEFAULT_USER_AGENT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": user_agent, "Accept": _ACCEPT},
            transport=transport,
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, max_bytes: int | None = None) -> FetchedResource:
        """GET ``url``; raise :class:`FetchError` or :class:`OversizedInput` naming it.

        The body is streamed and reading stops as soon as it passes the limit, so a huge or
        endless response costs at most ``max_bytes`` of memory.
        """
        limit = self.max_bytes if max_bytes is None else max_bytes
        try:
            with self._client.stream("GET", url) as response:
                mime, charset = self._check(response, url=url, limit=limit)
                body = _read_limited(response, url=url, limit=limit)
                return FetchedResource(
                    url=url,
                    final_url=str(response.url),
                    status=response.status_code,
                    mime=mime,
                    charset=charset,
                    body=body,
                )
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out after {self.timeout:g} s") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(url, "too many redirects") from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(url, f"not a URL communique can fetch ({exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"network error: {exc or type(exc).__name__}") from exc

    @staticmethod
    def _check(response: httpx.Response, *, url: str, limit: int) -> tuple[str, str | None]:
        """Refuse a response before reading its body: bad status, type or declared size."""
        if not response.is_success:
            reason = response.reason_phrase or "error"
            raise FetchError(url, f"HTTP {response.status_code} {reason}")
        mime, charset = split_content_type(response.headers.get("content-type", ""))
        if content_family(mime) is None:
            raise FetchError(url, f"unsupported content type {mime}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise OversizedInput(
                url, f"{int(declared):,} bytes is over the limit of {limit:,} bytes"
            )
        return mime, charset


def _read_limited(response: httpx.Response, *, url: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > limit:
            raise OversizedInput(url, f"more than {limit:,} bytes, over the limit; stopped reading")
        chunks.append(chunk)
    return b"".join(chunks)
