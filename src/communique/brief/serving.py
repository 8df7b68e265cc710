"""The briefing as the web app shows it, kept in the store's briefing tables under its cache key.

``communique brief`` and ``communique serve`` both end here: :func:`serving_key` is the digest
:func:`communique.brief.cache.briefing_key` gives for the store and the build's options (the
user's sides, the codebook, the embedder's model, the annotation version), and
:func:`keep_for_serving` writes the briefing's rows under it unless they are kept already. A
server started after a ``brief`` of the same store and options reads that briefing back without
building anything; a server restarted over an unchanged store does the same.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from communique.analyse.embedders import Embedder
from communique.annotate.codebook import Codebook, load_codebook
from communique.brief.cache import (
    BuildStats,
    cached_briefing,
    kept_briefing_key,
    store_briefing_key,
)
from communique.brief.model import Briefing
from communique.brief.rows import rows_current, write_briefing_rows
from communique.read.common import web_url
from communique.store.base import Store

__all__ = [
    "CLAIM_VIEWS",
    "build_for_serving",
    "claim_views",
    "for_readers",
    "keep_for_serving",
    "kept_for_serving",
    "page_views",
    "serving_key",
]


def serving_key(
    store: Store,
    *,
    embedder: Embedder,
    version: str,
    sides: Mapping[str, Sequence[str]] | None = None,
    codebook: Codebook | None = None,
) -> str:
    """The cache key of the store's briefing built with these options (the key
    :func:`~communique.brief.cache.cached_briefing` keeps it under): remembered for the
    store's generation when it was worked out before, else worked out from every document."""
    kept = kept_briefing_key(
        store, embedder=embedder, version=version, sides=sides, codebook=codebook
    )
    if kept is not None:
        return kept
    key, _ = store_briefing_key(
        store, embedder=embedder, version=version, sides=sides, codebook=codebook
    )
    return key


def for_readers(briefing: Briefing) -> Briefing:
    """The briefing as the app shows it: a document's source is a link or a file's name, never
    a path on this machine, and only an http(s) address is kept as its URL."""
    from communique.web.app import public_source

    documents = [
        replace(d, source=public_source(d.source), url=web_url(d.url)) for d in briefing.documents
    ]
    return replace(briefing, documents=documents)


def keep_for_serving(store: Store, key: str, briefing: Briefing, *, seconds: float) -> bool:
    """Write ``briefing``'s rows under ``key`` unless they are kept, with the views the app
    shows worked out once (claim views, each document's claims, the unfiltered pages'
    charts); True when written."""
    if rows_current(store, key):
        return False
    shown = for_readers(briefing)
    write_briefing_rows(store, key, shown, seconds=seconds, extra=page_views(shown))
    return True


def page_views(briefing: Briefing) -> dict[str, list[Any]]:
    """What the app shows worked out once, at build time, and written beside the briefing's
    rows: the claim views, each document's claims, the unfiltered pages' charts and their
    pick-lists and counts."""
    from communique.web.charts import page_charts
    from communique.web.page_counts import page_counts

    return {
        **claim_views(briefing),
        "charts": [page_charts(briefing.events, briefing.positions)],
        "page_counts": [page_counts(briefing)],
    }


CLAIM_VIEWS = {"claim_views": 3, "claim_pages": 200}
"""The sections of claim views written beside a briefing, each with the evidence it keeps:
the claims list shows 3 of each kind, a claim's own page 200. A third section,
``document_claims``, holds each document's claims with only that document's evidence."""


def claim_views(briefing: Briefing) -> dict[str, list[Any]]:
    """Each claim as the app shows it, worked out once: a claim told by thousands of wire
    copies carries thousands of evidence items, which a page would otherwise read and group
    again on every visit. The view keeps the claim without its evidence (the page shows the
    view's)."""
    from communique.web.claims_view import claim_view, document_claims

    documents = {d.id: d for d in briefing.documents}
    out: dict[str, list[Any]] = {}
    for section, limit in CLAIM_VIEWS.items():
        out[section] = [
            replace(view, claim=replace(view.claim, evidence=[]))
            for view in (claim_view(c, documents=documents, limit=limit) for c in briefing.claims)
        ]
    out["document_claims"] = document_claims(briefing.claims)
    return out


def _serving_options() -> tuple[Codebook, str]:
    """The codebook and annotation version ``serve`` reads the store with (the default
    annotator's)."""
    from communique.annotate.pipeline import Annotator

    codebook = load_codebook([], replace=False)
    return codebook, Annotator(codebook=codebook).version


def kept_for_serving(
    store: Store,
    *,
    embedder: Embedder,
    sides: Mapping[str, Sequence[str]] | None = None,
) -> str | None:
    """The key of the store's briefing when its rows are kept and current for the store as
    it is (its generation has not moved since the key was worked out), else None: a few
    indexed reads, so a restarted server serves kept rows without starting a build."""
    return _kept(store, embedder=embedder, sides=sides, options=_serving_options())


def _kept(
    store: Store,
    *,
    embedder: Embedder,
    sides: Mapping[str, Sequence[str]] | None,
    options: tuple[Codebook, str],
) -> str | None:
    codebook, version = options
    key = kept_briefing_key(
        store, embedder=embedder, version=version, sides=sides, codebook=codebook
    )
    return key if key is not None and rows_current(store, key) else None


def build_for_serving(
    store: Store,
    *,
    embedder: Embedder,
    sides: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The key of the store's briefing in its briefing tables, built (reusing what the store
    keeps: readings, vectors, a finished briefing) and written when it is not there yet.
    The annotation version and codebook are the default annotator's, as ``serve`` reads the
    store with it."""
    # Loaded once: the look-up for kept rows and the build on a miss read the same codebook.
    options = _serving_options()
    key = _kept(store, embedder=embedder, sides=sides, options=options)
    if key is None:
        codebook, version = options
        # The build works the key out (reading every document) once, and remembers it.
        started, stats = time.perf_counter(), BuildStats()
        briefing = cached_briefing(
            store=store,
            embedder=embedder,
            version=version,
            sides=sides,
            codebook=codebook,
            stats=stats,
        )
        key = stats.key
        keep_for_serving(store, key, briefing, seconds=time.perf_counter() - started)
    return key
