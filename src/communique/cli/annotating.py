"""The annotate and entities commands' work."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from communique.analyse.run import annotate_store
from communique.analyse.sides import with_user_sides
from communique.annotate.codebook import load_codebook
from communique.annotate.isolation import ANNOTATE_STAGE, sentence_of, stage_of
from communique.annotate.pipeline import Annotator, TextAnnotations
from communique.brief.filters import parse_day
from communique.clean.pipeline import Cleaner
from communique.errors import AnalysisError, input_error
from communique.models import Failure, RawInput
from communique.parallel import Executor
from communique.read import read_targets
from communique.read.decode import decode_bytes
from communique.store.base import Store

__all__ = [
    "annotate_file",
    "annotator_for",
    "entity_dicts",
    "entity_table",
    "render_text",
    "update_store",
]


def annotate_file(path: str, *, published: str | None) -> list[TextAnnotations]:
    """Read, clean and annotate the article(s) in one file, as ingest would."""
    anchor = parse_day(published, name="--published")
    if path == "-":
        body = decode_bytes(sys.stdin.buffer.read(), source="<stdin>")
        raws: list[RawInput] = [RawInput(source="<stdin>", kind="text", body=body)]
    else:
        raws = []
        for item in read_targets([path]):
            if isinstance(item, Failure):
                raise input_error(item.source, item.reason, code=item.code)
            raws.append(item)
    cleaner = Cleaner.create()
    annotator = Annotator()
    results = []
    for raw in raws:
        document = cleaner.clean(raw)
        basis = "given" if anchor else document.published_basis
        try:
            read = annotator.annotate(
                document.text, published=anchor or document.published, basis=basis
            )
        except Exception as exc:
            raise analysis_error(document.source, exc) from exc
        results.append(read)
    return results


def analysis_error(source: str, exc: Exception) -> AnalysisError:
    """An unexpected error of the layer as one of ours: the stage, the sentence, the input."""
    if isinstance(exc, AnalysisError):
        return exc
    where = sentence_of(exc)
    return AnalysisError(
        "",
        f"{source}: {type(exc).__name__}: {exc}",
        stage=stage_of(exc),
        start=where[0] if where else None,
        end=where[1] if where else None,
    )


def _range(earliest: object, latest: object) -> str:
    if earliest is None and latest is None:
        return "unknown"
    return f"between {earliest or '…'} and {latest or '…'}"


def render_text(result: TextAnnotations) -> str:
    text = result.text
    when = result.published or _range(result.published_earliest, result.published_latest)
    lines = [f"published: {when} ({result.published_basis or '-'})"]
    lines.append(f"\nentities ({len(result.entities)}):")
    for m in result.entities:
        extra = ", ".join(x for x in (m.role, m.party_cue and f"side cue {m.party_cue}") if x)
        lines.append(
            f"  {m.start}-{m.end} {m.label:7} {m.text}" + (f"  [{extra}]" if extra else "")
        )
    lines.append(f"\ndates ({len(result.dates)}):")
    for t in result.dates:
        lines.append(f"  {t.start}-{t.end} {t.type:8} {text[t.start : t.end]!r} -> {t.value}")
    lines.append(f"\nquotes ({len(result.quotes)}):")
    for q in result.quotes:
        lines.append(f"  {q.start}-{q.end} {q.kind:8} {q.speaker or q.source or '?'} ({q.cue}):")
        lines.append(f"      {q.content[:160]}")
    return "\n".join(lines)


def annotator_for(*, codebook: Sequence[str] = (), replace_codebook: bool = False) -> Annotator:
    """The annotator with the built-in codebook, extended (or replaced) by ``codebook``
    files; spaCy loads only when a document needs it."""
    book = load_codebook([Path(p) for p in codebook], replace=replace_codebook)
    return Annotator(codebook=book)


def update_store(
    store: Store,
    *,
    codebook: Sequence[str] = (),
    replace_codebook: bool = False,
    retry_failed: bool = False,
    annotator: Annotator | None = None,
    executor: Executor | None = None,
) -> int:
    """Annotate what is new in the store, with a progress bar on a terminal (spaCy loads
    only if some document needs it). Another codebook than last time annotates again;
    ``retry_failed`` first clears the failures of documents the layer could not annotate,
    so they are tried again. ``executor`` runs the annotation (Dask workers); this process
    writes."""
    if annotator is None:
        annotator = annotator_for(codebook=codebook, replace_codebook=replace_codebook)
    if retry_failed:
        store.clear_failures(stage=ANNOTATE_STAGE)
        store.commit()
    with tqdm(unit="doc", desc="annotating", disable=None, leave=False) as bar:
        return annotate_store(
            store=store,
            annotator=annotator,
            on_document=lambda _id: bar.update(1),
            executor=executor,
        )


def entity_dicts(
    store: Store, *, sides: Mapping[str, Sequence[str]] | None = None
) -> list[dict[str, Any]]:
    """Every canonical entity as a plain dict; ``sides`` (side -> names) overrides parties."""
    rows = []
    stored = store.entities()
    if sides:
        from communique.brief.build import canonical_entity

        user = with_user_sides([canonical_entity(e) for e in stored], sides)
        side_of = {e.id: e.party for e in user}
        stored = [replace(e, party=side_of.get(e.id, e.party)) for e in stored]
    for e in stored:
        rows.append(
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "aliases": e.data.get("aliases", []),
                "roles": e.data.get("roles", []),
                "party": e.party,
                "party_evidence": e.data.get("party_evidence", []),
                "documents": sorted({doc for doc, _s, _e in e.mentions}),
                "mentions": [{"document": d, "start": s, "end": x} for d, s, x in e.mentions],
            }
        )
    return rows


def entity_table(rows: list[dict[str, Any]]) -> str:
    out = [f"{'name':28}  {'type':7}  {'party':16}  {'docs':>4}  roles / variants"]
    for row in rows:
        roles = sorted({r["role"] for r in row["roles"]}, key=str.lower)[:3]
        extra = "; ".join(roles + row["aliases"][:4])
        out.append(
            f"{row['name'][:28]:28}  {row['type']:7}  {(row['party'] or '-')[:16]:16}  "
            f"{len(row['documents']):>4}  {extra[:80]}"
        )
    return "\n".join(out)
