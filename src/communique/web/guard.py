"""The app's outer wall, one ASGI layer in front of every route.

It answers what must be answered before any route runs, in the app's own error shape
(``{status, message}`` JSON under ``/api/``, a page for people): a Host header that is not
one of the allowed names (DNS rebinding), a request body over the size limit (read as it
streams in, never held whole), and any error that escapes the app. It also answers ``HEAD``
exactly as ``GET`` without the body, and marks every response ``nosniff``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

__all__ = ["Guard", "GuardOptions", "is_api_path"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


@dataclass(frozen=True, slots=True)
class GuardOptions:
    """``allowed_hosts``: Host names answered ("*" for any); ``max_body``: bytes a request
    body may carry."""

    allowed_hosts: Sequence[str]
    max_body: int


class _BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: host check, body limit, HEAD, nosniff, last-resort errors."""

    def __init__(self, app: App, *, options: GuardOptions) -> None:
        self.app = app
        self.options = options

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if not self._host_allowed(scope):
            await _answer(send, path, 400, "this app answers only on its own host names")
            return
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > self.options.max_body:
            await _answer(send, path, 413, self._too_large())
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        state = {"started": False, "over": False, "replaced": False}

        async def sending(message: Message) -> None:
            if state["over"]:
                # The body ran past the limit while a route parsed it: whatever that route
                # answers (a parse error), the answer is that the body is too large.
                if not state["replaced"]:
                    state["replaced"] = state["started"] = True
                    await _answer(send, path, 413, self._too_large())
                return
            if message["type"] == "http.response.start":
                state["started"] = True
                message["headers"] = _with_nosniff(message.get("headers", []))
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, self._limited(receive, state), sending)
        except _BodyTooLarge:
            if not state["started"]:
                await _answer(send, path, 413, self._too_large())
        except Exception as exc:
            if state["started"]:
                raise
            await _answer(send, path, 500, f"internal error: {type(exc).__name__}")

    def _host_allowed(self, scope: Scope) -> bool:
        allowed = self.options.allowed_hosts
        if "*" in allowed:
            return True
        host = _header(scope, b"host")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in allowed or host in allowed

    def _limited(self, receive: Receive, state: dict[str, bool]) -> Receive:
        """``receive`` that stops the request as soon as its body passes the limit."""
        seen = 0
        limit = self.options.max_body

        async def receiving() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    state["over"] = True
                    raise _BodyTooLarge
            return message

        return receiving

    def _too_large(self) -> str:
        return f"the request is over the limit of {self.options.max_body:,} bytes"


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def _with_nosniff(headers: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    out = list(headers)
    if not any(k.lower() == b"x-content-type-options" for k, _ in out):
        out.append((b"x-content-type-options", b"nosniff"))
    return out


async def _answer(send: Send, path: str, status: int, message: str) -> None:
    """An error in the app's shape, for requests no route may see."""
    if is_api_path(path):
        body = json.dumps({"status": status, "message": message}).encode()
        kind = b"application/json"
    else:
        body = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{status}'
            f"</title></head><body><h1>{status}</h1><p>{escape(message)}</p></body></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"content-security-policy", _CSP.encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
