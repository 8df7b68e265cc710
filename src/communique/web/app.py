"""``communique serve``: the briefing as a local web app and a JSON API over one store.

:func:`create_app` builds the application (no globals: everything lives on the app), and
:func:`serve_command` runs it with uvicorn on loopback. Pages and API read the same briefing,
kept as indexed rows in the store (:mod:`communique.web.snapshot`, :mod:`communique.brief.rows`),
through the same views (:mod:`communique.web.query`).
One error handler answers JSON to ``/api/`` paths and a page to people.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException

from communique.analyse.embed import SentenceEmbedder
from communique.annotate.pipeline import Annotator
from communique.brief.sections import (
    cue_words,
    dating_line,
    document_date,
    format_period,
    is_according,
)
from communique.clean.pipeline import Cleaner
from communique.errors import CommuniqueError, SearchRefused, UsageError
from communique.models import Correction
from communique.read.common import web_url
from communique.read.net import HttpClient
from communique.store import Store, open_store, redacted
from communique.web.adding import MAX_RECORDS, AddResult, LinkTransport, Upload, add_articles
from communique.web.guard import Guard, GuardOptions, is_api_path
from communique.web.highlight import ENTITY_TYPES, type_words
from communique.web.query import HIDEABLE
from communique.web.snapshot import Snapshot, SnapshotCache

__all__ = [
    "ENTITY_TYPES",
    "LOOPBACK_HOSTS",
    "MAX_BODY",
    "AddOptions",
    "AppState",
    "app_state",
    "create_app",
    "public_source",
    "render",
    "serve_command",
    "type_words",
]

MAX_BODY = 50_000_000
"""Bytes one request may send (all uploads of one Add together); read as it streams in."""

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


@dataclass(frozen=True, slots=True)
class AddOptions:
    """What the Add page may do: ``fetch_deadline`` seconds for each link in all (headers,
    body and every redirect hop each within it), ``max_records`` records per request,
    ``allow_private_links`` to fetch from loopback and private addresses."""

    fetch_deadline: float = 20.0
    max_records: int = MAX_RECORDS
    allow_private_links: bool = False


class AppState:
    """What one running app holds: the store's reader, the briefing cache, the tools that
    adding articles needs (built on first use) and the lock that keeps writers one at a time."""

    def __init__(
        self,
        *,
        db: str,
        embedder: SentenceEmbedder,
        adding: AddOptions = AddOptions(),
        rebuild_wait: float = 30.0,
        on_build: Callable[[Snapshot], None] | None = None,
        sides: Mapping[str, Sequence[str]] | None = None,
        build_apart: bool = False,
    ) -> None:
        self.db = db
        self.adding = adding
        self.rebuild_wait = rebuild_wait
        self._reader = open_store(db)  # creates an empty store on first use
        self._read_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.cache = SnapshotCache(
            db=db, embedder=embedder, on_build=on_build, sides=sides, apart=build_apart
        )
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
        self.templates.filters["web_url"] = web_url  # only http(s) ever becomes a link
        self.templates.filters["public_source"] = public_source
        self.templates.globals["choices"] = _choices
        self.templates.globals["type_words"] = type_words
        self.templates.globals["HIDEABLE"] = HIDEABLE
        self.templates.globals["corrections_of"] = _corrections_of
        self.templates.globals["dating_line"] = dating_line
        self.templates.globals["document_date"] = document_date
        # A quote's cue as the reports word it (a headline's ":" reads as nothing).
        self.templates.globals["cue_words"] = cue_words
        self.templates.globals["is_according"] = is_according

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
            with open_store(self.db) as store, self._client() as client:
                result = add_articles(
                    store=store,
                    uploads=uploads,
                    links=links,
                    cleaner=self._cleaner,
                    annotator=self._annotator,
                    client=client,
                    max_records=self.adding.max_records,
                )
        self.cache.rebuild(wait=self.rebuild_wait)
        return result

    def correct(self, correction: Correction) -> int:
        """Keep the user's correction, then rebuild: the briefing applies every correction."""
        with self._write_lock, open_store(self.db) as store:
            new_id = store.add_correction(correction)
        self.cache.rebuild(wait=self.rebuild_wait)
        return new_id

    def uncorrect(self, correction_id: int) -> bool:
        """Remove one of the user's corrections, then rebuild; False when none had that id."""
        with self._write_lock, open_store(self.db) as store:
            removed = store.remove_correction(correction_id)
        if removed:
            self.cache.rebuild(wait=self.rebuild_wait)
        return removed

    def _client(self) -> HttpClient:
        """The shared client with the Add page's deadline as its timeout, over a transport
        that refuses private addresses and cuts each hop at that deadline."""
        options = self.adding
        transport = LinkTransport(
            deadline=options.fetch_deadline, allow_private=options.allow_private_links
        )
        return HttpClient(timeout=options.fetch_deadline, transport=transport)

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


