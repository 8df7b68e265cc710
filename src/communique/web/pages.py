"""The pages people read: server-rendered HTML over the same views as the API, no script.

Every piece of article text reaches a template as a plain string and Jinja escapes it; the only
markup built in Python (the highlighted text, the timeline) escapes each piece it cuts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from communique.brief.model import (
    BriefClaim,
    BriefDocument,
    BriefEntity,
    BriefEvent,
    BriefPosition,
)
from communique.brief.rows import RowList, plain
from communique.store.briefing_rows import Where
from communique.web import query
from communique.web.adding import Upload
from communique.web.app import app_state, render
from communique.web.charts import (
    NO_SIDE,
    Heatmap,
    heatmap,
    heatmap_grid,
    timeline_svg,
    type_colours,
)
from communique.web.claims_view import ClaimView, claim_view, shown_documents
from communique.web.corrections import STANCE_CHOICES, same_origin
from communique.web.highlight import Span, document_spans, highlight
from communique.web.query import Filters
from communique.web.search import RANKED_UP_TO
from communique.web.snapshot import Snapshot
from communique.web.sorting import sort_rows, sorting

__all__ = ["router"]

PER_PAGE = 50
MAX_PAGE = 1_000_000
"""Past this a page number is refused (422); below it a page past the end is empty."""
MAX_EVIDENCE = 200
STATUSES = ("corroborated", "single_source", "disputed", "contradicted")
STANCES = ("demand", "offer", "accept", "reject", "threaten", "condition")

router = APIRouter(include_in_schema=False)
T = TypeVar("T")


def _day(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(
            422, f"{name}: {value!r} is not a date of the form YYYY-MM-DD"
        ) from None


def page_filters(
    since: str | None = None,
    until: str | None = None,
    party: str | None = None,
    issue: str | None = None,
    hide: Annotated[list[str] | None, Query()] = None,
    undated: bool = False,
) -> Filters:
    """Filters from a page's query string; an empty form field means no filter."""
    hidden = tuple(query.check_choice("hide", h, query.HIDEABLE) or "" for h in hide or [] if h)
    return Filters(
        since=_day("since", since),
        until=_day("until", until),
        party=party or None,
        issue=issue or None,
        hide=tuple(sorted(set(hidden))),
        undated=undated,
    )


def _table_page(
    table: str, rows: Sequence[T], *, page: int, sort: str | None, order: str | None
) -> dict[str, Any]:
    """The ``page`` of a sortable table's ``rows`` and ``how`` they are sorted, as its
    template takes them."""
    how = sorting(table, sort, order)
    shown = query.paginate(sort_rows(table, rows, how), limit=PER_PAGE, offset=_offset(page))
    return {"page": shown, "how": how}


def snapshot(request: Request) -> Snapshot:
    return app_state(request).snapshot()


Snap = Annotated[Snapshot, Depends(snapshot)]
Filtered = Annotated[Filters, Depends(page_filters)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]


def _offset(page: int) -> int:
    return (page - 1) * PER_PAGE


def warm(snap: Snapshot) -> None:
    """Work out what the unfiltered pages need, before the snapshot goes into service: the
    overview's counts; the timeline chart and the heatmap are read from the row kept beside
    the briefing (worked out from every event and position only when it is missing)."""
    _overview_counts(snap)
    _timeline_chart(snap, Filters(), query.events(snap, Filters()))
    _heatmap(snap, Filters())
    query.entity_type_counts(snap)
    query.entity_choices(snap, BriefEntity("", "", "", [], [], None, [], []))
    for choices in (query.event_types, query.known_parties, query.known_issues):
        choices(snap)


def _overview_counts(snap: Snapshot) -> dict[str, Counter[str]]:
    def count() -> dict[str, Counter[str]]:
        kept = snap.counts()
        if kept is not None:
            return {
                "statuses": Counter(kept.statuses),
                "stances": Counter(kept.stances),
                "flags": Counter(kept.flags),
                "undated": Counter(undated=kept.undated),
            }
        stored = snap.stored
        tally = stored.tables.tally
        flagged = Where(
            "EXISTS (SELECT 1 FROM briefing_terms t WHERE t.key = r.key"
            " AND t.section = r.section AND t.ord = r.ord)"
        )
        flags = Counter(f.split(":")[0] for d in stored.rows("documents", flagged) for f in d.flags)
        return {
            "statuses": Counter(tally(stored.key, "claims", "kind")),
            "stances": Counter(tally(stored.key, "positions", "kind")),
            "flags": flags,
            "undated": Counter(undated=len(stored.rows("documents", Where("r.weight = 1")))),
        }

    return snap.memo("overview-counts", count)


def _timeline_chart(snap: Snapshot, f: Filters, events: Sequence[BriefEvent]) -> Markup:
    kept = snap.charts()
    if kept is not None and f.briefing_part() == Filters() and f.type is None:
        return Markup(kept.timeline)  # written by timeline_svg, which escapes each piece
    colours = _colours(snap)
    return snap.memo(("timeline-svg", f), lambda: timeline_svg(events, colours=colours))


