"""``communique serve``: the briefing as a local web app and a JSON API over one store.

:func:`create_app` builds the application (no globals: everything lives on the app), and
:func:`serve_command` runs it with uvicorn on loopback. Pages and API read the same cached
briefing (:mod:`communique.web.snapshot`) through the same views (:mod:`communique.web.query`).
One error handler answers JSON to ``/api/`` paths and a page to people.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any, cast
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from communique.analyse.embed import SentenceEmbedder
from communique.annotate.pipeline import Annotator
from communique.brief.sections import format_period
from communique.clean.pipeline import Cleaner
from communique.errors import CommuniqueError, UsageError
from communique.read.net import HttpClient
from communique.store import Store, open_store, redacted
from communique.web.adding import AddResult, Upload, add_articles
from communique.web.snapshot import Snapshot, SnapshotCache

__all__ = ["LOOPBACK_HOSTS", "AppState", "app_state", "create_app", "render", "serve_command"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""Host headers answered by default: a page on another site cannot reach the app through a
name it controls (DNS rebinding)."""

_PAGE_HEADERS = {
    # No page runs a script: even an escaping mistake could not execute one.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
        " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" would send Origin: null with our own form
}


class AppState:
    """What one running app holds: the store's reader, the briefing cache, the tools that
    adding articles needs (built on first use) and the lock that keeps writers one at a time."""

    def __init__(
        self,
        *,
        db: str,
        embedder: SentenceEmbedder,
        fetch_timeout: float = 20.0,
        rebuild_wait: float = 30.0,
        on_build: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self.db = db
        self.fetch_timeout = fetch_timeout
        self.rebuild_wait = rebuild_wait
        self._reader = open_store(db)  # creates an empty store on first use
        self._read_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.cache = SnapshotCache(db=db, embedder=embedder, on_build=on_build)
        self._cleaner: Cleaner | None = None
        self._annotator: Annotator | None = None
        self.templates = Environment(
            loader=PackageLoader("communique.web", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals["with_query"] = with_query
        self.templates.filters["path"] = _path_segment
        self.templates.globals["when"] = format_period  # the report's own date wording

    def snapshot(self) -> Snapshot:
        return self.cache.current()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The shared read connection, one request at a time (reads take milliseconds)."""
        with self._read_lock:
            yield self._reader

    def add(self, *, uploads: Sequence[Upload], links: str) -> AddResult:
        """Ingest and annotate, then rebuild the briefing; on a store small enough to rebuild
        within ``rebuild_wait`` seconds the report's documents are on every page when it shows."""
        with self._write_lock:
            if self._cleaner is None:
                self._cleaner = Cleaner.create()
            if self._annotator is None:
                self._annotator = Annotator()
            with open_store(self.db) as store, HttpClient(timeout=self.fetch_timeout) as client:
                result = add_articles(
                    store=store,
                    uploads=uploads,
                    links=links,
                    cleaner=self._cleaner,
                    annotator=self._annotator,
                    client=client,
                )
        self.cache.rebuild(wait=self.rebuild_wait)
        return result

    def close(self) -> None:
        self.cache.close()
        with self._read_lock:
            self._reader.close()


def with_query(request: Request, **changes: object) -> str:
    """This page's URL with some query parameters changed (None drops one)."""
    params = dict(request.query_params)
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def _path_segment(value: object) -> str:
    return quote(str(value), safe="")


def app_state(request: Request) -> AppState:
    return cast(AppState, request.app.state.communique)


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    state = app_state(request)
    context.setdefault("snapshot", None)
    html = state.templates.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers=_PAGE_HEADERS)


def error_response(request: Request, status: int, message: str) -> Response:
    """The one answer to every error: JSON for the API, a page for people."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/") or path == "/openapi.json":
        return JSONResponse({"status": status, "message": message}, status_code=status)
    return render(request, "error.html", status=status, status_code=status, message=message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        parts.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    async def on_http(request: Request, exc: Exception) -> Response:
        http = cast(HTTPException, exc)
        return error_response(request, http.status_code, str(http.detail))

    async def on_validation(request: Request, exc: Exception) -> Response:
        return error_response(request, 422, _validation_message(cast(RequestValidationError, exc)))

    async def on_library(request: Request, exc: Exception) -> Response:
        status = 400 if isinstance(exc, UsageError) else 500
        return error_response(request, status, str(exc))

    async def on_crash(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, f"internal error: {type(exc).__name__}")

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(CommuniqueError, on_library)
    app.add_exception_handler(Exception, on_crash)


def create_app(
    *,
    db: str,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
    embedder: SentenceEmbedder | None = None,
    fetch_timeout: float = 20.0,
    rebuild_wait: float = 30.0,
    prebuild: bool = True,
) -> FastAPI:
    """The web app over the store at ``db``; the briefing builds in the background at start
    (``prebuild``) and again whenever the store changes. ``fetch_timeout`` limits each link
    fetched from the Add page; ``rebuild_wait`` is how long adding waits for the new briefing."""
    from communique.web.api import router as api_router
    from communique.web.pages import router as page_router
    from communique.web.pages import warm

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState(
            db=db,
            embedder=embedder or SentenceEmbedder(),
            fetch_timeout=fetch_timeout,
            rebuild_wait=rebuild_wait,
            on_build=warm,
        )
        app.state.communique = state
        if prebuild:
            threading.Thread(target=_prebuild, args=(state,), name="prebuild", daemon=True).start()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="communique",
        summary="A cross-checked, sourced briefing of a negotiation's news coverage.",
        version=_version(),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads its scripts from a CDN; this app works offline
        redoc_url=None,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    _install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(page_router)
    return app


def _prebuild(state: AppState) -> None:
    try:
        state.cache.refresh()
    except Exception as exc:  # the first request will build again and show the error
        state.cache.last_error = f"{type(exc).__name__}: {exc}"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("communique")
    except PackageNotFoundError:
        return "0"


def serve_command(*, db: str, host: str, port: int) -> None:
    """Read what the store holds unread, then serve it until interrupted."""
    import click
    import uvicorn

    from communique.cli.annotating import update_store

    shown_db = redacted(db)
    with open_store(db) as store:
        if store.count_documents() == 0:
            click.echo(f"{shown_db} holds no documents yet: add some from the app's Add page.")
        update_store(store)
    loopback = host in LOOPBACK_HOSTS
    app = create_app(db=db, allowed_hosts=LOOPBACK_HOSTS if loopback else ["*"])
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {shown_db} on http://{shown}:{port}/ (JSON API under /api/; Ctrl+C stops)")
    if not loopback:
        click.echo("warning: listening beyond this machine; the app has no login.", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