def public_source(source: str) -> str:
    """What a reader is shown of where a document came from: a link as it is, a file by its
    name alone (a path on this machine, such as an upload's temporary folder, is not theirs
    to see). A record's ``#n`` stays."""
    if source.lower().startswith(("http://", "https://")):
        return source
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _corrections_of(snapshot: Snapshot | None, **target: str) -> list[Any]:
    from communique.web.corrections import corrections_of

    return corrections_of(snapshot, **target) if snapshot else []


def _choices(snapshot: Snapshot | None, name: str) -> list[str]:
    """The known values of a filter, for its pick-list."""
    from communique.web import query

    if snapshot is None:
        return []
    pick = {
        "party": query.known_parties,
        "issue": query.known_issues,
        "outlet": query.known_outlets,
        "event-type": query.event_types,
        "entity-type": query.entity_types,
    }[name]
    return pick(snapshot)


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
    if is_api_path(request.url.path):
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
        refused = isinstance(exc, SearchRefused)  # a parameter's value: as validation says
        status = 422 if refused else 400 if isinstance(exc, UsageError) else 500
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
    adding: AddOptions = AddOptions(),
    rebuild_wait: float = 30.0,
    prebuild: bool = True,
    sides: Mapping[str, Sequence[str]] | None = None,
    max_body: int = MAX_BODY,
    build_apart: bool = False,
) -> FastAPI:
    """The web app over the store at ``db``; the briefing builds in the background at start
    (``prebuild``) and again whenever the store changes, and is kept as rows in the store
    that pages and API query. ``adding`` bounds the Add page; ``rebuild_wait`` is how long
    adding waits for the new briefing; ``max_body`` is the most one request may send;
    ``build_apart`` builds each briefing in a process of its own, so the server's memory
    stays that of the pages it answers."""
    from communique.web.api import router as api_router
    from communique.web.corrections import router as corrections_router
    from communique.web.pages import router as page_router
    from communique.web.pages import warm

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState(
            db=db,
            embedder=embedder or SentenceEmbedder(),
            adding=adding,
            rebuild_wait=rebuild_wait,
            on_build=warm,
            sides=sides,
            build_apart=build_apart,
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
    app.add_middleware(
        Guard, options=GuardOptions(allowed_hosts=tuple(allowed_hosts), max_body=max_body)
    )
    _install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(corrections_router)
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


def serve_command(
    *,
    db: str,
    host: str,
    port: int,
    allow_private_links: bool = False,
    sides: Mapping[str, Sequence[str]] | None = None,
) -> None:
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
    app = create_app(
        db=db,
        allowed_hosts=LOOPBACK_HOSTS if loopback else ["*"],
        adding=AddOptions(allow_private_links=allow_private_links),
        sides=sides,
        build_apart=True,
    )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {shown_db} on http://{shown}:{port}/ (JSON API under /api/; Ctrl+C stops)")
    if not loopback:
        click.echo("warning: listening beyond this machine; the app has no login.", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
