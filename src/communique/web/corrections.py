"""Corrections by the user, from plain HTML forms (no script runs in a page).

Each form posts a ``kind``, the item it names (``t_*`` fields) and the corrected value (``v_*``
fields) to ``/corrections``; the app checks the form came from its own page, keeps the
correction in the store's own layer (never editing what the tool derived), rebuilds the
briefing, which applies every correction (:mod:`communique.brief.corrections`), and sends the
reader back. ``/corrections`` lists them with an undo button each; ``/api/corrections`` and
``/corrections/export.json`` export them as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from communique.brief.corrections import NOT_A_POSITION, export_corrections
from communique.brief.model import BriefCorrection
from communique.models import CORRECTION_KINDS, Correction
from communique.web.app import app_state, render
from communique.web.snapshot import Snapshot

__all__ = ["STANCE_CHOICES", "router", "same_origin"]

STANCE_CHOICES = ("demand", "offer", "accept", "reject", "threaten", "condition", NOT_A_POSITION)
_STATUSES = ("corroborated", "single_source", "disputed", "contradicted")
_MAX_FIELD = 500

router = APIRouter(include_in_schema=False)


def same_origin(request: Request) -> bool:
    """A form posted from another site's page may not make this app store anything."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _fields(form: Mapping[str, object], prefix: str) -> dict[str, str]:
    out = {}
    for name, value in form.items():
        if name.startswith(prefix) and isinstance(value, str):
            out[name[len(prefix) :]] = value.strip()[:_MAX_FIELD]
    return out


def _back(value: object) -> str:
    """Where to send the reader afterwards: a path of this app only, never another site."""
    text = value if isinstance(value, str) else ""
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return "/corrections"
    return text


def correction_from_form(form: Mapping[str, object], snap: Snapshot) -> Correction:
    """The correction a form asks for, checked against the briefing; 422 when it names no
    known item or no valid value."""
    kind = str(form.get("kind", ""))
    if kind not in CORRECTION_KINDS:
        raise HTTPException(422, f"kind: {kind!r} is not one of {', '.join(CORRECTION_KINDS)}")
    target, value = _fields(form, "t_"), _fields(form, "v_")
    note = str(form.get("note", "")).strip()[:_MAX_FIELD]
    if kind in ("merge_entities", "split_entity", "rename_entity", "set_side"):
        _entity_correction(kind, target, value, snap)
    elif kind == "stance":
        _require(target, "document", "start", "end", "issue", "holder")
        if value.get("stance") not in STANCE_CHOICES:
            raise HTTPException(422, f"stance: choose one of {', '.join(STANCE_CHOICES)}")
        value["negated"] = "true" if value.get("negated") in ("true", "on") else "false"
    else:
        claim = snap.claims.get(target.get("claim"))
        if claim is None:
            raise HTTPException(422, f"claim: no claim with id {target.get('claim', '')!r}")
        if value.get("status") not in _STATUSES:
            raise HTTPException(422, f"status: choose one of {', '.join(_STATUSES)}")
        target = {"claim": claim.id, "text": claim.text}
    return Correction(kind, target, value, note)


def _require(fields: Mapping[str, str], *names: str) -> None:
    missing = [n for n in names if not fields.get(n)]
    if missing:
        raise HTTPException(422, f"{', '.join(missing)}: missing from the form")


def _entity_correction(
    kind: str, target: dict[str, str], value: dict[str, str], snap: Snapshot
) -> None:
    entity = snap.entities.get(target.get("entity", ""))
    if entity is None:
        raise HTTPException(422, f"entity: no entity with id {target.get('entity', '')!r}")
    target["name"] = entity.name
    if kind == "rename_entity" and not value.get("name"):
        raise HTTPException(422, "name: give the new name")
    if kind == "split_entity" and value.get("alias") not in entity.aliases:
        raise HTTPException(422, f"alias: {value.get('alias', '')!r} is not one of its spellings")
    if kind == "merge_entities":
        wanted = value.get("into", "")
        into = snap.entities.get(wanted) or snap.entity_named(wanted)
        if into is None or into.id == entity.id:
            raise HTTPException(422, f"into: {wanted!r} names no other entity")
        value["into"] = into.id
    if kind == "set_side":
        value["party"] = value.get("party", "")


@router.post("/corrections")
async def add_correction(request: Request) -> Response:
    if not same_origin(request):
        raise HTTPException(403, "corrections can only be made from this app's own pages")
    state = app_state(request)
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    correction = correction_from_form(fields, state.snapshot())
    await run_in_threadpool(state.correct, correction)
    return RedirectResponse(_back(fields.get("back")), status_code=303)


@router.post("/corrections/{correction_id}/delete")
async def remove_correction(request: Request, correction_id: int) -> Response:
    if not same_origin(request):
        raise HTTPException(403, "corrections can only be undone from this app's own pages")
    state = app_state(request)
    form = await request.form()
    if not await run_in_threadpool(state.uncorrect, correction_id):
        raise HTTPException(404, f"no correction with id {correction_id}")
    return RedirectResponse(_back(form.get("back")), status_code=303)


@router.get("/corrections", response_class=HTMLResponse)
def list_corrections(request: Request) -> HTMLResponse:
    state = app_state(request)
    snap = state.snapshot()
    with state.reading() as store:
        kept = store.corrections()
    shown = {c.id: c for c in snap.briefing.corrections}
    return render(
        request,
        "corrections.html",
        snapshot=snap,
        corrections=[(c, shown.get(c.id or 0)) for c in kept],
    )


def _exported(request: Request) -> list[dict[str, object]]:
    state = app_state(request)
    with state.reading() as store:
        return export_corrections(store.corrections())


@router.get("/api/corrections", include_in_schema=True, tags=["api"])
def api_corrections(request: Request) -> JSONResponse:
    """The user's corrections, oldest first, as ``communique corrections`` exports them."""
    return JSONResponse(_exported(request))


@router.get("/corrections/export.json")
def export(request: Request) -> JSONResponse:
    headers = {"Content-Disposition": 'attachment; filename="corrections.json"'}
    return JSONResponse(_exported(request), headers=headers)


def corrections_of(snap: Snapshot, **target: str) -> list[BriefCorrection]:
    """The briefing's corrections whose target holds every given field (or, for ``entity``,
    whose merge went into it)."""
    out = []
    for c in snap.briefing.corrections:
        if all(c.target.get(k) == v for k, v in target.items()) or (
            "entity" in target and c.value.get("into") == target["entity"]
        ):
            out.append(c)
    return out
