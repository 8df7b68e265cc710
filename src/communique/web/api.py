"""The JSON API under ``/api/``: the briefing whole, and each of its lists paginated and
filtered as the report is. Lists answer ``{items, total, limit, offset}``; errors answer
``{status, message}``. OpenAPI describes it all at ``/openapi.json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel

from communique.brief import briefing_json
from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    Briefing,
    BriefPosition,
    BriefQuote,
    BriefSource,
    PositionChange,
)
from communique.brief.rows import RowList, json_parts, plain
from communique.models import iso_day
from communique.read.common import web_url
from communique.web import query
from communique.web.app import AppState, app_state, public_source
from communique.web.download import csv_download, csv_kind
from communique.web.query import Filters, Page
from communique.web.search import MAX_QUERY_CHARS
from communique.web.snapshot import Snapshot

__all__ = ["ApiError", "ApiPage", "DocumentDetail", "SearchPage", "SearchResult", "router"]

T = TypeVar("T")

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
"""Past this an offset is refused (422); below it an offset past the end gives no items."""
Status = Literal["corroborated", "single_source", "disputed", "contradicted"]
Hideable = Literal["ai_generated", "opinion", "stale", "duplicate"]


class ApiError(BaseModel):
    """Every error the API answers: the HTTP status again and what went wrong, in words."""

    status: int
    message: str


router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        404: {"model": ApiError, "description": "No such item."},
        422: {"model": ApiError, "description": "A parameter is not valid."},
    },
)


class ApiPage(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, ``total`` in the whole list."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclasses.dataclass(frozen=True, slots=True)
class AnnotationOut:
    layer: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any]


@dataclasses.dataclass(frozen=True, slots=True)
class RemovedOut:
    line: int
    text: str
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A stored document: its cleaned text, what cleaning removed, every annotation (offsets
    into ``text``) and the claims it takes part in."""

    id: str
    source: str
    title: str | None
    url: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_basis: str | None
    published_earliest: str | None
    published_latest: str | None
    language: str | None
    flags: list[str]
    text: str
    removed: list[RemovedOut]
    annotations: list[AnnotationOut]
    claims: list[str]


@dataclasses.dataclass(frozen=True, slots=True)
class SearchResult:
    document: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str


# -- dependencies --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


def filters(
    since: Annotated[
        dt.date | None, Query(description="Only what is dated on or after this day (YYYY-MM-DD).")
    ] = None,
    party: Annotated[str | None, Query(description="Only what this side holds or says.")] = None,
    issue: Annotated[str | None, Query(description="Only positions on this issue.")] = None,
    until: Annotated[
        dt.date | None, Query(description="Only what is dated on or before this day.")
    ] = None,
    hide: Annotated[
        list[Hideable] | None,
        Query(
            description="Leave out documents with this flag, their quotes and the claims"
            " only they tell (repeatable)."
        ),
    ] = None,
    undated: Annotated[
        bool, Query(description="Documents only: those without a publication date.")
    ] = False,
) -> Filters:
    return Filters(
        since=since,
        until=until,
        party=party or None,
        issue=issue or None,
        hide=tuple(sorted(set(hide or []))),
        undated=undated,
    )


def snapshot(request: Request) -> Snapshot:
    return app_state(request).snapshot()


Snap = Annotated[Snapshot, Depends(snapshot)]
Pages = Annotated[Paging, Depends(paging)]
Filtered = Annotated[Filters, Depends(filters)]
AsCsv = Annotated[str | None, Depends(csv_kind)]


def _page(snap: Snapshot, items: Sequence[Any], paging: Paging, csv: str | None = None) -> Response:
    """One page of ``items`` as JSON (only that page is read from the store), or with ``csv``
    (a table's kind) all of them as a CSV download. Items are encoded as they are, never
    validated again (a claim told by hundreds of wire copies carries hundreds of evidence
    items)."""
    if csv is not None:
        return csv_download(csv, items, snap.documents)
    if isinstance(items, RowList):  # the items' JSON as the store keeps it, never decoded
        parts = items.raw(paging.limit, paging.offset)
        page: Page[Any] = Page([], len(items), paging.limit, paging.offset)
    else:
        page = query.paginate(items, limit=paging.limit, offset=paging.offset)
        parts = [_encode(dataclasses.asdict(item)).decode() for item in page.items]
    tail = f'],"total":{page.total},"limit":{page.limit},"offset":{page.offset}}}'
    body = '{"items":[' + ",".join(parts) + tail
    return Response(body.encode(), media_type="application/json")


# -- routes --------------------------------------------------------------------------------


@router.get("/briefing", response_model=Briefing, summary="The whole briefing, filtered")
def get_briefing(snap: Snap, f: Filtered) -> Response:
    if f == Filters():  # straight from the store's rows, a section at a time
        return StreamingResponse(json_parts(snap.stored), media_type="application/json")
    body = _encode(briefing_json(plain(query.filtered_briefing(snap, f))))
    return Response(body, media_type="application/json")


def _encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@router.get("/documents", response_model=ApiPage[BriefDocument], summary="Documents, newest first")
def list_documents(
    snap: Snap,
    f: Filtered,
    p: Pages,
    csv: AsCsv,
    outlet: Annotated[str | None, Query(description="Only this outlet's documents.")] = None,
) -> Response:
    return _page(snap, query.documents(snap, dataclasses.replace(f, outlet=outlet or None)), p, csv)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="One document")
