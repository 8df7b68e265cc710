"""The pages people read: server-rendered HTML over the same views as the API, no script.

Every piece of article text reaches a template as a plain string and Jinja escapes it; the only
markup built in Python (the highlighted text, the timeline) escapes each piece it cuts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from communique.brief.model import BriefClaim, BriefEntity, BriefEvent, ClaimEvidence
from communique.web import query
from communique.web.adding import Upload
from communique.web.app import app_state, render
from communique.web.charts import NO_SIDE, Heatmap, heatmap, timeline_svg, type_colours
from communique.web.highlight import Span, document_spans, highlight
from communique.web.query import Filters
from communique.web.search import RANKED_UP_TO
from communique.web.snapshot import Snapshot

__all__ = ["router"]

PER_PAGE = 50
MAX_PAGE = 1_000_000
"""Past this a page number is refused (422); below it a page past the end is empty."""
MAX_EVIDENCE = 200
STATUSES = ("corroborated", "single_source", "disputed", "contradicted")
STANCES = ("demand", "offer", "accept", "reject", "threaten", "condition")

router = APIRouter(include_in_schema=False)


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"since: {value!r} is not a date of the form YYYY-MM-DD") from None


def page_filters(
    since: str | None = None, party: str | None = None, issue: str | None = None
) -> Filters:
    """Filters from a page's query string; an empty form field means no filter."""
    return Filters(since=_day(since), party=party or None, issue=issue or None)


def snapshot(request: Request) -> Snapshot:
    return app_state(request).snapshot()


Snap = Annotated[Snapshot, Depends(snapshot)]
Filtered = Annotated[Filters, Depends(page_filters)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]