def _colours(snap: Snapshot) -> dict[str, str]:
    kept = snap.charts()
    if kept is not None:
        return kept.colours
    return snap.memo("type-colours", lambda: type_colours(snap.briefing.events))


def _heatmap(snap: Snapshot, f: Filters) -> Heatmap:
    kept = snap.charts()
    if kept is not None and f.briefing_part() == Filters():
        return kept.heatmap()

    def chart() -> Heatmap:
        found = query.positions(snap, f)
        if not isinstance(found, RowList):
            return heatmap(found)
        return heatmap_grid(query.position_cells(found))

    return snap.memo(("heatmap", f), chart)


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
        undated=counts["undated"]["undated"],
        failures=failures,
    )


@router.get("/failures", response_class=HTMLResponse)
def failures_page(request: Request) -> HTMLResponse:
    with app_state(request).reading() as store:
        failures = store.failures()
    return render(request, "failures.html", failures=failures, limit=len(failures))


Sort = Annotated[str | None, Query(description="A column to sort the table by.")]
Order = Annotated[str | None, Query(description="asc or desc.")]


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request,
    snap: Snap,
    f: Filtered,
    page: PageNo = 1,
    type: str | None = None,
    sort: Sort = None,
    order: Order = None,
) -> HTMLResponse:
    f = dataclasses.replace(f, type=query.check_choice("type", type, query.event_types(snap)))
    events = query.events(snap, f)
    table = _table_page("events", events, page=page, sort=sort, order=order)
    colours = _colours(snap)
    chart = _timeline_chart(snap, f, events)
    return render(
        request,
        "timeline.html",
        snapshot=snap,
        filters=f,
        chart=chart,
        colours=colours,
        undated=_undated_events(events),
        **table,
    )


def _undated_events(events: Sequence[BriefEvent]) -> int:
    if isinstance(events, RowList):
        return len(events.narrowed(Where("r.sortkey IS NULL")))
    return sum(1 for e in events if not e.date)


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event(request: Request, snap: Snap, event_id: str) -> HTMLResponse:
    item = snap.events.get(event_id)
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
    request: Request, snap: Snap, f: Filtered, issue: str, party: str, page: PageNo = 1
) -> HTMLResponse:
    side = None if party == NO_SIDE else party
    f = dataclasses.replace(f, party=None, issue=issue)
    held, cell = snap.memo_large(("cell", f, side), lambda: _cell(snap, f, side))
    if not held:
        raise HTTPException(404, f"no position of {side or 'an unknown side'} on {issue!r}")
    fixes = [c for c in snap.briefing.corrections if c.kind == "stance" and c.applied]
    fixes = [c for c in fixes if c.target.get("issue") == held[0].issue]
    # A page of statements at a time: a side's cell runs to hundreds at 100,000 documents.
    shown = query.paginate(held, limit=PER_PAGE, offset=_offset(page))
    snap.documents.many(p.evidence.document for p in shown.items)  # the links, in one query
    return render(
        request,
        "cell.html",
        snapshot=snap,
        party=side,
        issue=issue,
        positions=shown.items,
        page=shown,
        cell=cell,
        stance_fixes=fixes,
        fixed_keys=[c.target for c in fixes],
        stance_choices=STANCE_CHOICES,
    )


def _cell(snap: Snapshot, f: Filters, side: str | None) -> tuple[list[BriefPosition], Any]:
    """A side's positions on one issue, oldest first and undated last, and the heatmap's
    reading of them: worked out once per cell, then each page is a slice."""
    found = query.positions(snap, f)
    if isinstance(found, RowList):  # the side's fold first, then its exact spelling
        where = Where("r.party IS NULL") if not side else Where("r.party = ?", (side.casefold(),))
        found = found.narrowed(where)
    held = [p for p in found if p.party == side]
    held.sort(key=lambda p: (p.date is None, p.date or "", p.document, p.evidence.start))
    cell = heatmap(held).cells.get((side, held[0].issue)) if held else None
    return held, cell


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request,
    snap: Snap,
    f: Filtered,
    page: PageNo = 1,
    type: str | None = None,
    sort: Sort = None,
    order: Order = None,
) -> HTMLResponse:
    f = dataclasses.replace(f, type=query.check_choice("type", type, query.entity_types(snap)))
    table = _table_page("entities", query.entities(snap, f), page=page, sort=sort, order=order)
    types = query.entity_type_counts(snap)
    return render(
        request,
        "entities.html",
        snapshot=snap,
        filters=f,
        types=types,
        **table,
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
        merge_into=query.entity_choices(snap, item),
        shown=PER_PAGE,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request,
    snap: Snap,
    f: Filtered,
    page: PageNo = 1,
    outlet: str | None = None,
    sort: Sort = None,
    order: Order = None,
) -> HTMLResponse:
    f = dataclasses.replace(f, outlet=outlet or None)
    table = _table_page("documents", query.documents(snap, f), page=page, sort=sort, order=order)
    undated = query.undated_documents(snap, f) if f.dated and not f.undated else []
    return render(
        request,
        "documents.html",
        snapshot=snap,
        filters=f,
        undated=len(undated),
        **table,
    )


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
    claims = snap.claims_of(doc_id)
    spans = document_spans(doc_id, annotations, claims)
    layers = Counter(s.layer for s in spans)
    focus = _focus(at, len(doc.text))
    if focus is not None:
        spans.append(focus)
    return render(
        request,
        "document.html",
        snapshot=snap,
        doc=doc,
        body=highlight(doc.text, spans),
        layers=layers,
        claims=claims,
        entities=snap.entities_of(doc_id),
        quotes=[a for a in annotations if a.layer == "quote"],
        brief=snap.documents.get(doc_id),
    )


