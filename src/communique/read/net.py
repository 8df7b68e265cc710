"""The one HTTP client: every byte communique fetches comes through :class:`HttpClient`.

Keeping all network access in one injectable object means the rest of the reader never
imports httpx, tests can hand it an ``httpx.MockTransport`` or point it at a server on
127.0.0.1, and the limits (time, size, content type) are enforced in one place.

The time limit is a total deadline for one fetch, redirects, headers and body included:
httpx's own timeouts are per read, so a server sending a byte every few seconds would hold
one URL for ever. Every socket read and write is given at most the time left (a wrapper
round httpcore's network backend), so even headers dripped a byte at a time are cut off.
"""

from __future__ import annotations

import re
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

import httpcore
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


class _Deadline:
    """The moment the fetch in progress on this thread must end (one per client)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def start(self, seconds: float) -> None:
        self._local.at = time.monotonic() + seconds

    def stop(self) -> None:
        self._local.at = None

    def passed(self) -> bool:
        at: float | None = getattr(self._local, "at", None)
        return at is not None and time.monotonic() >= at

    def cap(self, timeout: float | None, *, error: type[Exception]) -> float | None:
        """``timeout`` shortened to the time left; ``error`` once none is left."""
        at: float | None = getattr(self._local, "at", None)
        if at is None:
            return timeout
        left = at - time.monotonic()
        if left <= 0:
            raise error("the total deadline for this fetch has passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        left = self._deadline.cap(timeout, error=httpcore.ReadTimeout)
        return self._stream.read(max_bytes, left)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.cap(timeout, error=httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._deadline.cap(timeout, error=httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, left), self._deadline
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sockets, each operation given no more than the fetch's time left."""

    def __init__(self, backend: httpcore.NetworkBackend, deadline: _Deadline) -> None:
        self._backend = backend
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = self._deadline.cap(timeout, error=httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, left, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        left = self._deadline.cap(timeout, error=httpcore.ConnectTimeout)
        stream = self._backend.connect_unix_socket(path, left, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _install_deadline(client: httpx.Client, deadline: _Deadline) -> None:
    """Wrap the network backend of every connection pool the client routes through.

    httpx exposes no hook for this, so it reaches the pools' private attributes; a test
    (``test_dripped_response_meets_the_total_deadline``) fails if a new httpx moves them.
    """
    transports = [getattr(client, "_transport", None)]
    transports += list(getattr(client, "_mounts", {}).values())
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = _DeadlineBackend(backend, deadline)  # type: ignore[union-attr]


class HttpClient:
    """Fetch URLs with a deadline, a size limit and a content-type check; follow redirects.

    ``timeout`` is the total time one :meth:`fetch` may take, redirects and body included.
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
        self._deadline = _Deadline()
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": user_agent, "Accept": _ACCEPT},
            transport=transport,
        )
        _install_deadline(self._client, self._deadline)

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
        self._deadline.start(self.timeout)
        try:
            with self._client.stream("GET", url) as response:
                mime, charset = self._check(response, url=url, limit=limit)
                body = self._read_body(response, url=url, limit=limit)
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
        finally:
            self._deadline.stop()

    def _read_body(self, response: httpx.Response, *, url: str, limit: int) -> bytes:
        """The body, refused past ``limit`` bytes or past the deadline.

        The deadline is checked between chunks too, for transports that bypass the sockets
        (a mock in tests, a proxy).
        """
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > limit:
                raise OversizedInput(
                    url, f"more than {limit:,} bytes, over the limit; stopped reading"
                )
            if self._deadline.passed():
                raise FetchError(url, f"timed out after {self.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

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