def _offset(page: int) -> int:
    return (page - 1) * PER_PAGE


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim's evidence split into the two columns shown side by side, each cut to
    ``limit`` items (a claim told by thousands of wire copies stays one screen)."""

    claim: BriefClaim
    told: list[ClaimEvidence]
    told_total: int
    against: list[ClaimEvidence]
    against_total: int


def claim_view(claim: BriefClaim, *, limit: int) -> ClaimView:
    told = [e for e in claim.evidence if e.role == "mention"]
    against = [e for e in claim.evidence if e.role != "mention"]
    return ClaimView(claim, told[:limit], len(told), against[:limit], len(against))


def warm(snap: Snapshot) -> None:
    """Work out what the unfiltered pages and the filters' indexes need, before the snapshot
    goes into service: on a large store each is a pass over the whole briefing, too slow to
    make the first visitor of a page wait for."""
    _overview_counts(snap)
    _timeline_chart(snap, Filters(), query.events(snap, Filters()))
    _heatmap(snap, Filters())
    _events_by_id(snap)
    _claims_by_id(snap)
    _entity_types(snap)
    _entities_by_document(snap)
    query.position_index(snap)
    query.activity_index(snap)
    for kind in (query.documents, query.entities, query.claims):
        kind(snap, Filters())
    for status in STATUSES:
        query.claims(snap, Filters(status=status))


def _overview_counts(snap: Snapshot) -> dict[str, Counter[str]]:
    b = snap.briefing
    return snap.memo(
        "overview-counts",
        lambda: {
            "statuses": Counter(c.status for c in b.claims),
            "stances": Counter(p.stance for p in b.positions),
            "flags": Counter(f.split(":")[0] for d in b.documents for f in d.flags),
        },
    )


def _timeline_chart(snap: Snapshot, f: Filters, events: list[BriefEvent]) -> Markup:
    colours = snap.memo("type-colours", lambda: type_colours(snap.briefing.events))
    return snap.memo(("timeline-svg", f), lambda: timeline_svg(events, colours=colours))


def _heatmap(snap: Snapshot, f: Filters) -> Heatmap:
    return snap.memo(("heatmap", f), lambda: heatmap(query.positions(snap, f)))


def _events_by_id(snap: Snapshot) -> dict[str, BriefEvent]:
    return snap.memo("events-by-id", lambda: {e.id: e for e in snap.briefing.events})


def _entity_types(snap: Snapshot) -> Counter[str]:
    return snap.memo("entity-types", lambda: Counter(e.type for e in snap.briefing.entities))


def _claims_by_id(snap: Snapshot) -> dict[str, BriefClaim]:
    return snap.memo("claims-by-id", lambda: {c.id: c for c in snap.briefing.claims})


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, snap: Snap) -> HTMLResponse:
    with app_state(request).reading() as store:
        failures = store.failures()
    counts = _overview_counts(snap)
    return render(
        request,
        "overview.html",
        snapshot=snap,
        statuses=counts["statuses"],
        stances=counts["stances"],
        flags=counts["flags"],
        changes=snap.briefing.position_changes[:10],
        failures=failures,
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request, snap: Snap, f: Filtered, page: PageNo = 1, type: str | None = None
) -> HTMLResponse:
    f = dataclasses.replace(f, type=type or None)
    events = query.events(snap, f)
    colours = snap.memo("type-colours", lambda: type_colours(snap.briefing.events))
    chart = _timeline_chart(snap, f, events)
    return render(
        request,
        "timeline.html",
        snapshot=snap,
        filters=f,
        chart=chart,
        colours=colours,
        page=query.paginate(events, limit=PER_PAGE, offset=_offset(page)),
        undated=sum(1 for e in events if not e.date),
    )


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event(request: Request, snap: Snap, event_id: str) -> HTMLResponse:
    found = _events_by_id(snap)
    item = found.get(event_id)
    if item is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return render(request, "event.html", snapshot=snap, event=item)


@router.get("/positions", response_class=HTMLResponse)
def positions(request: Request, snap: Snap, f: Filtered) -> HTMLResponse:
    grid = _heatmap(snap, f)
    return render(
        request,
        "positions.html",
        snapshot=snap,
        filters=f,
        grid=grid,
        stances=STANCES,
        changes=query.position_changes(snap, f)[:PER_PAGE],
        no_side=NO_SIDE,
    )


@router.get("/positions/{issue}/{party:path}", response_class=HTMLResponse)
def position_cell(
    request: Request, snap: Snap, f: Filtered, issue: str, party: str
) -> HTMLResponse:
    side = None if party == NO_SIDE else party
    f = dataclasses.replace(f, party=None, issue=issue)
    held = [p for p in query.positions(snap, f) if p.party == side]
    if not held:
        raise HTTPException(404, f"no position of {side or 'an unknown side'} on {issue!r}")
    held.sort(key=lambda p: (p.date or "", p.document, p.evidence.start))
    return render(request, "cell.html", snapshot=snap, party=side, issue=issue, positions=held)


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request, snap: Snap, f: Filtered, page: PageNo = 1, type: str | None = None
) -> HTMLResponse:
    f = dataclasses.replace(f, type=type or None)
    found = query.entities(snap, f)
    types = _entity_types(snap)
    return render(
        request,
        "entities.html",
        snapshot=snap,
        filters=f,
        types=types,
        page=query.paginate(found, limit=PER_PAGE, offset=_offset(page)),
    )


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity(request: Request, snap: Snap, entity_id: str) -> HTMLResponse:
    item = snap.entities.get(entity_id)
    if item is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return render(
        request,
        "entity.html",
        snapshot=snap,
        entity=item,
        activity=query.entity_activity(snap, item),
        shown=PER_PAGE,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request, snap: Snap, f: Filtered, page: PageNo = 1, outlet: str | None = None
) -> HTMLResponse:
    f = dataclasses.replace(f, outlet=outlet or None)
    found = query.documents(snap, f)
    return render(
        request,
        "documents.html",
        snapshot=snap,
        filters=f,
        page=query.paginate(found, limit=PER_PAGE, offset=_offset(page)),
    )


def _entities_by_document(snap: Snapshot) -> dict[str, list[BriefEntity]]:
    def build() -> dict[str, list[BriefEntity]]:
        index: dict[str, list[BriefEntity]] = {}
        for e in snap.briefing.entities:
            for doc_id in e.documents:
                index.setdefault(doc_id, []).append(e)
        return index

    return snap.memo("entities-by-document", build)


def _focus(at: str | None, size: int) -> Span | None:
    """The passage a link points at, ``?at=START-END``; ignored when it is not one."""
    start, _, end = (at or "").partition("-")
    if not (start.isdigit() and end.isdigit()) or not int(start) < int(end) <= size:
        return None
    return Span(int(start), int(end), "focus", title="the passage the link points at")


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, snap: Snap, doc_id: str, at: str | None = None) -> HTMLResponse:
    with app_state(request).reading() as store:
        doc = store.get_document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        annotations = store.annotations(doc_id)
    claims = snap.claims_by_document.get(doc_id, [])
    spans = document_spans(doc_id, annotations, claims)
    layers = Counter(s.layer for s in spans)
    focus = _focus(at, len(doc.text))
    if focus is not None:
        spans.append(focus)
    by_doc = _entities_by_document(snap)
    return render(
        request,
        "document.html",
        snapshot=snap,
        doc=doc,
        body=highlight(doc.text, spans),
        layers=layers,
        claims=claims,
        entities=by_doc.get(doc_id, []),
        quotes=[a for a in annotations if a.layer == "quote"],
        brief=snap.documents.get(doc_id),
    )


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, snap: Snap, f: Filtered, page: PageNo = 1) -> HTMLResponse:
    found = query.quotes(snap, f)
    return render(
        request,
        "quotes.html",
        snapshot=snap,
        filters=f,
        page=query.paginate(found, limit=PER_PAGE, offset=_offset(page)),
    )


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request, snap: Snap, f: Filtered, page: PageNo = 1, status: str | None = None
) -> HTMLResponse:
    if status and status not in STATUSES:
        raise HTTPException(422, f"status: {status!r} is not one of {', '.join(STATUSES)}")
    f = dataclasses.replace(f, status=status or None)
    found = query.claims(snap, f)
    shown = query.paginate(found, limit=PER_PAGE, offset=_offset(page))
    return render(
        request,
        "claims.html",
        snapshot=snap,
        filters=f,
        statuses=STATUSES,
        counts=snap.memo("claim-counts", lambda: Counter(c.status for c in snap.briefing.claims)),
        page=shown,
        views=[claim_view(c, limit=3) for c in shown.items],
    )


@router.get("/claims/{claim_id:path}", response_class=HTMLResponse)
def claim(request: Request, snap: Snap, claim_id: str) -> HTMLResponse:
    found = _claims_by_id(snap)
    item = found.get(claim_id)
    if item is None:
        raise HTTPException(404, f"no claim with id {claim_id!r}")
    return render(request, "claim.html", snapshot=snap, view=claim_view(item, limit=MAX_EVIDENCE))


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, snap: Snap, f: Filtered) -> HTMLResponse:
    return render(request, "sources.html", snapshot=snap, filters=f, sources=query.sources(snap, f))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, snap: Snap, q: str = "", page: PageNo = 1) -> HTMLResponse:
    found = snap.search.search(q, limit=PER_PAGE, offset=_offset(page))
    page_of = query.Page(found.hits, found.total, PER_PAGE, _offset(page))
    return render(
        request,
        "search.html",
        snapshot=snap,
        q=q,
        found=found,
        page=page_of,
        snippets={h.document: _snippet(h.snippet) for h in found.hits},
        ranked_up_to=RANKED_UP_TO,
    )


def _snippet(text: str) -> Markup:
    """FTS5's snippet with its match markers as <mark>: the text is escaped first, then the
    markers (control characters the index strips from articles) become tags."""
    return Markup(
        str(escape(text)).replace("\x02", '<mark class="hit">').replace("\x03", "</mark>")
    )


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request) -> HTMLResponse:
    with app_state(request).reading() as store:
        failures = store.failures()
    return render(request, "add.html", result=None, failures=failures, limits=_add_limits(request))


def _add_limits(request: Request) -> dict[str, object]:
    """What the Add page tells its user about its bounds."""
    from communique.web.app import MAX_BODY

    options = app_state(request).adding
    return {
        "records": options.max_records,
        "megabytes": MAX_BODY // 1_000_000,
        "seconds": options.fetch_deadline,
        "private": options.allow_private_links,
    }


def _same_origin(request: Request) -> bool:
    """A form posted from another site's page may not make this app fetch or store anything."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


@router.post("/add", response_class=HTMLResponse)
def add(
    request: Request,
    files: Annotated[list[UploadFile] | None, File()] = None,
    links: Annotated[str, Form()] = "",
) -> HTMLResponse:
    if not _same_origin(request):
        raise HTTPException(403, "articles can only be added from this app's own page")
    uploads = [
        Upload(name=f.filename or "upload", data=f.file)  # copied in chunks, never read whole
        for f in files or []
        if f.filename  # a form's empty file input sends a part with no name
    ]
    if not uploads and not links.strip():
        raise HTTPException(422, "choose at least one file or paste at least one link")
    state = app_state(request)
    result = state.add(uploads=uploads, links=links)
    added = [state.snapshot().documents.get(doc_id) for doc_id in result.report.added]
    with state.reading() as store:
        failures = store.failures()
    return render(
        request,
        "add.html",
        result=result,
        added=added,
        failures=failures,
        snapshot=None,
        limits=_add_limits(request),
    )