def get_document(
    request: Request,
    snap: Snap,
    doc_id: Annotated[str, Path(description="The document's id.")],
    layer: Annotated[str | None, Query(description="Only this annotation layer.")] = None,
) -> JSONResponse:
    state: AppState = app_state(request)
    with state.reading() as store:
        doc = store.get_document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        annotations = store.annotations(doc_id, layer=layer or None)
    detail = DocumentDetail(
        id=doc.id,
        source=public_source(doc.source),
        title=doc.title,
        url=web_url(doc.url),
        outlet=doc.outlet,
        author=doc.author,
        published=iso_day(doc.published),
        published_basis=doc.published_basis,
        published_earliest=iso_day(doc.published_earliest),
        published_latest=iso_day(doc.published_latest),
        language=doc.language,
        flags=list(doc.flags),
        text=doc.text,
        removed=[RemovedOut(r.line, r.text, r.reason) for r in doc.removed],
        annotations=[
            AnnotationOut(a.layer, a.start, a.end, a.text, dict(a.attrs)) for a in annotations
        ],
        claims=[c.id for c in snap.claims_of(doc_id)],
    )
    return JSONResponse(dataclasses.asdict(detail))


@router.get("/entities", response_model=ApiPage[BriefEntity], summary="Canonical entities")
def list_entities(
    snap: Snap,
    f: Filtered,
    p: Pages,
    csv: AsCsv,
    type: Annotated[str | None, Query(description="Only this entity type (PERSON, ORG …).")] = None,
) -> Response:
    kind = query.check_choice("type", type, query.entity_types(snap))
    return _page(snap, query.entities(snap, dataclasses.replace(f, type=kind)), p, csv)


@router.get("/entities/{entity_id:path}", response_model=BriefEntity, summary="One entity")
def get_entity(snap: Snap, entity_id: str) -> JSONResponse:
    entity = snap.entities.get(entity_id)
    if entity is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return JSONResponse(dataclasses.asdict(entity))


@router.get("/events", response_model=ApiPage[BriefEvent], summary="The timeline's events")
def list_events(
    snap: Snap,
    f: Filtered,
    p: Pages,
    csv: AsCsv,
    type: Annotated[str | None, Query(description="Only this event type.")] = None,
) -> Response:
    kind = query.check_choice("type", type, query.event_types(snap))
    return _page(snap, query.events(snap, dataclasses.replace(f, type=kind)), p, csv)


@router.get("/quotes", response_model=ApiPage[BriefQuote], summary="Who said what")
def list_quotes(snap: Snap, f: Filtered, p: Pages, csv: AsCsv) -> Response:
    return _page(snap, query.quotes(snap, f), p, csv)


@router.get("/positions", response_model=ApiPage[BriefPosition], summary="Stances by issue")
def list_positions(snap: Snap, f: Filtered, p: Pages, csv: AsCsv) -> Response:
    return _page(snap, query.positions(snap, f), p, csv)


@router.get(
    "/position-changes", response_model=ApiPage[PositionChange], summary="Where stances moved"
)
def list_position_changes(snap: Snap, f: Filtered, p: Pages, csv: AsCsv) -> Response:
    return _page(snap, query.position_changes(snap, f), p, csv)


@router.get("/claims", response_model=ApiPage[BriefClaim], summary="Checked claims")
def list_claims(
    snap: Snap,
    f: Filtered,
    p: Pages,
    csv: AsCsv,
    status: Annotated[Status | None, Query(description="Only claims with this status.")] = None,
) -> Response:
    return _page(snap, query.claims(snap, dataclasses.replace(f, status=status)), p, csv)


@router.get("/sources", response_model=ApiPage[BriefSource], summary="Outlets and their record")
def list_sources(
    snap: Snap,
    f: Filtered,
    p: Pages,
    csv: AsCsv,
    outlet: Annotated[str | None, Query(description="Only this outlet.")] = None,
) -> Response:
    return _page(snap, query.sources(snap, dataclasses.replace(f, outlet=outlet or None)), p, csv)


class SearchPage(ApiPage[SearchResult]):
    """A page of search results, the words searched (each once, at most twelve) and those
    left out; ``ranked`` is false when too many match to rank (most recently stored first)."""

    searched: list[str]
    ignored: list[str]
    ranked: bool


@router.get("/search", response_model=SearchPage, summary="Search titles and texts")
def search(
    snap: Snap,
    p: Pages,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="Words that must all occur (each searched once; at most twelve).",
        ),
    ],
) -> JSONResponse:
    found = snap.search.search(q, limit=p.limit, offset=p.offset)
    items = []
    for hit in found.hits:
        doc = snap.documents.get(hit.document)
        items.append(
            SearchResult(
                document=hit.document,
                title=hit.title,
                outlet=doc.outlet if doc else None,
                published=doc.published if doc else None,
                snippet=hit.snippet.replace("\x02", "").replace("\x03", ""),
            )
        )
    return JSONResponse(
        {
            "items": [dataclasses.asdict(i) for i in items],
            "total": found.total,
            "limit": p.limit,
            "offset": p.offset,
            "searched": list(found.query.terms),
            "ignored": list(found.query.ignored),
            "ranked": found.ranked,
        }
    )