@router.get("/quotes", response_class=HTMLResponse)
def quotes(
    request: Request,
    snap: Snap,
    f: Filtered,
    page: PageNo = 1,
    sort: Sort = None,
    order: Order = None,
) -> HTMLResponse:
    table = _table_page("quotes", query.quotes(snap, f), page=page, sort=sort, order=order)
    return render(request, "quotes.html", snapshot=snap, filters=f, **table)


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request, snap: Snap, f: Filtered, page: PageNo = 1, status: str | None = None
) -> HTMLResponse:
    f = dataclasses.replace(f, status=query.check_choice("status", status, STATUSES))
    found = query.claims(snap, f)
    if isinstance(found, RowList):  # each claim's view, worked out when the briefing was kept
        kept = found.beside("claim_views", ClaimView)
        views = kept[_offset(page) : _offset(page) + PER_PAGE]
        shown: query.Page[Any] = query.Page(
            [v.claim for v in views], len(found), PER_PAGE, _offset(page)
        )
        snap.documents.many(shown_documents(views))  # the links' titles, in one query
    else:
        shown = query.paginate(found, limit=PER_PAGE, offset=_offset(page))
        cited = _cited(snap, shown.items)
        views = [claim_view(c, documents=cited, limit=3) for c in shown.items]
    return render(
        request,
        "claims.html",
        snapshot=snap,
        filters=f,
        statuses=STATUSES,
        counts=_overview_counts(snap)["statuses"],
        page=shown,
        views=views,
    )


def _cited(snap: Snapshot, claims: Sequence[BriefClaim]) -> dict[str, BriefDocument]:
    """The documents some claims cite, read in a few queries."""
    return snap.documents.many(e.document for c in claims for e in c.evidence)


@router.get("/claims/{claim_id:path}", response_class=HTMLResponse)
def claim(request: Request, snap: Snap, claim_id: str) -> HTMLResponse:
    view = snap.claim_page(claim_id)
    if view is None:
        raise HTTPException(404, f"no claim with id {claim_id!r}")
    snap.documents.many(shown_documents([view]))  # the links' titles, in one query
    return render(request, "claim.html", snapshot=snap, view=view, statuses=STATUSES)


@router.get("/sources", response_class=HTMLResponse)
def sources(
    request: Request, snap: Snap, f: Filtered, sort: Sort = None, order: Order = None
) -> HTMLResponse:
    how = sorting("sources", sort, order)
    found = sort_rows("sources", query.sources(snap, f), how)
    return render(request, "sources.html", snapshot=snap, filters=f, sources=found, how=how)


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


@router.post("/add", response_class=HTMLResponse)
def add(
    request: Request,
    files: Annotated[list[UploadFile] | None, File()] = None,
    links: Annotated[str, Form()] = "",
) -> HTMLResponse:
    if not same_origin(request):
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


_DOWNLOADS = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


@router.get("/download/briefing.{fmt}")
def download(snap: Snap, f: Filtered, fmt: str) -> Response:
    """The report as ``communique brief`` writes it, under this page's filters, as a file."""
    if fmt not in _DOWNLOADS:
        raise HTTPException(404, f"no briefing as {fmt!r}: md, html or json")
    from communique.brief import briefing_json
    from communique.brief.filters import describe_filters
    from communique.brief.html import render_html
    from communique.brief.markdown import render_markdown

    b = plain(query.filtered_briefing(snap, f))
    if fmt == "json":
        body = json.dumps(briefing_json(b), ensure_ascii=False, indent=2) + "\n"
    else:
        scope = describe_filters(since=f.since, until=f.until, party=f.party, issue=f.issue)
        body = (render_html if fmt == "html" else render_markdown)(b, scope=scope)
    headers = {"Content-Disposition": f'attachment; filename="briefing.{fmt}"'}
    return Response(body.encode(), media_type=_DOWNLOADS[fmt], headers=headers)
