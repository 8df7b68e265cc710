"""The brief command's work: annotate what is new, build, filter and render the briefing."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from communique.analyse.embedders import DEFAULT_EMBEDDER
from communique.brief import briefing_json, json_schema
from communique.brief.filters import parse_day
from communique.brief.model import Briefing
from communique.models import Failure
from communique.store import open_store
from communique.store.base import Store

__all__ = ["keep_pass_failures", "render_brief"]


def render_brief(
    *,
    db: str,
    fmt: str,
    since: str | None = None,
    party: str | None = None,
    issue: str | None = None,
    schema: bool = False,
    codebook: Sequence[str] = (),
    replace_codebook: bool = False,
    retry_failed: bool = False,
    sides: str | None = None,
    embedder: str = DEFAULT_EMBEDDER,
    workers: int | None = None,
    scheduler: str | None = None,
) -> tuple[str, int]:
    """The briefing of the store at ``db`` as JSON, Markdown or one-file HTML text, and how
    many documents some stage failed on (left out of what that stage produced). The
    failures of the build's own passes are kept in the store for ``communique failures``.
    ``workers``/``scheduler`` run the annotation on Dask workers."""
    if schema:
        return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", 0
    start = parse_day(since, name="--since")
    from communique.analyse.embedders import make_embedder
    from communique.analyse.sides import load_sides
    from communique.annotate.codebook import load_codebook
    from communique.brief.cache import BuildStats, cached_briefing
    from communique.brief.filters import describe_filters, filter_briefing
    from communique.brief.html import render_html
    from communique.brief.markdown import render_markdown
    from communique.brief.serving import keep_for_serving
    from communique.cli.annotating import annotator_for, update_store
    from communique.parallel import executor_for

    user_sides = load_sides(Path(sides)) if sides else None
    with executor_for(workers=workers, scheduler=scheduler) as executor, open_store(db) as store:
        annotator = annotator_for(codebook=codebook, replace_codebook=replace_codebook)
        update_store(store, annotator=annotator, retry_failed=retry_failed, executor=executor)
        book = load_codebook([Path(p) for p in codebook], replace=replace_codebook)
        chosen = make_embedder(embedder)
        started = time.perf_counter()
        stats = BuildStats()
        briefing = cached_briefing(
            store=store,
            embedder=chosen,
            version=annotator.version,
            sides=user_sides,
            codebook=book,
            stats=stats,
        )
        # Kept as rows too, under the key of the store as the build found it, so `communique
        # serve` over this store shows it without a build.
        keep_for_serving(store, stats.key, briefing, seconds=time.perf_counter() - started)
        keep_pass_failures(store, briefing)
    failed = len(briefing.coverage.failed) + sum(1 for f in briefing.failures if not f.document)
    if start or party or issue:
        briefing = filter_briefing(briefing, since=start, party=party, issue=issue)
    if fmt == "json":
        return json.dumps(briefing_json(briefing), ensure_ascii=False, indent=2) + "\n", failed
    scope = describe_filters(since=start, party=party, issue=issue)
    render = render_html if fmt == "html" else render_markdown
    return render(briefing, scope=scope), failed


def keep_pass_failures(store: Store, briefing: Briefing) -> None:
    """Replace the failures of the build's own passes in the store by this build's."""
    from communique.brief.build import BRIEF_STAGES

    for stage in BRIEF_STAGES:
        store.clear_failures(stage=stage)
    for f in briefing.failures:
        if f.stage in BRIEF_STAGES:
            store.record_failure(
                Failure(f.source, f.reason, f.code, f.stage, f.document, f.start, f.end)
            )
    store.commit()
